// Renders one page with pdf.js (Firefox's viewer) onto a Skia canvas
// (@napi-rs/canvas, which pdfjs-dist installs for node), as a PNG, for the tests:
//   node render-page.mjs FILE.pdf PAGE DPI OUT.png
// Exit status 2 on a usage error, 1 if pdf.js cannot open or draw the file.
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const [file, pageArg, dpiArg, out] = process.argv.slice(2);
const pageNumber = Number(pageArg), dpi = Number(dpiArg);
if (!file || !out || !(pageNumber >= 1) || !(dpi > 0)) {
  process.stderr.write('usage: node render-page.mjs FILE.pdf PAGE DPI OUT.png\n');
  process.exit(2);
}
try {
  const pdfjs = await import(join(here, 'node_modules/pdfjs-dist/legacy/build/pdf.mjs'));
  const { createCanvas } = await import(join(here, 'node_modules/@napi-rs/canvas/index.js'));
  const doc = await pdfjs.getDocument({
    data: new Uint8Array(await readFile(file)),
    standardFontDataUrl: join(here, 'node_modules/pdfjs-dist/standard_fonts/'),
    cMapUrl: join(here, 'node_modules/pdfjs-dist/cmaps/'),
    cMapPacked: true,
    verbosity: 0,
  }).promise;
  const page = await doc.getPage(pageNumber);
  const viewport = page.getViewport({ scale: dpi / 72 });
  const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
  const context = canvas.getContext('2d');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  await page.render({ canvasContext: context, viewport }).promise;
  await writeFile(out, await canvas.encode('png'));
  await doc.destroy();
} catch (e) {
  process.stderr.write(`pdf.js: ${file}: ${e && e.message ? e.message : e}\n`);
  process.exit(1);
}

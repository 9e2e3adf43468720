// Text extraction with the readers of the two big browsers, for the tests:
//   node extract-text.mjs pdfjs  FILE.pdf   pdf.js (Firefox's viewer): getTextContent()
//   node extract-text.mjs pdfium FILE.pdf   PDFium (Chrome, Edge): FPDFText_GetText
//   node extract-text.mjs READER A.pdf B.pdf...  writes A.pdf.READER, B.pdf.READER
// Prints each page's text followed by a form feed, as pdftotext does. pdf.js
// items are joined as its viewer's "copy" does: an item's text, then a newline
// where the item says hasEOL. Exit status 2 on a usage error, 1 if the reader
// cannot open the file.
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

async function pdfjsText(bytes) {
  const pdfjs = await import(join(here, 'node_modules/pdfjs-dist/legacy/build/pdf.mjs'));
  const doc = await pdfjs.getDocument({
    data: new Uint8Array(bytes),
    standardFontDataUrl: join(here, 'node_modules/pdfjs-dist/standard_fonts/'),
    cMapUrl: join(here, 'node_modules/pdfjs-dist/cmaps/'),
    cMapPacked: true,
    verbosity: 0,
  }).promise;
  let out = '';
  for (let p = 1; p <= doc.numPages; p++) {
    const page = await doc.getPage(p);
    const content = await page.getTextContent();
    for (const item of content.items) {
      out += item.str;
      if (item.hasEOL) out += '\n';
    }
    out += '\n\f';
  }
  await doc.destroy();
  return out;
}

async function pdfiumText(bytes) {
  const { PDFiumLibrary } = await import(join(here, 'node_modules/@hyzyla/pdfium/dist/index.cjs'));
  const library = await PDFiumLibrary.init();
  const doc = await library.loadDocument(bytes);
  let out = '';
  for (const page of doc.pages()) out += page.getText() + '\n\f';
  doc.destroy();
  library.destroy();
  return out;
}

// With several files, each one's text goes to FILE.READER (FILE.pdf.pdfjs)
// instead: one node start for many files.
const [reader, ...files] = process.argv.slice(2);
const readers = { pdfjs: pdfjsText, pdfium: pdfiumText };
if (!readers[reader] || !files.length) {
  process.stderr.write('usage: node extract-text.mjs pdfjs|pdfium FILE.pdf...\n');
  process.exit(2);
}
let status = 0;
for (const file of files) {
  try {
    const text = await readers[reader](await readFile(file));
    if (files.length === 1) process.stdout.write(text);
    else await writeFile(`${file}.${reader}`, text);
  } catch (e) {
    process.stderr.write(`${reader}: ${file}: ${e && e.message ? e.message : e}\n`);
    status = 1;
  }
}
process.exit(status);

// node check-words.mjs RECORD.json TRUTH.txt READER.txt
// The record's words as printed: the whitespace-separated pieces of
// TRUTH.txt (poppler's text: it honours /ActualText, so it is the text
// printed, a piece never spans two lines of a table cell) that come from the
// record (are in its JSON's string values, whitespace removed). Each must be
// in READER.txt, whitespace removed. Also
// checked: no decomposed sara am (nikhahit + sara aa), no space before a Thai
// mark (a space inside a cluster, hence inside a word), and no word read
// with a space or line break inside it (each run of Thai letters of a word
// is in the reader's text as it is). Prints one line per
// problem (at most 10 words) and a summary; exit 1 if any.
import { readFileSync } from 'node:fs';

const [recordFile, truthFile, readerFile] = process.argv.slice(2);
const strings = [];
(function walk(v) {
  if (typeof v === 'string') strings.push(v);
  else if (Array.isArray(v)) v.forEach(walk);
  else if (v && typeof v === 'object') Object.values(v).forEach(walk);
})(JSON.parse(readFileSync(recordFile, 'utf8')));
// PDFium joins a line ending in '-' to the next as a hyphenated word (and
// drops the '-'): hyphens are left out of the comparison.
const squash = (s) => s.replace(/[\s\-\uFFFE]+/gu, '');
const record = squash(strings.join(' ').replace(/<[^>]*>/g, ' '));
const raw = readFileSync(readerFile, 'utf8');
const reader = squash(raw);
const words = new Map();   // squashed -> as printed
for (const w of readFileSync(truthFile, 'utf8').split(/\s+/u))
  if (w && /[\u0E01-\u0E5B]/u.test(w) && record.includes(squash(w))) words.set(squash(w), w);
// A word found only with whitespace removed was read with a space (or a
// line break) inside it: the reader's text is compared with whitespace
// runs made one space, Thai words with their Thai letters only.
const flat = raw.replace(/[\s\uFFFE]+/gu, ' ');
let missing = 0, split = 0;
for (const [w, printed] of words) {
  if (!reader.includes(w)) {
    if (missing < 10) console.log(`missing: ${w}`);
    missing++;
  } else {
    for (const piece of printed.match(/[\u0E01-\u0E4E]{2,}/gu) || []) {
      if (!flat.includes(piece)) {
        if (split < 10) console.log(`space inside a word: ${piece}`);
        split++;
        break;
      }
    }
  }
}
const decomposed = (raw.match(/\u0E4D\u0E32/gu) || []).length;
const spaced = (raw.match(/[ \t][\u0E31\u0E34-\u0E3A\u0E47-\u0E4E]/gu) || []).length;
if (decomposed) console.log(`sara am decomposed (U+0E4D U+0E32) ${decomposed} times`);
if (spaced) console.log(`a space before a Thai mark ${spaced} times`);
console.log(`${words.size - missing}/${words.size} words found`);
if (split) console.log(`${split} words read with a space inside`);
process.exit(missing || split || decomposed || spaced ? 1 : 0);

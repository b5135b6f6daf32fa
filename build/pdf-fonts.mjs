// Writes the fonts the printed reports embed (db/fonts/*.ttf) from the Noto Sans TrueType files
// of the npm package @expo-google-fonts/noto-sans, cut down to the scripts a clinic's names and
// notes are written in. `node build/pdf-fonts.mjs` after upgrading either package; the files are
// committed so that nothing is generated at install time. Why a cut-down font: jsPDF parses the
// whole TrueType file for every document and copies its tables into each PDF's own subset, so a
// font of ~1,100 glyphs instead of 4,500 keeps a superbill quick (docs/pdf-fonts.md).
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import subsetFont from 'subset-font';

/** Code point ranges kept: every Latin script (Polish, Czech, Vietnamese, Romanian, Turkish…), Greek, Cyrillic, and the punctuation and signs of clinical text. */
const RANGES = [
  [0x0020, 0x007e], // Basic Latin
  [0x00a0, 0x024f], // Latin-1, Latin Extended-A and -B
  [0x02b9, 0x02dd], // modifier letters: ʻokina, ˆ ˜ ˚
  [0x0300, 0x036f], // combining marks, for text that cannot be composed
  [0x0370, 0x03ff], // Greek
  [0x0400, 0x04ff], // Cyrillic
  [0x1e00, 0x1eff], // Latin Extended Additional: Vietnamese
  [0x2010, 0x205e], // general punctuation: dashes, quotes, ellipsis, prime
  [0x20a0, 0x20bf], // currency
  [0x2100, 0x215f], // letterlike and number forms: ™ № ℃ ½
  [0x2190, 0x2199], // arrows, where the font has them
  [0x2212, 0x2215], // minus, division slash
];

const STYLES = {
  'NotoSans-Regular.ttf': '400Regular/NotoSans_400Regular.ttf',
  'NotoSans-Bold.ttf': '700Bold/NotoSans_700Bold.ttf',
  'NotoSans-Italic.ttf': '400Regular_Italic/NotoSans_400Regular_Italic.ttf',
  'NotoSans-BoldItalic.ttf': '700Bold_Italic/NotoSans_700Bold_Italic.ttf',
};

const require = createRequire(import.meta.url);
const source = dirname(require.resolve('@expo-google-fonts/noto-sans/package.json'));
const target = join(dirname(new URL(import.meta.url).pathname), '..', 'db', 'fonts');

let text = '';
for (const [from, to] of RANGES) for (let cp = from; cp <= to; cp++) text += String.fromCodePoint(cp);

for (const [out, file] of Object.entries(STYLES)) {
  const bytes = readFileSync(join(source, file));
  // No layout closure: jsPDF draws one glyph per character and never uses the alternates and
  // ligatures the closure would pull in.
  const cut = await subsetFont(bytes, text, { targetFormat: 'truetype', noLayoutClosure: true });
  writeFileSync(join(target, out), cut);
  console.log(`${out}: ${bytes.length} -> ${cut.length} bytes`);
}
copyFileSync(join(source, 'LICENSE_FONT'), join(target, 'OFL.txt'));

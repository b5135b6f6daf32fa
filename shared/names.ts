/**
 * Names as the patient search compares them: lower case, accents off, and the letters that carry
 * no accent to take off written as their plain Latin reading, so a front desk typing on an American
 * keyboard finds "Łukasz Żółć" as "lukasz zolc" and "Nguyễn Thị Ánh" as "nguyen thi anh".
 */
const PLAIN: Record<string, string> = {
  ł: 'l',
  đ: 'd',
  ð: 'd',
  ø: 'o',
  æ: 'ae',
  œ: 'oe',
  ß: 'ss',
  ı: 'i',
  þ: 'th',
  ħ: 'h',
  ŀ: 'l',
};

export function foldName(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[łđðøæœßıþħŀ]/g, (c) => PLAIN[c]!);
}

const WORDS = /[\s,-]+/;

/**
 * The words a patient is found by: each word of the names, folded (hyphens split words). A word with
 * an apostrophe or period is also kept whole without it and in its pieces: "O'Brien" is found by
 * "obrien", "o'brien" and "brien".
 */
export function nameParts(firstName: string, lastName: string): string[] {
  const parts = new Set<string>();
  for (const word of foldName(`${firstName} ${lastName}`).split(WORDS)) {
    if (!word) continue;
    parts.add(word);
    const joined = word.replace(/[^\p{L}\p{N}]+/gu, '');
    if (joined) parts.add(joined);
    for (const piece of word.split(/[^\p{L}\p{N}]+/u)) if (piece) parts.add(piece);
  }
  return [...parts];
}

/** The words typed in the search box, folded as the names are; at most five are used. */
export function searchWords(text: string): string[] {
  return foldName(text).split(WORDS).filter(Boolean).slice(0, 5);
}

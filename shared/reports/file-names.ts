/**
 * A file name from text a person typed (a patient's name in an export's name). Every letter stays
 * as typed — "Nguyễn Thị Ánh" is not "Nguyn Th nh" — and only what a file system refuses is
 * replaced: the characters Windows reserves (< > : " / \ | ? *), control characters, and trailing
 * dots and spaces. Long names are cut at a character, under the 255 bytes most file systems allow.
 */
// eslint-disable-next-line no-control-regex -- control characters are what this removes
const REFUSED = /[<>:"/\\|?*\u0000-\u001f\u007f]+/gu;
const MAX_BYTES = 200;

export function fileNameOf(text: string): string {
  let name = text.normalize('NFC').replace(/\s+/gu, ' ').replace(REFUSED, '-').trim();
  const encoder = new TextEncoder();
  if (encoder.encode(name).length > MAX_BYTES) {
    let cut = '';
    for (const ch of name) {
      if (encoder.encode(cut + ch).length > MAX_BYTES) break;
      cut += ch;
    }
    name = cut;
  }
  return name.replace(/[. ]+$/u, '') || 'untitled';
}

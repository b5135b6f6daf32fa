import { CONTENT_LEFT, CONTENT_WIDTH, COLOR, createCursor, createDoc, drawText, gap, paragraph, pdfBytes, rule, SIZE } from './pdf-kit';

/**
 * The one-page recovery sheet (docs/encryption.md): the data file's recovery key, printed large in
 * its 14 groups, with what it opens and how to keep it. It carries no patient and no clinic data,
 * so the paper tells a finder nothing about the practice but that the key exists.
 */
export interface RecoverySheet {
  recoveryKey: string;
  /** Where the file was when the sheet was made, to tell sheets apart (a path, no clinical text). */
  dataFile: string;
  madeOn: string;
}

export function recoverySheetPdf(sheet: RecoverySheet): Uint8Array {
  const doc = createDoc({ title: 'Needlebook recovery sheet', subject: 'Recovery key of an encrypted data file' });
  const cur = createCursor(doc);
  cur.y += drawText(doc, 'Needlebook recovery sheet', CONTENT_LEFT, cur.y, { size: SIZE.title, bold: true });
  gap(cur, 6);
  paragraph(
    cur,
    'Your records are encrypted. This recovery key opens the data file and every backup of it if the passphrase is forgotten or the computer’s keychain is lost. Anyone holding it and a copy of the file can read every record: keep this sheet locked away, never beside the computer or its backups.',
    { size: SIZE.body },
  );
  gap(cur, 18);
  const groups = sheet.recoveryKey.split('-');
  const perRow = 5;
  const cell = CONTENT_WIDTH / perRow;
  rule(doc, CONTENT_LEFT, CONTENT_LEFT + CONTENT_WIDTH, cur.y - 6, COLOR.text, 1);
  for (let row = 0; row * perRow < groups.length; row++) {
    const top = cur.y;
    groups.slice(row * perRow, row * perRow + perRow).forEach((g, i) => {
      const n = row * perRow + i + 1;
      drawText(doc, String(n), CONTENT_LEFT + i * cell, top, { size: SIZE.tiny, color: COLOR.muted });
      drawText(doc, g, CONTENT_LEFT + i * cell + 12, top, { size: 20, bold: true });
    });
    cur.y += 34;
  }
  rule(doc, CONTENT_LEFT, CONTENT_LEFT + CONTENT_WIDTH, cur.y, COLOR.text, 1);
  gap(cur, 20);
  paragraph(cur, 'To use it', { size: SIZE.heading, bold: true });
  for (const line of [
    'In the app: on “Unlock your records”, type the 14 groups (dashes, spaces and case do not matter; O is read as 0, I and L as 1).',
    'On the command line: NEEDLEBOOK_KEY="<the groups>" needlebook check --db FILE (or leave NEEDLEBOOK_KEY unset and type it when asked).',
    'The last group carries a check: a mistyped group is said before the file is tried.',
    'Changing the passphrase (needlebook rekey) does not change this key: the sheet keeps opening the file and every backup.',
  ])
    paragraph(cur, `•  ${line}`, { size: SIZE.body }, { indent: 6 });
  gap(cur, 16);
  paragraph(cur, `Data file: ${sheet.dataFile}`, { size: SIZE.small, color: COLOR.muted });
  paragraph(cur, `Printed: ${sheet.madeOn}`, { size: SIZE.small, color: COLOR.muted });
  return pdfBytes(doc);
}

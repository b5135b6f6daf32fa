import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openHost, type Host } from '../../db/host';
import type { Visit } from '../../shared/visit';
import { valueOf } from '../support/db';

/**
 * Words taken out of a draft are found in no file (issue 31, point 4): `secure_delete` zeroes what
 * is deleted or overwritten, the note search index drops the words themselves (FTS5 secure-delete,
 * migration 26), a backup is rewritten from its rows (VACUUM on the copy) and the WAL is emptied
 * once a backup is made. Every byte of the data file, its WAL and the backup is searched, in
 * UTF-8 and UTF-16 (SQLite stores text in the file's encoding).
 */
const WORD = 'Quillfeatherwort';

const call = async <T>(host: Host, channel: string, input: unknown): Promise<T> => valueOf(await host.handle(channel, input)) as T;

/** Every file in the data file's folder and its backups holding `word`, by name. */
function filesHolding(folder: string, word: string): string[] {
  const needles = [Buffer.from(word, 'utf8'), Buffer.from(word, 'utf16le'), Buffer.from(word.toLowerCase(), 'utf8')];
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (needles.some((n) => readFileSync(path).includes(n))) found.push(path.slice(folder.length + 1));
    }
  };
  walk(folder);
  return found;
}

describe('no residue of overwritten or deleted text (sqlite)', () => {
  it('a word charted in a draft, then overwritten, is in no byte of the data file, its WAL or a backup', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'needlebook-residue-'));
    const file = join(folder, 'clinic.db');
    const host = await openHost(file, { actor: 'test', log: () => {} });
    try {
      const mara = await call<{ id: number }>(host, 'saveProvider', { name: 'Mara Quinn', credentials: 'L.Ac.', npi: '1234567893' });
      const ana = await call<{ id: number }>(host, 'savePatient', { firstName: 'Ana', lastName: 'Reyes', dateOfBirth: '1990-04-02', sex: 'female' });
      const c = await call<{ id: number }>(host, 'saveCase', {
        patientId: ana.id,
        conditionText: 'IT band syndrome',
        side: 'right',
        onsetDate: '2026-02-16',
        startDate: '2026-03-02',
      });
      const draft = await call<Visit>(host, 'createVisit', { caseId: c.id, providerId: mara.id, startedAt: '2026-03-02T10:00' });
      const save = (subjective: string, plan: string) =>
        call<Visit>(host, 'saveVisit', { id: draft.id, providerId: mara.id, startedAt: '2026-03-02T10:00', subjective, plan });
      // Typed (the safety copy), saved, searched for, then overwritten and the copy cleared.
      await call(host, 'keepUnsaved', { key: `visit.${draft.id}`, values: JSON.stringify({ subjective: `Tried ${WORD} tea` }) });
      await save(`Tried ${WORD} tea for sleep`, `Stop the ${WORD}`);
      expect(filesHolding(folder, WORD).length).toBeGreaterThan(0); // the search below is able to find it
      await save('Sleeping better', 'Continue');
      await call(host, 'clearUnsaved', { key: `visit.${draft.id}` });
      await host.backupNow();
      expect(existsSync(join(folder, 'backups'))).toBe(true);
      expect(filesHolding(folder, WORD)).toEqual([]);
      expect(filesHolding(folder, 'Sleeping better').length).toBeGreaterThan(0);
    } finally {
      await host.close();
    }
    expect(filesHolding(folder, WORD)).toEqual([]);
  });
});

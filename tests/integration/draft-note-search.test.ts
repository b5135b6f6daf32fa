import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { NoteHit } from '../../shared/timeline';
import { chartVisit, draftAssessment, ITBS_TREATMENT, itbsClinic, type ItbsClinic } from '../support/charting';
import { TEST_ENGINE, valueOf } from '../support/db';

/**
 * A draft's search entries (issue 38, migration 32): on SQLite they live in note_draft_search, so an
 * autosave never rewrites the big note index; signing moves them into note_search; deleting a
 * draft takes them away. Search finds the same notes as before on both engines, whichever index
 * holds them. On PostgreSQL there is one table and the same searches must give the same hits.
 */
const sqlite = TEST_ENGINE === 'sqlite';

const search = async (t: ItbsClinic, query: string, order: 'newest' | 'best' = 'newest') =>
  (valueOf(await t.call('searchNotes', { query, order })) as NoteHit[]).map((h) => `${h.recordKind} ${h.recordId} ${h.source}`);

/** Which index holds each rowid (SQLite): 'draft', 'signed', or nothing. */
async function where(t: ItbsClinic, rowids: number[]): Promise<string[]> {
  return Promise.all(
    rowids.map(async (r) => {
      const signed = await t.db.get('SELECT 1 AS one FROM note_search WHERE rowid = ?', [r]);
      const draft = await t.db.get('SELECT 1 AS one FROM note_draft_search WHERE rowid = ?', [r]);
      return `${signed ? 'signed' : ''}${draft ? 'draft' : ''}` || 'none';
    }),
  );
}

/** The whole note index as FTS5 stores it (SQLite): its pages and its rows. Unchanged means nothing was rewritten. */
async function noteIndex(t: ItbsClinic): Promise<string> {
  const h = createHash('sha256');
  for (const table of ['note_search_data', 'note_search_idx', 'note_search_content', 'note_search_docsize'])
    h.update(
      JSON.stringify(await t.db.all(`SELECT * FROM ${table} ORDER BY 1`), (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v)),
    );
  return h.digest('hex');
}

/** Each kind of record, written as a draft with `words`, saved again with `edited`, signed and deleted through the service. */
const KINDS = [
  {
    kind: 'visit',
    offsets: [0, 3], // the note and the treatment entry (acupoints: ST36 zusanli)
    async draft(t: ItbsClinic, words: string) {
      return (await chartVisit(t, '2026-03-02T10:00', { subjective: words })).id;
    },
    // As the form autosaves: the same treatment, so only the text changes.
    async save(t: ItbsClinic, id: number, words: string) {
      const visit = { id, providerId: t.mara.id, startedAt: '2026-03-02T10:00', faceMinutes: 30, painBefore: 6, painAfter: 3, ...ITBS_TREATMENT };
      valueOf(await t.call('saveVisit', { ...visit, subjective: words }));
    },
    sign: (t: ItbsClinic, id: number) => t.call('signVisit', { id, providerId: t.mara.id }),
    remove: (t: ItbsClinic, id: number) => t.call('deleteVisit', { id }),
  },
  {
    kind: 'assessment',
    offsets: [1],
    async draft(t: ItbsClinic, words: string) {
      return (await draftAssessment(t, { chiefComplaint: words })).id;
    },
    async save(t: ItbsClinic, id: number, words: string) {
      await draftAssessment(t, { id, chiefComplaint: words });
    },
    sign: (t: ItbsClinic, id: number) => t.call('signAssessment', { id, providerId: t.mara.id }),
    remove: (t: ItbsClinic, id: number) => t.call('deleteAssessment', { id }),
  },
] as const;

describe(`a draft's search entries (${TEST_ENGINE})`, () => {
  it.each(KINDS)('$kind: found while a draft and once signed, its entries moved into the note index by the signing', async (k) => {
    const t = await itbsClinic();
    const id = await k.draft(t, 'Plantar fascia tight after hill repeats');
    const rowids = k.offsets.map((o) => id * 4 + o);
    // Whole words and short prefixes (the drafts' index has no prefix index of its own: FTS5 merges the words' lists).
    for (const order of ['newest', 'best'] as const)
      for (const query of ['plantar fasc', 'pl fa', 'hills'])
        expect({ query, order, hits: await search(t, query, order) }).toEqual({ query, order, hits: [`${k.kind} ${id} note`] });
    if (sqlite) expect(await where(t, rowids)).toEqual(rowids.map(() => 'draft'));

    valueOf(await k.sign(t, id));
    for (const order of ['newest', 'best'] as const) expect(await search(t, 'plantar fasc', order)).toEqual([`${k.kind} ${id} note`]);
    const hit = (valueOf(await t.call('searchNotes', { query: 'hill', order: 'best' })) as NoteHit[])[0]!;
    expect(hit.snippet).toContain('\u0002hill\u0003');
    if (k.kind === 'visit') expect(await search(t, 'zusanli')).toEqual([`visit ${id} treatment`]);
    if (sqlite) {
      expect(await where(t, rowids)).toEqual(rowids.map(() => 'signed'));
      expect(await t.db.all('SELECT rowid FROM note_draft_search')).toEqual([]);
    }
  });

  it.each(KINDS)('$kind: an autosave that changes the text rewrites the drafts’ index only, never the note index', async (k) => {
    const t = await itbsClinic();
    // Something signed in the note index, so "untouched" has something to be about.
    const signed = await chartVisit(t, '2026-03-02T09:00', { subjective: 'Hill repeats signed off' });
    valueOf(await t.call('signVisit', { id: signed.id, providerId: t.mara.id }));
    const id = await k.draft(t, 'Calf cramp at mile 20');
    const before = sqlite ? await noteIndex(t) : '';
    await k.save(t, id, 'Soleus taut band, no cramp since Tuesday');
    await k.save(t, id, 'Soleus taut band, cramp gone');
    expect(await search(t, 'soleus')).toEqual([`${k.kind} ${id} note`]);
    expect(await search(t, 'tuesday')).toEqual([]);
    expect(await search(t, 'hill', 'best')).toEqual([`visit ${signed.id} note`]);
    if (sqlite) {
      expect(await noteIndex(t)).toBe(before);
      expect(await where(t, [id * 4 + k.offsets[0]!])).toEqual(['draft']);
    }
  });

  it.each(KINDS)('$kind: a deleted draft’s entries go with it', async (k) => {
    const t = await itbsClinic();
    const id = await k.draft(t, 'Foam roll quads nightly');
    expect(await search(t, 'foam')).toHaveLength(1);
    valueOf(await k.remove(t, id));
    expect(await search(t, 'foam')).toEqual([]);
    if (k.kind === 'visit') expect(await search(t, 'zusanli')).toEqual([]);
    if (sqlite) {
      expect(
        await where(
          t,
          k.offsets.map((o) => id * 4 + o),
        ),
      ).toEqual(k.offsets.map(() => 'none'));
      expect(await t.db.all('SELECT rowid FROM note_draft_search')).toEqual([]);
    }
  });

  it('merges signed notes and drafts into one order: newest written first, or best match', async () => {
    const t = await itbsClinic();
    const older = await chartVisit(t, '2026-03-02T10:00', { subjective: 'Taut band in TFL' });
    const signed = await chartVisit(t, '2026-03-03T10:00', { subjective: 'Taut band in TFL and taut glute medius, band eased' });
    valueOf(await t.call('signVisit', { id: signed.id, providerId: t.mara.id }));
    const newer = await chartVisit(t, '2026-03-04T10:00', { subjective: 'Band' });
    expect(await search(t, 'band')).toEqual([`visit ${newer.id} note`, `visit ${signed.id} note`, `visit ${older.id} note`]);
    const best = await search(t, 'taut band', 'best');
    expect(best.sort()).toEqual([`visit ${older.id} note`, `visit ${signed.id} note`].sort());
    if (sqlite) expect(await where(t, [older.id * 4, signed.id * 4, newer.id * 4])).toEqual(['draft', 'signed', 'draft']);
  });
});

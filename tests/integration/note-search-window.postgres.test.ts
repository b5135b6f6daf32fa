import { describe, expect, it } from 'vitest';
import type { NoteHit } from '../../shared/timeline';
import { chartVisit, itbsClinic } from '../support/charting';
import { valueOf } from '../support/db';

/**
 * Note search on PostgreSQL takes a word's matches through the GIN index when they are few, and
 * walks the note ids newest first when they are many (db/engine/postgres.ts, FEW_PER_WINDOW: 10
 * per row asked for). Either way the answer is the same: the newest matches, in order. A page of
 * one row puts the line between the two at 10 matches, so both sides are crossed here with entries
 * written straight into the index (a visit's note entries, as the charting triggers write them).
 */
describe('note search, few matches and many (PostgreSQL)', () => {
  it('answers the newest matches in order on both sides of the line, and nothing for a word that matches nothing', async () => {
    const t = await itbsClinic();
    const visit = await chartVisit(t, '2026-03-02T10:00');
    // 45 entries say "cupping", 10 of them "gliding" too, 3 "kinesio"; the ids grow, as a record's entries do.
    const base = 4_000_000;
    for (let i = 0; i < 45; i++) {
      const words = ['cupping', i < 10 ? 'gliding' : 'scraping', i % 15 === 0 ? 'kinesio' : 'tape'].join(' ');
      await t.db.run("INSERT INTO note_search (id, body, record_kind, record_id, source) VALUES (?, ?, 'visit', ?, 'note')", [
        base + i,
        `entry${i} ${words}`,
        visit.id,
      ]);
    }
    const ids = async (query: string, limit: number, order: 'newest' | 'best' = 'newest') =>
      (valueOf(await t.call('searchNotes', { query, limit, order })) as NoteHit[]).map((h) => Number(/entry(\d+)/.exec(h.snippet)?.[1] ?? -1));
    // Many (45 > 10 for a page of one): the walk newest first.
    expect(await ids('cupping', 1)).toEqual([44]);
    expect(await ids('cup', 3)).toEqual([44, 43, 42]);
    // Exactly at the line (10 for a page of one): taken through the index and sorted.
    expect(await ids('gliding', 1)).toEqual([9]);
    // Few: through the index.
    expect(await ids('kinesio', 2)).toEqual([30, 15]);
    expect(await ids('cupping kinesio', 5)).toEqual([30, 15, 0]);
    // Best match ranks within the newest matches either way.
    expect((await ids('cupping', 2, 'best')).length).toBe(2);
    // Nothing matches: nothing, and the charted visit's own note is still found.
    expect(await ids('bruise', 30)).toEqual([]);
    expect((valueOf(await t.call('searchNotes', { query: 'lateral knee' })) as NoteHit[]).map((h) => h.recordId)).toEqual([visit.id]);
  });
});

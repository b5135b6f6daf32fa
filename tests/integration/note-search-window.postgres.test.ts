import { describe, expect, it } from 'vitest';
import type { NoteHit } from '../../shared/timeline';
import { chartVisit, itbsClinic } from '../support/charting';
import { valueOf } from '../support/db';

/**
 * Note search on PostgreSQL (db/engine/postgres.ts, noteSearch.hits) first walks the newest entries,
 * 20 per row asked for (WALK_PER_WINDOW); when they do not fill the window it takes a word's
 * matches through the GIN index when they are few (FEW_PER_WINDOW: 10 per row asked for), and walks
 * the note ids newest first when they are many. Whichever answers, the answer is the same: the
 * newest matches, in order. A page of one row puts the lines at 20 entries walked and 10 matches,
 * so every step is crossed here with entries written straight into the index (a visit's note
 * entries, as the charting triggers write them).
 */
describe('note search, few matches and many (PostgreSQL)', () => {
  it('answers the newest matches in order on both sides of the line, and nothing for a word that matches nothing', async () => {
    const t = await itbsClinic();
    const visit = await chartVisit(t, '2026-03-02T10:00');
    // 45 entries say "cupping", the oldest 10 "gliding" too, the next 15 "scraping", 3 "kinesio"; the ids grow, as a record's entries do.
    const base = 4_000_000;
    for (let i = 0; i < 45; i++) {
      const words = ['cupping', i < 10 ? 'gliding' : i < 25 ? 'scraping' : 'pressing', i % 15 === 0 ? 'kinesio' : 'tape'].join(' ');
      await t.db.run("INSERT INTO note_search (id, body, record_kind, record_id, source) VALUES (?, ?, 'visit', ?, 'note')", [
        base + i,
        `entry${i} ${words}`,
        visit.id,
      ]);
    }
    const ids = async (query: string, limit: number, order: 'newest' | 'best' = 'newest') =>
      (valueOf(await t.call('searchNotes', { query, limit, order })) as NoteHit[]).map((h) => Number(/entry(\d+)/.exec(h.snippet)?.[1] ?? -1));
    // Among the newest 20 entries: the first walk.
    expect(await ids('cupping', 1)).toEqual([44]);
    expect(await ids('cup', 3)).toEqual([44, 43, 42]);
    // Exactly at the line (10 for a page of one), none among the newest 20: taken through the index and sorted.
    expect(await ids('gliding', 1)).toEqual([9]);
    // Few, within the newest 40 for a page of two: the first walk; for a page of five, not filled there: through the index.
    expect(await ids('kinesio', 2)).toEqual([30, 15]);
    expect(await ids('cupping kinesio', 5)).toEqual([30, 15, 0]);
    // Many (15 > 10 for a page of one), none among the newest 20: the walk newest first to the window's end.
    expect(await ids('scrap', 1)).toEqual([24]);
    // Best match ranks within the newest matches either way.
    expect((await ids('cupping', 2, 'best')).length).toBe(2);
    // Nothing matches: nothing, and the charted visit's own note is still found.
    expect(await ids('bruise', 30)).toEqual([]);
    expect((valueOf(await t.call('searchNotes', { query: 'lateral knee' })) as NoteHit[]).map((h) => h.recordId)).toEqual([visit.id]);

    // Which steps ran: the index is asked only when the newest entries did not fill the window
    // (for "taut band" at 18,000 patients its bitmaps alone were 20 ms), and the ids are walked to
    // the window's end only for a word with many matches that are not among the newest.
    // The server is kept from reading the few entries here whole, as it would not read 230,000.
    const steps = async (words: string[], window: number) => {
      const plan = await t.db.transaction(async (tx) => {
        await tx.run('SET LOCAL enable_seqscan = off');
        const sql = `EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) ${t.db.dialect.noteSearch.hits(window, false, window)}`;
        return (await tx.all<{ 'QUERY PLAN': string }>(sql, { match: t.db.dialect.noteSearch.query(words) })).map((r) => r['QUERY PLAN']);
      });
      const ran = (node: RegExp) => plan.filter((line) => node.test(line) && !line.includes('never executed')).length;
      return { index: ran(/Bitmap Index Scan on note_search_tsv/), walks: ran(/Index Scan Backward using note_search_pkey/) };
    };
    expect(await steps(['cupping'], 1)).toEqual({ index: 0, walks: 1 });
    expect(await steps(['kinesio'], 2)).toEqual({ index: 0, walks: 1 });
    expect(await steps(['gliding'], 1)).toEqual({ index: 1, walks: 1 });
    expect(await steps(['bruise'], 30)).toEqual({ index: 1, walks: 1 });
    expect(await steps(['scrap'], 1)).toEqual({ index: 1, walks: 2 });
  });
});

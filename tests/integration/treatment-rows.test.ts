import { describe, expect, it } from 'vitest';
import type { Visit } from '../../shared/visit';
import { TEST_ENGINE, valueOf } from '../support/db';
import { chartVisit, ITBS_TREATMENT, itbsClinic, type ItbsClinic } from '../support/charting';

/**
 * An autosave that leaves the treatment as it was leaves its rows alone (db/queries/treatment-rows.ts);
 * any change to it, however small, writes them again. Which rows were written is told by each
 * row's identity: SQLite's rowid (a second visit's rows after the first's, so a rewrite cannot
 * reuse the numbers) or PostgreSQL's xmin, the transaction that wrote the row.
 */
const TABLES = ['visit_round', 'visit_acupoint', 'visit_trigger_point', 'visit_lead_pair', 'visit_adjunct', 'visit_adverse_event'];
const IDENTITY = TEST_ENGINE === 'postgres' ? 'xmin::text' : 'rowid';

const FULL = {
  ...ITBS_TREATMENT,
  rounds: [
    { label: 'Supine', minutes: 20 },
    { label: 'Prone', minutes: 15 },
  ],
  acupoints: ITBS_TREATMENT.acupoints.map((p, i) => ({ ...p, depth: '1 cun', retentionMinutes: 20, round: i === 2 ? 1 : 0 })),
  adjuncts: [
    { kind: 'cupping', minutes: 5 },
    { kind: 'heat', minutes: 10, note: 'Lamp over lateral thigh' },
  ],
  adverseEvents: [{ kind: 'soreness', note: 'Mild, settled by the end' }],
};

async function identities(t: ItbsClinic, visitId: number): Promise<string[]> {
  const all: string[] = [];
  for (const table of TABLES) {
    const rows = await t.db.all<{ k: unknown }>(`SELECT ${IDENTITY} AS k FROM ${table} WHERE visit_id = ? ORDER BY ${IDENTITY}`, [visitId]);
    all.push(...rows.map((r) => `${table}:${String(r.k)}`));
  }
  return all;
}

const treatmentOf = (v: Visit) => ({
  rounds: v.rounds,
  acupoints: v.acupoints,
  triggerPoints: v.triggerPoints,
  leadPairs: v.leadPairs,
  adjuncts: v.adjuncts,
  adverseEvents: v.adverseEvents,
});

describe(`an autosave's treatment rows (${TEST_ENGINE})`, () => {
  const saveAgain = async (t: ItbsClinic, visit: Visit, change: Record<string, unknown>) =>
    valueOf(
      await t.call('saveVisit', {
        id: visit.id,
        providerId: t.mara.id,
        startedAt: visit.startedAt,
        faceMinutes: 30,
        subjective: 'Easier on the downhill today.',
        ...FULL,
        ...change,
      }),
    ) as Visit;

  it('writes a long list in the form’s order, several rows to a statement (21 points: 16, 4 and 1; 5 adjuncts kept in the order written: 4 and 1)', async () => {
    const t = await itbsClinic();
    const codes = [
      'GB31',
      'GB34',
      'ST36',
      'SP6',
      'LR3',
      'LI4',
      'BL40',
      'BL57',
      'BL60',
      'KI3',
      'GB39',
      'ST40',
      'SP9',
      'GB30',
      'BL23',
      'BL25',
      'ST34',
      'SP10',
      'GB41',
      'LR8',
      'BL58',
    ];
    const acupoints = codes.map((code, i) => ({ code, side: i % 3 === 0 ? 'B' : i % 3 === 1 ? 'R' : 'L' }));
    const adjuncts = ['heat', 'cupping', 'gua_sha', 'moxibustion', 'manual_therapy'].map((kind, i) => ({ kind, minutes: i + 1 }));
    const visit = await chartVisit(t, '2026-03-09T10:00', { acupoints, adjuncts });
    const read = valueOf(await t.call('getVisit', { id: visit.id })) as Visit;
    expect(read.acupoints.map((p) => [p.code, p.side])).toEqual(acupoints.map((p) => [p.code, p.side]));
    expect(read.adjuncts.map((a) => [a.kind, a.minutes])).toEqual(adjuncts.map((a) => [a.kind, a.minutes]));
  });

  it('keeps the rows when only the text changed, and the treatment reads back the same', async () => {
    const t = await itbsClinic();
    const visit = await chartVisit(t, '2026-03-09T10:00', FULL);
    await chartVisit(t, '2026-03-12T10:00', FULL);
    const before = await identities(t, visit.id);
    expect(before.length).toBe(2 + 3 + 3 + 1 + 2 + 1);
    const saved = await saveAgain(t, visit, {});
    expect(saved.subjective).toBe('Easier on the downhill today.');
    expect(treatmentOf(saved)).toEqual(treatmentOf(visit));
    expect(await identities(t, visit.id)).toEqual(before);
    // The answer is made from the rows read before the save, not read back: it must be the visit as stored.
    expect(saved).toEqual(valueOf(await t.call('getVisit', { id: visit.id })));
  });

  const first = FULL.acupoints[0]!;
  const CHANGES: [string, Record<string, unknown>, (v: Visit) => unknown, unknown][] = [
    ['an acupoint’s depth', { acupoints: [{ ...first, depth: '1.5 cun' }, ...FULL.acupoints.slice(1)] }, (v) => v.acupoints[0]!.depth, '1.5 cun'],
    [
      'two acupoints swapped',
      { acupoints: [FULL.acupoints[1], FULL.acupoints[0], FULL.acupoints[2]] },
      (v) => v.acupoints.map((p) => p.code),
      ['GB34', 'GB31', 'ST36'],
    ],
    ['an acupoint removed', { acupoints: FULL.acupoints.slice(0, 2) }, (v) => v.acupoints.length, 2],
    [
      'a twitch now seen',
      { triggerPoints: ITBS_TREATMENT.triggerPoints.map((p) => ({ ...p, twitch: true })) },
      (v) => v.triggerPoints.map((p) => p.twitch),
      [true, true, true],
    ],
    ['a lead pair’s frequency', { leadPairs: [{ ...ITBS_TREATMENT.leadPairs[0]!, frequency: '4' }] }, (v) => v.leadPairs[0]!.frequency, '4'],
    ['the adjuncts in another order', { adjuncts: [FULL.adjuncts[1], FULL.adjuncts[0]] }, (v) => v.adjuncts.map((a) => a.kind), ['heat', 'cupping']],
    ['an adjunct’s note cleared', { adjuncts: [FULL.adjuncts[0], { kind: 'heat', minutes: 10 }] }, (v) => v.adjuncts[1]!.note, null],
    ['a round’s minutes', { rounds: [FULL.rounds[0], { label: 'Prone', minutes: 25 }] }, (v) => v.rounds[1]!.minutes, 25],
    ['no adverse event after all', { adverseEvents: [] }, (v) => v.adverseEvents.length, 0],
  ];
  it.each(CHANGES)('writes the rows again for %s, and the visit reads it back', async (_what, change, read, expected) => {
    const t = await itbsClinic();
    const visit = await chartVisit(t, '2026-03-09T10:00', FULL);
    await chartVisit(t, '2026-03-12T10:00', FULL);
    const before = await identities(t, visit.id);
    const saved = await saveAgain(t, visit, change);
    expect(read(saved)).toEqual(expected);
    const stored = valueOf(await t.call('getVisit', { id: visit.id })) as Visit;
    expect(read(stored)).toEqual(expected);
    expect(saved).toEqual(stored);
    const after = await identities(t, visit.id);
    expect(after.filter((k) => before.includes(k))).toEqual([]);
  });
});

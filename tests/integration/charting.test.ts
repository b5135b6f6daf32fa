import { describe, expect, it } from 'vitest';
import type { Assessment } from '../../shared/assessment';
import type { CareCase } from '../../shared/case';
import type { CaseDetail, NoteHit } from '../../shared/timeline';
import type { PreviousTreatment, Visit } from '../../shared/visit';
import { chartVisit, ITBS_TREATMENT, itbsClinic, signedAssessment, type ItbsClinic } from '../support/charting';
import { errorOf, valueOf } from '../support/db';
import { fillTreatmentSearch } from '../../db/queries/treatment-search';

const count = async (t: ItbsClinic, table: string) => ((await t.db.get(`SELECT count(*) AS n FROM ${table}`)) as { n: number }).n;

describe('cases', () => {
  it('open with the catalog condition, ICD-10 codes in order, and the framework phase', async () => {
    const t = await itbsClinic();
    expect(t.careCase).toMatchObject({ conditionId: 'it-band-syndrome', side: 'right', phase: 'acute', expected: { min: 2, max: 6 }, sessionsDone: 0 });
    expect(t.careCase.diagnoses).toEqual([{ code: 'M76.31', description: 'Iliotibial band syndrome, right leg', pointer: 'A', inCatalog: true }]);
  });

  it.each([
    [{ diagnoses: [{ code: '7631' }] }, 'diagnoses.0.code'],
    [{ diagnoses: [{ code: 'S76.311' }] }, 'diagnoses.0.code'],
    [{ diagnoses: [{ code: 'M76.31' }, { code: 'm76.31' }] }, 'diagnoses.1.code'],
    [{ onsetDate: '2026-04-01' }, 'onsetDate'],
    [{ conditionId: 'not-a-condition' }, 'conditionId'],
    [{ side: 'up' }, 'side'],
  ])('refuse %j naming %s', async (change, field) => {
    const t = await itbsClinic();
    const before = await count(t, 'care_case');
    const error = errorOf(
      await t.call('saveCase', { patientId: t.ana.id, conditionText: 'x', side: 'right', onsetDate: '2026-03-01', startDate: '2026-03-02', ...change }),
    );
    expect(Object.keys(error.fields)).toContain(field);
    expect(await count(t, 'care_case')).toBe(before);
  });

  it('stores a code typed without its dot in the printed form', async () => {
    const t = await itbsClinic();
    const c = valueOf(
      await t.call('saveCase', {
        patientId: t.ana.id,
        conditionText: 'Hamstring strain',
        side: 'left',
        onsetDate: '2026-03-01',
        startDate: '2026-03-02',
        diagnoses: [{ code: 's76312a' }],
      }),
    ) as CareCase;
    expect(c.diagnoses.map((d) => d.code)).toEqual(['S76.312A']);
  });

  it('discharge closes the case to new visits', async () => {
    const t = await itbsClinic();
    valueOf(await t.call('dischargeCase', { id: t.careCase.id, dischargedOn: '2026-04-20', reason: 'Goals met: ran 30 km pain-free' }));
    const error = errorOf(await t.call('createVisit', { caseId: t.careCase.id, providerId: t.mara.id, startedAt: '2026-04-21T09:00' }));
    expect(error.message).toMatch(/discharged on 2026-04-20/);
  });
});

describe('assessments', () => {
  const initial = (t: ItbsClinic) => ({
    caseId: t.careCase.id,
    providerId: t.mara.id,
    kind: 'initial',
    assessedOn: '2026-03-02',
    chiefComplaint: 'Lateral right knee pain from mile 6',
    trainingLoad: '64 km/week, long run 24 km',
    orthoTests: [
      { name: 'Noble compression', side: 'R', result: 'positive' },
      { name: 'Ober', side: 'R', result: 'positive' },
    ],
    triggerPoints: [{ muscleId: 'tensor-fasciae-latae', side: 'R' }],
    sleepHours: 7.5,
    restingHr: 48,
    hrv: 72,
    painCurrent: 6,
    painWorst: 8,
    painAverage: 5,
    outcomes: [{ measure: 'lefs', score: 52 }],
    assessmentText: 'Right ITBS, acute.',
    planText: 'Acupuncture and dry needling weekly, hip strength.',
    plannedSessions: 6,
    frequency: 'weekly',
  });

  it('save every field and sign', async () => {
    const t = await itbsClinic();
    const a = valueOf(await t.call('saveAssessment', initial(t))) as Assessment;
    expect(a).toMatchObject({
      painCurrent: 6,
      outcomes: [{ measure: 'lefs', score: 52 }],
      orthoTests: [{ name: 'Noble compression', result: 'positive' }, { name: 'Ober' }],
    });
    const signed = valueOf(await t.call('signAssessment', { id: a.id, providerId: t.mara.id })) as Assessment;
    expect(signed.signature).toMatchObject({ providerName: 'Mara Quinn', signedAt: '2026-03-02T15:00:00.000Z' });
    expect(errorOf(await t.call('saveAssessment', { ...initial(t), id: a.id, painCurrent: 2 })).code).toBe('conflict');
    await expect(t.db.run('UPDATE assessment SET pain_current = 2 WHERE id = ?', [a.id])).rejects.toThrow(/signed assessment/);
    await expect(t.db.run('DELETE FROM assessment_outcome WHERE assessment_id = ?', [a.id])).rejects.toThrow(/signed assessment/);
  });

  it.each([
    [{ outcomes: [{ measure: 'lefs', score: 90 }] }, 'outcomes.0.score', 'LEFS must be between 0 and 80'],
    [{ outcomes: [{ measure: 'groc', score: -9 }] }, 'outcomes.0.score', expect.stringMatching(/GROC/)],
    [{ painWorst: 11 }, 'painWorst', 'Worst pain must be between 0 and 10'],
    [{ restingHr: 300 }, 'restingHr', 'Resting heart rate must be between 25 and 140'],
    [
      {
        outcomes: [
          { measure: 'lefs', score: 52 },
          { measure: 'lefs', score: 60 },
        ],
      },
      'outcomes.1.measure',
      'Each outcome measure once per assessment',
    ],
  ])('refuse %j with a field error and write nothing', async (change, field, message) => {
    const t = await itbsClinic();
    const tables = await Promise.all(['assessment', 'assessment_outcome', 'assessment_ortho_test', 'audit_log'].map((x) => count(t, x)));
    const error = errorOf(await t.call('saveAssessment', { ...initial(t), ...change }));
    expect(error.fields[field]).toEqual(message);
    expect(await Promise.all(['assessment', 'assessment_outcome', 'assessment_ortho_test', 'audit_log'].map((x) => count(t, x)))).toEqual(tables);
  });
});

describe('visits', () => {
  it('chart acupoints, trigger points and an e-stim pair at 2 Hz', async () => {
    const t = await itbsClinic();
    const v = await chartVisit(t, '2026-03-02T10:00');
    expect(v.acupoints.map((p) => `${p.code} ${p.side}`)).toEqual(['GB31 R', 'GB34 R', 'ST36 B']);
    expect(v.triggerPoints).toMatchObject([
      { muscleId: 'tensor-fasciae-latae', twitch: true, passes: 4 },
      { muscleId: 'gluteus-medius' },
      { muscleId: 'vastus-lateralis', twitch: false },
    ]);
    expect(v.leadPairs).toEqual([{ ...ITBS_TREATMENT.leadPairs[0], intensityMa: 2.5, minutes: 20, round: 0 }]);
    expect(v.number).toBe(1);
  });

  it('accepts old point spellings and stores the WHO code', async () => {
    const t = await itbsClinic();
    const v = await chartVisit(t, '2026-03-02T10:00', {
      acupoints: [
        { code: 'sj 5', side: 'R' },
        { code: 'LV-3', side: 'B' },
        { code: 'du20', side: 'M' },
      ],
      leadPairs: [],
    });
    expect(v.acupoints.map((p) => p.code)).toEqual(['TE5', 'LR3', 'GV20']);
  });

  const pair = ITBS_TREATMENT.leadPairs[0]!;
  it.each([
    [{ leadPairs: [{ ...pair, intensityMa: 25 }] }, 'leadPairs.0.intensityMa', 'Intensity must be between 0.1 and 20'],
    [{ leadPairs: [{ ...pair, frequency: '500' }] }, 'leadPairs.0.frequency', 'Frequency must be between 1 and 200 Hz'],
    [{ leadPairs: [{ ...pair, frequency: 'fast' }] }, 'leadPairs.0.frequency', expect.stringMatching(/^Frequency must be in Hz/)],
    [{ leadPairs: [{ ...pair, frequency: '2/100' }] }, 'leadPairs.0.waveform', expect.stringMatching(/choose dense-disperse/)],
    [{ leadPairs: [{ ...pair, waveform: 'dense-disperse' }] }, 'leadPairs.0.waveform', 'Dense-disperse needs two frequencies, e.g. 2/100'],
    [{ leadPairs: [{ ...pair, minutes: 90 }] }, 'leadPairs.0.minutes', 'E-stim minutes must be between 1 and 60'],
    [{ leadPairs: [{ ...pair, to: { kind: 'acupoint', ref: 'GB33', side: 'R' } }] }, 'leadPairs.0.to', 'GB33 R is not needled in this visit'],
    [{ acupoints: [{ code: 'ST46', side: 'L' }] }, 'acupoints.0.code', 'Acupoint ST46 is not in the catalog'],
    [{ acupoints: [{ code: 'GV20', side: 'L' }] }, 'acupoints.0.side', 'GV20 is on the midline: side M'],
    [{ faceMinutes: 0 }, 'faceMinutes', 'Face-to-face minutes must be between 1 and 240'],
    [{ painAfter: 12 }, 'painAfter', 'Pain after must be between 0 and 10'],
  ])('refuse %j with a field error and write nothing', async (change, field, message) => {
    const t = await itbsClinic();
    const v = await chartVisit(t, '2026-03-02T10:00');
    const snapshot = await Promise.all(['visit_acupoint', 'visit_trigger_point', 'visit_lead_pair', 'audit_log'].map((x) => count(t, x)));
    const error = errorOf(await t.call('saveVisit', { id: v.id, providerId: t.mara.id, startedAt: '2026-03-02T10:00', ...ITBS_TREATMENT, ...change }));
    expect(error.fields[field]).toEqual(message);
    expect(await Promise.all(['visit_acupoint', 'visit_trigger_point', 'visit_lead_pair', 'audit_log'].map((x) => count(t, x)))).toEqual(snapshot);
    expect((valueOf(await t.call('getVisit', { id: v.id })) as Visit).leadPairs[0]!.intensityMa).toBe(2.5);
  });

  it('signs only complete visits, only as the visit’s provider', async () => {
    const t = await itbsClinic();
    const empty = valueOf(await t.call('createVisit', { caseId: t.careCase.id, providerId: t.mara.id, startedAt: '2026-03-02T10:00' })) as Visit;
    expect(errorOf(await t.call('signVisit', { id: empty.id, providerId: t.mara.id })).fields).toEqual({
      faceMinutes: 'Face-to-face minutes are needed before signing',
      acupoints: 'Chart the treatment (or at least the subjective note) before signing',
    });
    const v = await chartVisit(t, '2026-03-03T10:00');
    expect(errorOf(await t.call('signVisit', { id: v.id, providerId: t.theo.id }))).toMatchObject({
      code: 'forbidden',
      message: "Only Mara Quinn, the visit's provider, can sign it.",
    });
    const signed = valueOf(await t.call('signVisit', { id: v.id, providerId: t.mara.id })) as Visit;
    expect(signed.signature?.providerName).toBe('Mara Quinn');
  });

  describe('once signed, nothing changes — enforced by SQLite itself', () => {
    const signedVisit = async () => {
      const t = await itbsClinic();
      const v = await chartVisit(t, '2026-03-02T10:00');
      valueOf(await t.call('signVisit', { id: v.id, providerId: t.mara.id }));
      return { t, v };
    };

    it.each([
      ['UPDATE visit SET subjective = ? WHERE id = ?', ['changed']],
      ['UPDATE visit SET signed_at = NULL, signed_by = NULL WHERE id = ?', []],
      ['DELETE FROM visit WHERE id = ?', []],
      ['UPDATE visit_acupoint SET side = ? WHERE visit_id = ?', ['L']],
      ['DELETE FROM visit_acupoint WHERE visit_id = ?', []],
      ["INSERT INTO visit_acupoint (visit_id, position, point_code, side) VALUES (?, 9, 'LI4', 'B')", []],
      ['UPDATE visit_trigger_point SET passes = 9 WHERE visit_id = ?', []],
      ['DELETE FROM visit_lead_pair WHERE visit_id = ?', []],
      ["INSERT INTO visit_adjunct (visit_id, kind, minutes) VALUES (?, 'cupping', 5)", []],
    ])('%s fails', async (sql, params) => {
      const { t, v } = await signedVisit();
      const args = sql.includes('visit_id = ?') || sql.includes('id = ?') ? [...params, v.id] : [v.id, ...params];
      await expect(t.db.run(sql, [...args])).rejects.toThrow(/signed visit/);
      expect(await t.call('getVisit', { id: v.id })).toEqual({
        ok: true,
        value: expect.objectContaining({ subjective: v.subjective, acupoints: v.acupoints }),
      });
    });

    it('through the service too: save and delete are refused with a clear message', async () => {
      const { t, v } = await signedVisit();
      expect(errorOf(await t.call('saveVisit', { id: v.id, providerId: t.mara.id, startedAt: '2026-03-02T10:00', faceMinutes: 45 })).message).toBe(
        'This visit is signed and cannot change. Add an addendum to correct it.',
      );
      expect(errorOf(await t.call('deleteVisit', { id: v.id })).code).toBe('conflict');
    });

    it('corrections are addenda, which are themselves permanent', async () => {
      const { t, v } = await signedVisit();
      t.clock.advance(3_600_000);
      const addendum = valueOf(await t.call('addAddendum', { kind: 'visit', id: v.id, authorId: t.mara.id, text: 'Correction: e-stim intensity was 3 mA.' }));
      expect(addendum).toMatchObject({ authorName: 'Mara Quinn', writtenAt: '2026-03-02T16:00:00.000Z' });
      expect((valueOf(await t.call('getVisit', { id: v.id })) as Visit).addenda).toHaveLength(1);
      await expect(t.db.run('UPDATE addendum SET text = ?', ['x'])).rejects.toThrow(/never change/);
      await expect(t.db.run('DELETE FROM addendum')).rejects.toThrow(/never deleted/);
    });
  });

  it('drafts can be deleted with their rows; addenda only go on signed records', async () => {
    const t = await itbsClinic();
    const v = await chartVisit(t, '2026-03-02T10:00');
    expect(errorOf(await t.call('addAddendum', { kind: 'visit', id: v.id, authorId: t.mara.id, text: 'x' })).code).toBe('conflict');
    expect(valueOf(await t.call('deleteVisit', { id: v.id }))).toBeNull();
    expect(await Promise.all(['visit', 'visit_acupoint', 'visit_lead_pair'].map((x) => count(t, x)))).toEqual([0, 0, 0]);
  });

  it('"start from last visit" offers the previous visit’s treatment', async () => {
    const t = await itbsClinic();
    const first = await chartVisit(t, '2026-03-02T10:00');
    const second = valueOf(await t.call('createVisit', { caseId: t.careCase.id, providerId: t.mara.id, startedAt: '2026-03-09T10:00' })) as Visit;
    const previous = valueOf(await t.call('previousTreatment', { id: second.id })) as PreviousTreatment;
    expect(previous.visitId).toBe(first.id);
    // The time and re-insertion its add-on units were billed by come with it.
    expect(previous).toMatchObject({ faceMinutes: first.faceMinutes, reinserted: first.reinserted });
    expect(previous.treatment.acupoints).toEqual(first.acupoints);
    expect(previous.treatment.leadPairs).toEqual(first.leadPairs);
    expect(valueOf(await t.call('previousTreatment', { id: first.id }))).toBeNull();
  });
});

describe('a visit save asks its checks together and answers them in order', () => {
  // The case started 2026-03-02 (tests/support/charting.ts); provider 9999 and visit 99999 do not exist.
  it.each([
    [
      'a signed visit, before everything else',
      { signed: true, providerId: 9999, startedAt: '2026-02-01T10:00' },
      'This visit is signed and cannot change. Add an addendum to correct it.',
    ],
    ['a visit that does not exist', { id: 99999, providerId: 9999 }, 'Visit 99999 does not exist'],
    ['then a provider who does not exist', { providerId: 9999, startedAt: '2026-02-01T10:00' }, 'Provider 9999 does not exist'],
    ['then a time before the case started', { startedAt: '2026-02-01T10:00' }, 'Visit time is before this case started (2026-03-02)'],
  ])('%s', async (_what, given: { signed?: boolean; id?: number; providerId?: number; startedAt?: string }, message) => {
    const t = await itbsClinic();
    const v = await chartVisit(t, '2026-03-02T10:00');
    if (given.signed) valueOf(await t.call('signVisit', { id: v.id, providerId: t.mara.id }));
    const before = await t.db.get('SELECT version, subjective, updated_at FROM visit WHERE id = ?', [v.id]);
    const error = errorOf(
      await t.call('saveVisit', {
        id: given.id ?? v.id,
        providerId: given.providerId ?? t.mara.id,
        startedAt: given.startedAt ?? '2026-03-02T10:00',
        faceMinutes: 30,
        subjective: 'Typed after the checks',
      }),
    );
    expect(error.message).toBe(message);
    expect(await t.db.get('SELECT version, subjective, updated_at FROM visit WHERE id = ?', [v.id])).toEqual(before);
  });

  it('returns the visit as saved whether the treatment stayed or changed', async () => {
    const t = await itbsClinic();
    const v = await chartVisit(t, '2026-03-02T10:00');
    const input = { id: v.id, providerId: t.mara.id, startedAt: '2026-03-02T10:00', faceMinutes: 30, ...ITBS_TREATMENT };
    const textOnly = valueOf(await t.call('saveVisit', { ...input, subjective: 'Only the text changed' })) as Visit;
    expect(textOnly).toEqual(valueOf(await t.call('getVisit', { id: v.id })));
    expect(textOnly.subjective).toBe('Only the text changed');
    const lessNeedled = valueOf(
      await t.call('saveVisit', { ...input, subjective: 'One point less', acupoints: ITBS_TREATMENT.acupoints.slice(0, 2) }),
    ) as Visit;
    expect(lessNeedled).toEqual(valueOf(await t.call('getVisit', { id: v.id })));
    expect(lessNeedled.acupoints.map((p) => p.code)).toEqual(['GB31', 'GB34']);
  });
});

describe('case timeline', () => {
  it('orders assessments and visits and counts signed sessions only', async () => {
    const t = await itbsClinic();
    await signedAssessment(t);
    for (const at of ['2026-03-02T10:00', '2026-03-09T10:00', '2026-03-16T10:00']) {
      valueOf(await t.call('signVisit', { id: (await chartVisit(t, at)).id, providerId: t.mara.id }));
    }
    await chartVisit(t, '2026-03-23T10:00'); // a draft: not a session yet
    const detail = valueOf(await t.call('getCase', { id: t.careCase.id })) as CaseDetail;
    expect(detail.timeline.map((e) => (e.kind === 'visit' ? `visit ${e.number}/${e.session}` : e.kind))).toEqual([
      'assessment',
      'visit 1/1',
      'visit 2/2',
      'visit 3/3',
      'visit 4/null',
    ]);
    expect(detail.careCase).toMatchObject({ sessionsDone: 3, phase: 'acute' });
    expect((valueOf(await t.call('listCases', { patientId: t.ana.id })) as CareCase[])[0]!.sessionsDone).toBe(3);
  });
});

describe('note search (FTS5)', () => {
  it('finds words in notes and addenda by prefix, with the match marked, linking to the record', async () => {
    const t = await itbsClinic();
    const v = await chartVisit(t, '2026-03-02T10:00', { objective: 'Tender TFL with taut band; Ober test positive.' });
    valueOf(await t.call('signVisit', { id: v.id, providerId: t.mara.id }));
    valueOf(await t.call('addAddendum', { kind: 'visit', id: v.id, authorId: t.mara.id, text: 'Patient reported bruising at GB31 next day.' }));
    const taut = valueOf(await t.call('searchNotes', { query: 'taut' })) as NoteHit[];
    expect(taut).toHaveLength(1);
    expect(taut[0]).toMatchObject({
      recordKind: 'visit',
      recordId: v.id,
      source: 'note',
      caseId: t.careCase.id,
      patientName: 'Ana Reyes',
      at: '2026-03-02T10:00',
    });
    expect(taut[0]!.snippet).toContain('\u0002taut\u0003');
    expect((valueOf(await t.call('searchNotes', { query: 'bruis' })) as NoteHit[]).map((h) => h.source)).toEqual(['addendum']);
    expect(valueOf(await t.call('searchNotes', { query: 'marathon' }))).toEqual([]);
  });

  it('best match: the page is the best of the newest matches, each with its snippet, whatever the page size', async () => {
    const t = await itbsClinic();
    // The more often a note says it, the better it ranks; the ids grow with each visit.
    const texts = ['taut band', 'taut band, taut band again', 'band only', 'taut band; taut band; taut band through TFL', 'no match here', 'taut band at GB31'];
    const visits: Visit[] = [];
    for (const [i, objective] of texts.entries()) visits.push(await chartVisit(t, `2026-03-${String(i + 2).padStart(2, '0')}T10:00`, { objective }));
    const best = async (limit: number) => valueOf(await t.call('searchNotes', { query: 'taut band', order: 'best', limit })) as NoteHit[];
    const all = await best(10);
    expect(all.map((h) => h.recordId).sort((a, b) => a - b)).toEqual([0, 1, 3, 5].map((i) => visits[i]!.id));
    expect(all[0]!.recordId).toBe(visits[3]!.id); // three times
    for (const h of all) expect(h.snippet).toContain('\u0002taut\u0003');
    // A smaller page is the start of the larger one: snippets are cut for the page only, never another page's rows.
    expect((await best(2)).map((h) => [h.recordId, h.snippet])).toEqual(all.slice(0, 2).map((h) => [h.recordId, h.snippet]));
    expect((await best(1)).map((h) => h.recordId)).toEqual([all[0]!.recordId]);
  });

  it.each(['AND', 'NEAR(', '"', 'tfl OR', '* taut', 'subjective:knee'])('treats FTS syntax in %j as plain words', async (query) => {
    const t = await itbsClinic();
    await chartVisit(t, '2026-03-02T10:00');
    expect((await t.call('searchNotes', { query })).ok || errorOf(await t.call('searchNotes', { query })).code === 'invalid_input').toBe(true);
  });

  it.each([
    ['ST36', 'a point by its code'],
    ['zusanli', 'a point by its pinyin'],
    ['gastroc', 'a muscle by the start of its name'],
    ['fengshi', 'a lead pair’s point'],
    ['97813', 'a billed code'],
  ])('finds what was needled and billed: %s (%s)', async (query) => {
    const t = await itbsClinic();
    const v = await chartVisit(t, '2026-03-02T10:00', {
      triggerPoints: [...ITBS_TREATMENT.triggerPoints, { muscleId: 'gastrocnemius-medial', side: 'R' }],
    });
    valueOf(await t.call('signVisit', { id: v.id, providerId: t.mara.id }));
    valueOf(await t.call('saveVisitBilling', { visitId: v.id, lines: [{ code: '97813', units: 1, fee: 95, pointers: ['A'] }] }));
    const hits = valueOf(await t.call('searchNotes', { query })) as NoteHit[];
    expect(hits.map((h) => [h.recordKind, h.recordId, h.source])).toEqual([['visit', v.id, 'treatment']]);
  });

  it('gives visits charted before treatments were searchable their entries once, when the database is opened', async () => {
    const t = await itbsClinic();
    const v = await chartVisit(t, '2026-03-02T10:00');
    // From both indexes where drafts have their own (SQLite, migration 32): the visit is a draft.
    for (const index of ['note_search', t.db.dialect.noteSearch.draftIndex ?? 'note_search']) await t.db.run(`DELETE FROM ${index} WHERE source = 'treatment'`);
    expect(valueOf(await t.call('searchNotes', { query: 'ST36' }))).toEqual([]);
    expect(await fillTreatmentSearch(t.ctx)).toBe(1);
    expect((valueOf(await t.call('searchNotes', { query: 'ST36' })) as NoteHit[]).map((h) => h.recordId)).toEqual([v.id]);
    // Marked done: a later open does not read every visit again.
    expect(await fillTreatmentSearch(t.ctx)).toBe(0);
    valueOf(await t.call('deleteVisit', { id: v.id }));
    expect(valueOf(await t.call('searchNotes', { query: 'ST36' }))).toEqual([]);
  });

  it('drops a deleted draft from the index', async () => {
    const t = await itbsClinic();
    const v = await chartVisit(t, '2026-03-02T10:00', { plan: 'Foam roll quads' });
    expect(valueOf(await t.call('searchNotes', { query: 'foam' }))).toHaveLength(1);
    valueOf(await t.call('deleteVisit', { id: v.id }));
    expect(valueOf(await t.call('searchNotes', { query: 'foam' }))).toEqual([]);
  });
});

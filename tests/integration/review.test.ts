import { describe, expect, it } from 'vitest';
import type { Assessment } from '../../shared/assessment';
import type { McidsResult, ReviewPage } from '../../shared/review';
import type { CaseDetail } from '../../shared/timeline';
import type { CareCase } from '../../shared/case';
import type { Patient } from '../../shared/patient';
import { createDemoClinic } from '../../db/demo/demo';
import { createService } from '../../db/service';
import { dispatch } from '../../shared/dispatch';
import { chartVisit, itbsClinic, signedAssessment } from '../support/charting';
import { errorOf, testDb, valueOf } from '../support/db';
import { readPdf } from '../support/pdf';

/** Right ITBS that started 6 weeks after onset (subacute), with four signed visits and flat pain. */
async function stalledCase() {
  const t = await itbsClinic();
  const careCase = valueOf(
    await t.call('saveCase', {
      id: t.careCase.id,
      patientId: t.ana.id,
      conditionId: 'it-band-syndrome',
      conditionText: 'IT band syndrome',
      side: 'right',
      onsetDate: '2026-01-19',
      startDate: '2026-03-02',
      diagnoses: [{ code: 'M76.31', description: 'Iliotibial band syndrome, right leg' }],
    }),
  ) as CareCase;
  await signedAssessment(t);
  for (const [i, at] of ['2026-03-02T10:00', '2026-03-09T10:00', '2026-03-16T10:00', '2026-03-23T10:00'].entries()) {
    valueOf(await t.call('signVisit', { id: (await chartVisit(t, at, { painBefore: [6, 6, 5, 6][i], painAfter: 4 })).id, providerId: t.mara.id }));
  }
  t.clock.set('2026-03-24T12:00:00Z');
  return { ...t, careCase };
}

describe('framework progress through the service', () => {
  it('flags a subacute case with no meaningful change after 4 sessions, and clears it at a re-assessment that shows change', async () => {
    const t = await stalledCase();
    const detail = valueOf(await t.call('getCase', { id: t.careCase.id })) as CaseDetail;
    expect(detail.progress).toMatchObject({ phase: 'subacute', sessionsDone: 4, reassessment: { session: 5, status: 'upcoming' } });
    expect(detail.progress.flags.map((f) => f.kind)).toEqual(['not_improving']);
    const page = valueOf(await t.call('reviewCases', { filter: 'not_improving' })) as ReviewPage;
    expect(page.rows.map((r) => r.caseId)).toEqual([t.careCase.id]);
    expect(page.counts).toEqual({ all: 1, reassessment_due: 0, not_improving: 1, race_soon: 0 });

    await signedAssessment(t, {
      kind: 'reassessment',
      assessedOn: '2026-03-24',
      painCurrent: 5,
      outcomes: [{ measure: 'lefs', score: 62 }],
      assessmentText: 'Function up',
    });
    const after = valueOf(await t.call('getCase', { id: t.careCase.id })) as CaseDetail;
    expect(after.progress.flags).toEqual([]);
    expect(after.progress.change.measures).toMatchObject([{ measure: 'lefs', improvement: 10, mcid: 9, met: true }]);
    expect((valueOf(await t.call('reviewCases', { filter: 'not_improving' })) as ReviewPage).total).toBe(0);
  });

  it('reads the clinic’s MCIDs: a stricter LEFS MCID keeps the flag', async () => {
    const t = await stalledCase();
    const mcids = valueOf(await t.call('getMcids', {})) as McidsResult;
    expect(mcids.values).toEqual(mcids.defaults);
    valueOf(await t.call('saveMcids', { ...mcids.values, lefs: 12 }));
    const re = valueOf(
      await t.call('saveAssessment', {
        caseId: t.careCase.id,
        providerId: t.mara.id,
        kind: 'reassessment',
        assessedOn: '2026-03-24',
        outcomes: [{ measure: 'lefs', score: 62 }],
        assessmentText: 'Function up',
      }),
    ) as Assessment;
    valueOf(await t.call('signAssessment', { id: re.id, providerId: t.mara.id }));
    expect((valueOf(await t.call('getCase', { id: t.careCase.id })) as CaseDetail).progress.flags.map((f) => f.kind)).toEqual(['not_improving']);
    expect(await t.db.all('SELECT measure, value FROM clinic_mcid')).toEqual([{ measure: 'lefs', value: 12 }]);
    expect(errorOf(await t.call('saveMcids', { ...mcids.values, lefs: 0 })).fields).toEqual({ lefs: 'MCID must be more than 0' });
  });

  it('counts a race within 10 days, and warns about needling in the last 72 hours', async () => {
    const t = await stalledCase();
    const p = valueOf(await t.call('getPatient', { id: t.ana.id })) as Patient;
    const { archivedAt: _a, createdAt: _c, updatedAt: _u, ...input } = p;
    valueOf(await t.call('savePatient', { ...input, races: [{ name: 'Shamrock Run', date: '2026-03-26', distance: '15K' }] }));
    const page = valueOf(await t.call('reviewCases', { filter: 'race_soon' })) as ReviewPage;
    expect(page.rows[0]!.nextRace).toEqual({ name: 'Shamrock Run', date: '2026-03-26', distance: '15K', days: 2 });
    expect(page.rows[0]!.flags.map((f) => f.kind)).toContain('race_needling_caution');
  });
});

describe('the demo clinic on the review dashboard', () => {
  it('shows cases in every phase and each kind of flag at least once', async () => {
    const t = await testDb();
    await createDemoClinic(t.db, { today: new Date() });
    const service = createService(
      { db: t.db, now: () => new Date(), actor: 'test' },
      { appVersion: 'test', databaseFile: t.db.location, schemaVersion: () => t.db.schemaVersion() },
    );
    const page = valueOf(
      await dispatch(service, 'reviewCases', { limit: 200 }, (e) => {
        throw e;
      }),
    ) as ReviewPage;
    expect(new Set(page.rows.map((r) => r.phase))).toEqual(new Set(['acute', 'subacute', 'chronic', 'maintenance']));
    const kinds = new Set(page.rows.flatMap((r) => r.flags.map((f) => f.kind)));
    expect([...kinds].sort()).toEqual(
      [
        'maintenance_due',
        'not_improving',
        'past_range',
        'post_race_window',
        'pre_race_window',
        'race_needling_caution',
        'reassessment_due',
        'reassessment_overdue',
        'worsening',
      ].sort(),
    );
    expect(page.counts.not_improving).toBeGreaterThan(0);
    // One runner was dry-needled with no dry-needling consent on file.
    expect(page.patientsMissingConsent).toBe(1);
    expect(page.counts.race_soon).toBeGreaterThan(0);
    // Sorted by flags, most first.
    expect(page.rows[0]!.flags.length).toBeGreaterThanOrEqual(page.rows[page.rows.length - 1]!.flags.length);
  });
});

describe('progress report', () => {
  it('is a valid PDF with the patient, condition, phase, session count and outcome values, and the export is audited', async () => {
    const t = await stalledCase();
    const pdf = valueOf(await t.call('progressReport', { caseId: t.careCase.id })) as { fileName: string; pdfBase64: string };
    expect(pdf.fileName).toBe('Ana Reyes progress 2026-03-24.pdf');
    const { text, pages } = readPdf(Buffer.from(pdf.pdfBase64, 'base64'));
    expect(pages).toBeGreaterThanOrEqual(1);
    for (const expected of [
      'Ana Reyes',
      'Apr 2, 1990',
      'IT band syndrome',
      'M76.31',
      'Subacute',
      'Sessions 4 of 4–10',
      'Mara Quinn',
      '1234567893',
      'Stride Acupuncture',
      'No meaningful change after 4 sessions',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).toMatch(/Numeric Pain Rating Scale\s+6\s+6\s/);
    expect(text).toMatch(/Lower Extremity Functional Scale\s+52\s+52\s/);
    // The signed visits' points and muscles, drawn on the body figure beside the treatment summary.
    expect(text).toMatch(/Front\s+Back\s+Right side\s+Left side/);
    expect(await t.db.all("SELECT entity, entity_id AS id, detail FROM audit_log WHERE action = 'export'")).toEqual([
      { entity: 'case', id: t.careCase.id, detail: 'progress report' },
    ]);
  });

  it('names what is missing instead of printing a half-empty report', async () => {
    const t = await stalledCase();
    await t.db.run('DELETE FROM clinic');
    expect(errorOf(await t.call('progressReport', { caseId: t.careCase.id })).message).toBe(
      'Set up the clinic (name, address, tax ID) before exporting a report.',
    );
  });
});

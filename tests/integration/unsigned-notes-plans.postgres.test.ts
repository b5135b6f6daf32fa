import { describe, expect, it } from 'vitest';
import { chartVisit, itbsClinic } from '../support/charting';
import { valueOf } from '../support/db';
import { plansOf } from '../support/plans';

/**
 * Review's unsigned notes at 18,000 patients on PostgreSQL (issue 38): 14.4 ms p95, 5.7× reading
 * the drafts alone. The list sorted every draft to show the oldest 50, and the count joined each of
 * them to a hash of every case and then to its patient. Now each kind's oldest are read in order
 * off the drafts' index, and the count reads that index alone, asking the few archived patients
 * (migration 33) which drafts to leave out.
 */
describe('unsigned notes read the drafts’ indexes (PostgreSQL)', () => {
  it('lists the oldest of each kind in index order and counts from the indexes alone', async () => {
    const t = await itbsClinic();
    for (const day of ['02', '03', '04']) await chartVisit(t, `2026-03-${day}T10:00`);
    valueOf(await t.call('saveAssessment', { caseId: t.careCase.id, providerId: t.theo.id, kind: 'initial', assessedOn: '2026-03-01', painCurrent: 5 }));
    const [list, count] = await plansOf(t, 'unsignedNotes', { limit: 2 }, /signed_at IS NULL/, { noSort: true });
    // The page: no sort of every draft, only of the few read in order from each index.
    expect(list).toMatch(/Index Scan using visit_unsigned on visit/);
    expect(list).toMatch(/Index Scan using assessment_unsigned on assessment/);
    expect(list).not.toMatch(/(^|->\s+)Sort\b/m);
    // The count: the drafts' indexes alone, and the archived patients' own index.
    expect(count).toMatch(/Index Only Scan using visit_unsigned on visit/);
    expect(count).toMatch(/Index Only Scan using assessment_unsigned on assessment/);
    expect(count).toMatch(/patient_archived/);
  });
});

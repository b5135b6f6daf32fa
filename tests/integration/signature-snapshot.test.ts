import { describe, expect, it } from 'vitest';
import type { CaseDetail } from '../../shared/timeline';
import type { Visit } from '../../shared/visit';
import { chartVisit, itbsClinic, signedAssessment } from '../support/charting';
import { valueOf } from '../support/db';
import { readPdf } from '../support/pdf';

describe('a signature is kept as signed', () => {
  it('still shows the signer as they signed after the provider is renamed: the visit, the timeline, the superbill and the progress report', async () => {
    const t = await itbsClinic();
    valueOf(await t.call('saveClinic', { name: 'Stride Acupuncture', taxId: '93-4417820', city: 'Portland', state: 'OR', postalCode: '97214' }));
    await signedAssessment(t);
    const v = await chartVisit(t, '2026-03-02T10:00');
    valueOf(await t.call('signVisit', { id: v.id, providerId: t.mara.id }));
    valueOf(await t.call('saveVisitBilling', { visitId: v.id, lines: [{ code: '97813', units: 1, fee: 95, pointers: ['A'] }] }));

    valueOf(await t.call('saveProvider', { id: t.mara.id, name: 'Renamed Person', credentials: 'MD', npi: t.mara.npi }));

    const visit = valueOf(await t.call('getVisit', { id: v.id })) as Visit;
    expect(visit.signature).toMatchObject({ providerName: 'Mara Quinn', credentials: 'L.Ac.' });
    const detail = valueOf(await t.call('getCase', { id: t.careCase.id })) as CaseDetail;
    expect(detail.timeline.map((e) => e.signature?.providerName)).toEqual(['Mara Quinn', 'Mara Quinn']);

    const bill = valueOf(await t.call('superbill', { patientId: t.ana.id, from: '2026-03-01', to: '2026-03-31' })) as { pdfBase64: string };
    const billText = readPdf(Buffer.from(bill.pdfBase64, 'base64')).text;
    expect(billText).toContain('Mara Quinn, L.Ac.');
    expect(billText).not.toContain('Renamed Person');

    const report = valueOf(await t.call('progressReport', { caseId: t.careCase.id })) as { pdfBase64: string };
    const reportText = readPdf(Buffer.from(report.pdfBase64, 'base64')).text;
    expect(reportText).toContain('Mara Quinn');
    expect(reportText).not.toContain('Renamed Person');

    // A visit signed after the rename carries the new name.
    const later = await chartVisit(t, '2026-03-09T10:00');
    expect((valueOf(await t.call('signVisit', { id: later.id, providerId: t.mara.id })) as Visit).signature?.providerName).toBe('Renamed Person');
  });
});

import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { AuditPage } from '../../shared/audit';
import type { Assessment } from '../../shared/assessment';
import type { PdfFile } from '../../shared/contract';
import type { Visit } from '../../shared/visit';
import { chartVisit, itbsClinic, signedAssessment } from '../support/charting';
import { errorOf, TEST_ENGINE, valueOf } from '../support/db';
import { inspectPdf } from '../support/pdf';

/**
 * The chart copy (issue 36, point 1), read back as a reader would with poppler: every signed note
 * in date order with its addenda, signer, NPI, billing and any warning signed over with its reason;
 * drafts counted and never printed; the patient and "Page n of N" on every page; audited as an export.
 */
describe(`chart copy PDF (${TEST_ENGINE})`, () => {
  async function chartedPatient() {
    const t = await itbsClinic();
    valueOf(await t.call('saveSafetyScreen', { patientId: t.ana.id, implantedDevice: true, reviewedOn: '2026-03-01' }));
    valueOf(await t.call('addConsent', { patientId: t.ana.id, kind: 'acupuncture', signedOn: '2026-03-01', formVersion: 'ACU-2026.1' }));
    await signedAssessment(t, { assessmentText: 'Lateral knee pain from the ITB, right.' });
    const reason = 'Cardiologist cleared distal low-intensity e-stim below the knee in writing.';
    const first = await chartVisit(t, '2026-03-02T10:00', { subjective: 'First visit: pain at mile 6.' });
    valueOf(await t.call('signVisit', { id: first.id, providerId: t.mara.id, overrideReason: reason }));
    valueOf(await t.call('saveVisitBilling', { visitId: first.id, lines: [{ code: '97813', units: 1, pointers: ['A'], fee: '95' }] }));
    valueOf(await t.call('addAddendum', { kind: 'visit', id: first.id, authorId: t.mara.id, text: 'Called next day: mild bruising at GB31, settled.' }));
    const second = await chartVisit(t, '2026-04-06T10:00', { subjective: 'Second visit: ran 10 km easy.', leadPairs: [], providerId: t.theo.id });
    valueOf(await t.call('signVisit', { id: second.id, providerId: t.theo.id }));
    const draft = await chartVisit(t, '2026-04-13T10:00', { subjective: 'Draft words that must not print.', leadPairs: [] });
    return { ...t, first, second, draft, reason };
  }

  it('prints every signed note in date order with its addenda, signer, NPI, billing and override reason, and counts the draft', async () => {
    const t = await chartedPatient();
    const file = valueOf(await t.call('chartCopy', { patientId: t.ana.id })) as PdfFile;
    expect(file.fileName).toMatch(/^Chart copy Ana Reyes \d{4}-\d{2}-\d{2}\.pdf$/);
    const pdf = inspectPdf(Buffer.from(file.pdfBase64, 'base64'));
    const text = pdf.text.replace(/\s+/g, ' ');
    for (const words of [
      'Ana Reyes',
      'M76.31 Iliotibial band syndrome, right leg',
      'Acupuncture Mar 1, 2026 ACU-2026.1',
      'Pacemaker or other implanted electrical device',
      'Lateral knee pain from the ITB, right.',
      'First visit: pain at mile 6.',
      'E-stim charted for a patient with a pacemaker',
      t.reason,
      'Called next day: mild bruising at GB31, settled.',
      'Electronically signed by Mara Quinn, L.Ac. · NPI 1234567893',
      'Electronically signed by Theo Lindqvist, DPT · NPI 1245319599',
      'Second visit: ran 10 km easy.',
      '97813',
      '$95.00',
      'GB31 R <-> GB34 R · 2 Hz · 2.5 mA · 20 min',
      '1 unsigned draft not included',
    ])
      expect(text).toContain(words);
    expect(text).not.toContain('Draft words that must not print.');
    // Date order: the assessment, the first visit with its addendum, then the second.
    const at = (s: string) => text.indexOf(s);
    expect(at('Lateral knee pain from the ITB')).toBeLessThan(at('First visit: pain at mile 6.'));
    expect(at('Called next day')).toBeLessThan(at('Second visit: ran 10 km easy.'));
    // Every page names the patient and its place: a loose page finds its chart.
    pdf.pages.forEach((page, i) => {
      expect(page).toContain('Ana Reyes');
      expect(page).toContain('DOB Apr 2, 1990');
      expect(page).toContain(`Page ${i + 1} of ${pdf.pageCount}`);
    });
    // The font is embedded, so every name prints as typed on any reader.
    expect(execFileSync('pdffonts', [pdf.file], { encoding: 'utf8' })).toMatch(/NotoSans\s+CID TrueType\s+Identity-H\s+yes/);
  });

  it('prints only the range asked for, says so, and names a half-given range by its field', async () => {
    const t = await chartedPatient();
    const file = valueOf(await t.call('chartCopy', { patientId: t.ana.id, from: '2026-04-01', to: '2026-04-30' })) as PdfFile;
    const text = inspectPdf(Buffer.from(file.pdfBase64, 'base64')).text.replace(/\s+/g, ' ');
    expect(text).toContain('Apr 1, 2026 to Apr 30, 2026');
    expect(text).toContain('Second visit: ran 10 km easy.');
    expect(text).not.toContain('First visit: pain at mile 6.');
    expect(text).toContain('1 unsigned draft not included');
    expect(errorOf(await t.call('chartCopy', { patientId: t.ana.id, from: '2026-04-01' })).fields).toEqual({
      to: 'Give both dates of the range, or neither for the whole record',
    });
    expect(errorOf(await t.call('chartCopy', { patientId: t.ana.id, from: '2026-04-30', to: '2026-04-01' })).fields).toEqual({
      to: 'To must be on or after From',
    });
    expect(errorOf(await t.call('chartCopy', { patientId: 9999 })).code).toBe('not_found');
  });

  it('is audited as an export with its counts, never a name or a word of the note', async () => {
    const t = await chartedPatient();
    valueOf(await t.call('chartCopy', { patientId: t.ana.id }));
    const log = valueOf(await t.call('auditLog', { action: 'export', limit: 5 })) as AuditPage;
    expect(log.entries.map((e) => [e.entity, e.entityId, e.detail])[0]).toEqual([
      'patient',
      t.ana.id,
      'chart copy complete, 3 signed notes, 1 drafts left out',
    ]);
    expect(JSON.stringify(await t.db.all('SELECT * FROM audit_log'))).not.toMatch(/Reyes|mile 6|bruising/);
  });

  it('never changes a signed note to make the copy', async () => {
    const t = await chartedPatient();
    const before = valueOf(await t.call('getVisit', { id: t.first.id })) as Visit;
    valueOf(await t.call('chartCopy', { patientId: t.ana.id }));
    expect(valueOf(await t.call('getVisit', { id: t.first.id }))).toEqual(before);
  });

  it('prints the safety screen as it stood at each signing, not as it stands today', async () => {
    const t = await itbsClinic();
    // Screen X: on warfarin. The assessment and the first visit are signed under it.
    valueOf(await t.call('saveSafetyScreen', { patientId: t.ana.id, bleedingRisk: true, precautions: 'Takes warfarin 5 mg daily', reviewedOn: '2026-03-01' }));
    const assessment = await signedAssessment(t, { assessmentText: 'Lateral knee pain from the ITB, right.' });
    const first = await chartVisit(t, '2026-03-02T10:00', { subjective: 'First visit: pain at mile 6.' });
    valueOf(await t.call('signVisit', { id: first.id, providerId: t.mara.id }));
    // Screen Y: off warfarin, now pregnant. Only the second visit is signed under it.
    valueOf(await t.call('saveSafetyScreen', { patientId: t.ana.id, pregnant: true, dueDate: '2026-10-20', reviewedOn: '2026-04-01' }));
    const second = await chartVisit(t, '2026-04-06T10:00', { subjective: 'Second visit: ran 10 km easy.', leadPairs: [] });
    valueOf(await t.call('signVisit', { id: second.id, providerId: t.mara.id }));

    // Each kept on its signed row, frozen with it.
    expect((valueOf(await t.call('getAssessment', { id: assessment.id })) as Assessment).screenAtSigning?.screen).toMatchObject({
      bleedingRisk: true,
      pregnant: false,
    });
    expect((valueOf(await t.call('getVisit', { id: first.id })) as Visit).screenAtSigning?.screen).toMatchObject({
      bleedingRisk: true,
      pregnant: false,
      precautions: 'Takes warfarin 5 mg daily',
      reviewedOn: '2026-03-01',
    });
    expect((valueOf(await t.call('getVisit', { id: second.id })) as Visit).screenAtSigning?.screen).toMatchObject({
      bleedingRisk: false,
      pregnant: true,
      dueDate: '2026-10-20',
      precautions: null,
    });
    await expect(t.db.run('UPDATE visit SET safety_screen_at_signing = ? WHERE id = ?', ['{"screen":null}', first.id])).rejects.toThrow(/signed visit/);

    const file = valueOf(await t.call('chartCopy', { patientId: t.ana.id })) as PdfFile;
    const text = inspectPdf(Buffer.from(file.pdfBase64, 'base64')).text.replace(/\s+/g, ' ');
    const warfarin = 'Takes warfarin 5 mg daily';
    const bleeding = 'Yes: Anticoagulants or a bleeding disorder';
    const pregnant = 'Yes: Pregnant (due Oct 20, 2026)';
    // Today's screen heads the copy, as today's.
    const now = text.slice(text.indexOf('Safety screen now'), text.indexOf('Consents'));
    expect(now).toContain('Pregnant');
    expect(now).not.toContain(warfarin);
    // The assessment and the first visit, signed under X; the second visit, under Y.
    const atAssessment = text.slice(text.indexOf('Initial assessment ·'), text.indexOf('Visit 1 ·'));
    const atFirst = text.slice(text.indexOf('Visit 1 ·'), text.indexOf('Visit 2 ·'));
    const atSecond = text.slice(text.indexOf('Visit 2 ·'));
    for (const signedUnderX of [atAssessment, atFirst]) {
      expect(signedUnderX).toContain(bleeding);
      expect(signedUnderX).toContain(`Other precautions: ${warfarin}`);
      expect(signedUnderX).toContain('(screen reviewed Mar 1, 2026)');
      expect(signedUnderX).not.toContain('Pregnant');
    }
    expect(atSecond).toContain(pregnant);
    expect(atSecond).toContain('(screen reviewed Apr 1, 2026)');
    expect(atSecond).not.toContain('Anticoagulants');
    expect(atSecond).not.toContain(warfarin);
  });

  it('says when no screen was on file at a signing', async () => {
    const t = await itbsClinic();
    const visit = await chartVisit(t, '2026-03-02T10:00', { subjective: 'First visit: pain at mile 6.', leadPairs: [] });
    valueOf(await t.call('signVisit', { id: visit.id, providerId: t.mara.id }));
    valueOf(await t.call('saveSafetyScreen', { patientId: t.ana.id, needleFainting: true, reviewedOn: '2026-03-05' }));
    expect((valueOf(await t.call('getVisit', { id: visit.id })) as Visit).screenAtSigning).toEqual({ screen: null });
    const file = valueOf(await t.call('chartCopy', { patientId: t.ana.id })) as PdfFile;
    const text = inspectPdf(Buffer.from(file.pdfBase64, 'base64')).text.replace(/\s+/g, ' ');
    const atVisit = text.slice(text.indexOf('Visit 1 ·'));
    expect(atVisit).toContain('No safety screen on file when signed');
    expect(atVisit).not.toContain('Has fainted with needles');
  });
});

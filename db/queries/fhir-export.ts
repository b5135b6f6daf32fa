import { bulkFiles, patientBundle, patientResources, sharedResources, type BulkFile } from '../../shared/fhir/export';
import type { FhirResource } from '../../shared/fhir/types';
import type { DbContext } from '../context';
import { audit } from './audit';
import { getClinic } from './clinic';
import { patientRecord } from './patient-record';
import { listProviders } from './providers';

/** One patient's record as a FHIR R4 Bundle, audited as an export in the same transaction. */
export async function fhirPatientExport(ctx: DbContext, patientId: number): Promise<{ bundle: FhirResource; patientName: string }> {
  const record = await patientRecord(ctx, patientId);
  const bundle = patientBundle(record, ctx.now());
  const entries = (bundle.entry as unknown[]).length;
  await audit(ctx, 'export', 'patient', patientId, `FHIR bundle, ${entries} resources${record.noteText ? '' : ', without note text'}`);
  return { bundle, patientName: `${record.patient.firstName} ${record.patient.lastName}` };
}

/**
 * The whole clinic as FHIR Bulk Data files: every patient, archived ones too, with every provider.
 * One read of the record in the caller's transaction, and one audit row with the counts.
 */
export async function fhirClinicExport(ctx: DbContext): Promise<{ files: BulkFile[]; manifest: string; patients: number; noteText: boolean }> {
  const ids = await ctx.db.all<{ id: number }>('SELECT id FROM patient ORDER BY id');
  const resources: FhirResource[] = [];
  let noteText = true;
  for (const { id } of ids) {
    const record = await patientRecord(ctx, id);
    noteText = record.noteText;
    for (const r of patientResources(record)) resources.push(r);
  }
  const shared = sharedResources(await getClinic(ctx), await listProviders(ctx, true));
  const { files, manifest } = bulkFiles(shared, resources, ctx.now());
  await audit(
    ctx,
    'export',
    'clinic',
    null,
    `FHIR bulk export, ${ids.length} patients, ${shared.length + resources.length} resources${noteText ? '' : ', without note text'}`,
  );
  return { files, manifest, patients: ids.length, noteText };
}

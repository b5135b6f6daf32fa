// The contract's read channels (kinds 'read' and 'audited read' in shared/channels.ts), which the
// renderer reads only through its query layer (renderer/src/query.ts, renderer/src/reads.ts).
// Kept here as plain JavaScript for eslint.config.js; tests/unit/lint-read-channels.test.ts holds
// it equal to the renderer's READS, so a new read channel cannot slip past the rule.
export const READ_CHANNELS = [
  'appInfo',
  'listPeople',
  'getClinic',
  'listProviders',
  'listPatients',
  'getPatient',
  'listCases',
  'getCase',
  'getAssessment',
  'getVisit',
  'patientSafety',
  'previousTreatment',
  'searchNotes',
  'reviewCases',
  'caseSummaries',
  'getFeeSchedule',
  'getVisitBilling',
  'patientAccount',
  'superbillMonth',
  'getMcids',
  'backupStatus',
  'listProtocols',
  'listPhrases',
  'unsignedNotes',
  'unsavedDraft',
  'session',
  'auditLog',
  'integrity',
];

/**
 * A draft visit as `getVisit` returns it, made into what `saveVisit` takes: the fields the service
 * keeps for itself (who signed, when, the safety screen at signing…) left out. Both benches autosave
 * through it, so a field added to the read is left out once.
 */
export function draftInput(visit: Record<string, unknown>): Record<string, unknown> {
  const {
    caseId: _c,
    patientId: _p,
    number: _n,
    signature: _s,
    addenda: _a,
    createdAt: _cr,
    updatedAt: _up,
    updatedBy: _ub,
    signedWarnings: _w,
    safetyOverride: _o,
    screenAtSigning: _sc,
    ...input
  } = visit;
  return input;
}

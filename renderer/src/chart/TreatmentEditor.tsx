import type { CaseSide } from '../../../shared/catalogs/conditions';
import { AcupointRows } from './AcupointRows';
import { Adjuncts } from './Adjuncts';
import { InsertionRounds } from './InsertionRounds';
import { LeadPairRows } from './LeadPairRows';
import { TriggerPointRows } from './TriggerPointRows';
import { DraftBodyChart } from './VisitBodyChart';
import { useTreatmentEditor, type Change } from './useTreatmentEditor';
import type { VisitValues } from './visit-values';

/**
 * The treatment of a draft visit, section by section: insertion rounds, acupoints, trigger points,
 * electroacupuncture and adjuncts. What it holds and how typed entries become rows is in
 * useTreatmentEditor.tsx.
 */
export function TreatmentEditor(props: {
  values: VisitValues;
  change: Change;
  errors: Record<string, string>;
  caseSide: CaseSide;
  entryRef?: (el: HTMLInputElement | null) => void;
}) {
  const t = useTreatmentEditor(props);
  return (
    <>
      <InsertionRounds t={t} />
      <AcupointRows t={t} />
      <TriggerPointRows t={t} />
      <LeadPairRows t={t} />
      <DraftBodyChart values={t.values} change={t.change} currentRound={t.currentRound} />
      <Adjuncts t={t} />
    </>
  );
}

import type { BodyChart } from '../body-chart';
import type { Diagnosis } from '../case';
import type { CaseSide } from '../catalogs/conditions';
import type { MeasureId } from '../catalogs/outcome-measures';
import type { TcmSummary } from '../tcm';
import type { Clinic } from '../clinic';
import type { Provider } from '../provider';
import type { Phase } from '../rules/framework';

/** Everything a progress report prints, gathered by the service; the builder only lays it out. */
export interface ProgressReportData {
  /** ISO date the report was produced. */
  generatedOn: string;
  clinic: Clinic;
  provider: Provider;
  patient: {
    name: string;
    dateOfBirth: string;
    sex: string;
    primarySport: string | null;
    trainingPhase: string | null;
    weeklyVolume: number | null;
    volumeUnit: 'km' | 'mi';
  };
  careCase: {
    conditionText: string;
    side: CaseSide;
    diagnoses: Diagnosis[];
    onsetDate: string;
    startDate: string;
    phase: Phase;
    status: 'active' | 'discharged';
    dischargedOn: string | null;
    goals: string | null;
  };
  sessions: {
    done: number;
    expectedMin: number;
    expectedMax: number | null;
    /** Session number of the next reassessment point, or null when none is left. */
    nextReassessment: number | null;
    firstVisit: string | null;
    lastVisit: string | null;
  };
  treatment: {
    /** Most used first, e.g. { label: 'GB34 R', count: 6 }. */
    acupoints: { label: string; count: number }[];
    muscles: { label: string; count: number }[];
    /** Signed visits with at least one e-stim lead pair, and the most used setting ('2 Hz', '2/100 Hz'). */
    estimVisits: number;
    estimCommon: string | null;
    adjuncts: { label: string; count: number }[];
  };
  /** Every signed visit's points and muscles on the body figure, each counted once per visit (shared/body-chart.ts caseChart). */
  bodyChart: BodyChart;
  /** Pain NRS first, then each outcome measure recorded on the case. */
  outcomes: {
    measure: MeasureId;
    name: string;
    first: { date: string; score: number };
    latest: { date: string; score: number };
    /** Signed improvement: positive is better, whatever the measure's direction. */
    improvement: number;
    mcid: number;
    met: boolean;
    /** Worse than the first value by the MCID (GROC: rated −MCID or lower). */
    worsened: boolean;
    higherIsBetter: boolean;
    min: number;
    max: number;
  }[];
  /** Whom the report is written for: the case's referring provider, when it has one. */
  referring: { name: string; npi: string | null } | null;
  /** The practitioner's summary: the latest signed assessment's own words, and its date. */
  summary: { on: string; text: string } | null;
  /** The latest objective findings: the newest signed visit's or assessment's, and their date. */
  objective: { on: string; text: string } | null;
  /** The pain score that would be a meaningful improvement on the first (the chart's dashed line), or null. */
  painTarget: number | null;
  /** The latest signed TCM findings (tongue, pulse, pattern) and their date; null when none were charted. */
  tcm: (TcmSummary & { date: string }) | null;
  /** Pain before and after each signed visit, in order: the trend chart. */
  painSeries: { session: number; date: string; before: number | null; after: number | null }[];
  flags: { title: string; rule: string }[];
  plan: { text: string | null; plannedSessions: number | null; frequency: string | null; homeCare: string | null };
}

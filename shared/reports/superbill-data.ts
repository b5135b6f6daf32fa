import type { Clinic } from '../clinic';
import type { Provider } from '../provider';

/** Money is whole cents everywhere, so totals add up exactly. */
export type Cents = number;

/** One superbill: a patient, a date range, and every billed line of their signed visits in it. */
export interface SuperbillData {
  /** ISO date the superbill was produced. */
  generatedOn: string;
  /** Inclusive ISO dates covered; the same day twice for a single visit. */
  from: string;
  to: string;
  clinic: Clinic;
  /** Rendering providers of the visits on this superbill, each with NPI, license and taxonomy. */
  providers: Provider[];
  patient: {
    name: string;
    dateOfBirth: string;
    sex: string;
    addressLine1: string | null;
    addressLine2: string | null;
    city: string | null;
    state: string | null;
    postalCode: string | null;
    phone: string | null;
    insurancePayer: string | null;
    insuranceMemberId: string | null;
    insuranceGroup: string | null;
    /** The clinic's account number for the patient (CMS-1500 box 26). */
    accountNumber?: string;
    /** The policyholder when it is not the patient (boxes 4, 6, 11a). */
    insured?: { name: string; dateOfBirth: string; relationship: string } | null;
    /** The insured's address (box 7) when the patient is not the policyholder; box 7 is the patient's own otherwise. */
    insuredAddress?: { addressLine1: string | null; city: string | null; state: string | null; postalCode: string | null } | null;
  };
  /** Per case billed: onset (box 14), referring provider (box 17) and prior authorization (box 23). */
  cases?: {
    condition: string;
    onsetDate: string;
    referringName: string | null;
    referringNpi: string | null;
    priorAuthorization: string | null;
    /** Box 10a–c, as recorded on the case; null where nobody answered (cases opened before they were asked). */
    employmentRelated?: boolean | null;
    autoAccident?: boolean | null;
    autoAccidentState?: string | null;
    otherAccident?: boolean | null;
  }[];
  /** Every ICD-10-CM code the lines point to, lettered A, B, C… in the order listed. */
  diagnoses: { pointer: string; code: string; description: string }[];
  /** One row per billed service line, in date order. */
  lines: {
    dateOfService: string;
    placeOfService: string;
    code: string;
    description: string;
    modifiers: string[];
    units: number;
    /** Letters into `diagnoses`, primary first. */
    pointers: string[];
    /** Fee for one unit, and the line total (units × fee). */
    unitFee: Cents;
    charge: Cents;
    /** NPI of the rendering provider, for clinics with several. */
    providerNpi: string;
  }[];
  totals: { charged: Cents; paid: Cents; balance: Cents };
  payments: { date: string; method: string; amount: Cents }[];
}

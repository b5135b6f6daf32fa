import { useCallback, useState } from 'react';
import { ErrorSummary } from '../components/ErrorSummary';
import type { InsuredRelationship, Patient, PatientInput, Sex, TrainingPhase, VolumeUnit } from '../../../shared/patient';
import { api } from '../api';
import { ReadStatus } from '../components/ReadFailed';
import { usePatient, useStartFrom } from '../reads';
import { SaveRow, SelectField, TextField } from '../components/Field';
import { useForm } from '../components/useForm';
import { formatDate, toText } from '../format';
import { PHASE_OPTIONS, RACE_DISTANCES, SEX_OPTIONS } from '../labels';
import { href, navigate, useLeaveGuard } from '../route';
import { PatientAccount } from './PatientAccount';
import { PatientCases } from './PatientCases';
import { PatientSafetyPanel } from './PatientSafetyPanel';
import { RecordsOut } from './RecordsOut';
import { UnsignedNotes } from '../components/UnsignedNotes';

interface RaceValues {
  id?: number;
  name: string;
  date: string;
  distance: string;
}

/** Everything as typed text: a half-typed number is kept, not rejected, until Save. */
interface PatientValues {
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  sex: Sex | '';
  phone: string;
  email: string;
  addressLine1: string;
  addressLine2: string;
  city: string;
  state: string;
  postalCode: string;
  insurancePayer: string;
  insuranceMemberId: string;
  insuranceGroup: string;
  insuredRelationship: InsuredRelationship;
  insuredName: string;
  insuredDateOfBirth: string;
  insuredAddressLine1: string;
  insuredCity: string;
  insuredState: string;
  insuredPostalCode: string;
  primarySport: string;
  weeklyVolume: string;
  volumeUnit: VolumeUnit;
  longRun: string;
  trainingPhase: TrainingPhase | '';
  races: RaceValues[];
}

/** CMS-1500 box 6, in the words the front desk uses. */
const INSURED_OPTIONS: { value: InsuredRelationship; label: string }[] = [
  { value: 'self', label: 'The patient' },
  { value: 'spouse', label: 'Spouse or partner' },
  { value: 'child', label: 'Parent (patient is their child)' },
  { value: 'other', label: 'Someone else' },
];

const BLANK: PatientValues = {
  firstName: '',
  lastName: '',
  dateOfBirth: '',
  sex: '',
  phone: '',
  email: '',
  addressLine1: '',
  addressLine2: '',
  city: '',
  state: '',
  postalCode: '',
  insurancePayer: '',
  insuranceMemberId: '',
  insuranceGroup: '',
  insuredRelationship: 'self',
  insuredName: '',
  insuredDateOfBirth: '',
  insuredAddressLine1: '',
  insuredCity: '',
  insuredState: '',
  insuredPostalCode: '',
  primarySport: 'Running',
  weeklyVolume: '',
  volumeUnit: 'km',
  longRun: '',
  trainingPhase: '',
  races: [],
};

function toValues(p: Patient): PatientValues {
  const text = Object.fromEntries(
    (Object.keys(BLANK) as (keyof PatientValues)[]).filter((k) => k !== 'races').map((k) => [k, toText(p[k as keyof Patient] as string | number | null)]),
  ) as unknown as PatientValues;
  return { ...text, insuredRelationship: p.insuredRelationship ?? 'self', races: p.races.map((r) => ({ ...r })) };
}

function toInput(v: PatientValues, id: number | 'new'): PatientInput {
  return {
    ...v,
    ...(id === 'new' ? {} : { id }),
    sex: v.sex as Sex,
    trainingPhase: v.trainingPhase === '' ? null : v.trainingPhase,
  };
}

export function PatientForm({ id }: { id: number | 'new' }) {
  const form = useForm<PatientValues>(BLANK);
  const read = usePatient(id === 'new' ? null : id);
  const [archiveRefused, setArchiveRefused] = useState<string | null>(null);
  const patient = read.value ?? null;
  const { values, set, errors, reset } = form;
  const start = useCallback((p: Patient) => reset(toValues(p)), [reset]);
  // Another seat's change to the details shows while nothing is typed here; typing is kept.
  useStartFrom(read.value, start, form.dirty);

  useLeaveGuard(form.dirty);

  if (id !== 'new' && !patient) return <ReadStatus what="the patient" read={read} />;
  const archived = patient?.archivedAt != null;

  async function save() {
    const saved = await form.submit((v) => api.savePatient(toInput(v, id)));
    if (!saved) return;
    reset(toValues(saved));
    if (id === 'new') navigate({ screen: 'patient', id: saved.id });
  }

  async function toggleArchived() {
    if (!patient) return;
    // Read back with every other record after the write (renderer/src/query.ts).
    const o = await api.setPatientArchived({ id: patient.id, archived: !archived });
    setArchiveRefused(o.ok ? null : o.error.message);
  }

  const setRace = (index: number, change: Partial<RaceValues>) =>
    set(
      'races',
      values.races.map((r, i) => (i === index ? { ...r, ...change } : r)),
    );
  const text = (key: Exclude<keyof PatientValues, 'races' | 'sex' | 'trainingPhase' | 'volumeUnit' | 'insuredRelationship'>) => ({
    name: key,
    value: values[key],
    onChange: (v: string) => set(key, v),
    error: errors[key],
  });

  const title = id === 'new' ? 'New patient' : patient ? `${patient.firstName} ${patient.lastName}` : 'Patient';
  return (
    <section aria-labelledby="patient-title">
      <header className="screen-head">
        <div>
          <a className="back" href={href({ screen: 'patients' })}>
            ← Patients
          </a>
          <h1 id="patient-title">
            {title}
            {archived ? <span className="pill pill-archived">Archived</span> : null}
          </h1>
          {patient ? <p className="overview">{overview(patient)}</p> : null}
        </div>
        {patient ? (
          <div className="actions">
            <a className="button" href={href({ screen: 'audit', patientId: patient.id })}>
              Audit trail
            </a>
            <button type="button" onClick={() => void toggleArchived()}>
              {archived ? 'Restore patient' : 'Archive patient'}
            </button>
          </div>
        ) : null}
      </header>
      {archiveRefused ? (
        <p className="form-status-error" role="alert">
          {archiveRefused}
        </p>
      ) : null}
      {patient ? <ReadStatus what="the patient" read={read} /> : null}
      {patient ? (
        <nav className="section-nav" aria-label="Patient sections">
          {SECTIONS.map(([label, target]) => (
            <button key={target} type="button" className="button-quiet" onClick={() => jumpTo(target)}>
              {label}
            </button>
          ))}
        </nav>
      ) : null}
      {patient ? <UnsignedNotes query={{ patientId: patient.id }} title="Unsigned notes" showPatient={false} /> : null}
      {patient ? <PatientCases patientId={patient.id} archived={archived} /> : null}
      {patient ? <PatientAccount patientId={patient.id} /> : null}
      {patient ? <PatientSafetyPanel patientId={patient.id} archived={archived} /> : null}
      {patient ? <RecordsOut patientId={patient.id} /> : null}
      {patient ? (
        <h2 id="details-title" className="details-title" tabIndex={-1}>
          Details
        </h2>
      ) : null}
      <form
        noValidate
        className="form"
        aria-labelledby={patient ? 'details-title' : undefined}
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <ErrorSummary status={form.status} errors={form.errors} />
        <fieldset disabled={archived}>
          <legend>Demographics</legend>
          <div className="grid-fields">
            <TextField label="First name" required autoComplete="off" {...text('firstName')} autoFocus={id === 'new'} />
            <TextField label="Last name" required autoComplete="off" {...text('lastName')} />
            <TextField label="Date of birth" required type="date" {...text('dateOfBirth')} />
            <SelectField
              label="Sex"
              required
              name="sex"
              value={values.sex}
              options={SEX_OPTIONS}
              placeholder="Choose…"
              onChange={(v) => set('sex', v)}
              error={errors.sex}
            />
          </div>
        </fieldset>
        <fieldset disabled={archived}>
          <legend>Contact</legend>
          <div className="grid-fields">
            <TextField label="Phone" type="tel" {...text('phone')} />
            <TextField label="E-mail" type="email" {...text('email')} />
            <TextField label="Address" wide {...text('addressLine1')} />
            <TextField label="Address line 2" wide {...text('addressLine2')} />
            <TextField label="City" {...text('city')} />
            <TextField label="State" maxLength={2} {...text('state')} />
            <TextField label="ZIP code" {...text('postalCode')} />
          </div>
        </fieldset>
        <fieldset disabled={archived}>
          <legend>Insurance (for superbills)</legend>
          <div className="grid-fields">
            <TextField label="Insurance payer" {...text('insurancePayer')} />
            <TextField label="Member ID" {...text('insuranceMemberId')} />
            <TextField label="Group number" {...text('insuranceGroup')} />
            <SelectField
              label="Policyholder"
              name="insuredRelationship"
              value={values.insuredRelationship}
              options={INSURED_OPTIONS}
              onChange={(v) => set('insuredRelationship', v === '' ? 'self' : v)}
              error={errors.insuredRelationship}
            />
            {values.insuredRelationship !== 'self' ? (
              <>
                <TextField label="Insured’s name" {...text('insuredName')} />
                <TextField label="Insured’s date of birth" type="date" {...text('insuredDateOfBirth')} />
                {/* Claim form box 7: where the policyholder lives, when it is not the patient. */}
                <TextField label="Insured’s address" wide {...text('insuredAddressLine1')} />
                <TextField label="Insured’s city" {...text('insuredCity')} />
                <TextField label="Insured’s state" maxLength={2} {...text('insuredState')} />
                <TextField label="Insured’s ZIP code" {...text('insuredPostalCode')} />
              </>
            ) : null}
          </div>
        </fieldset>
        <fieldset disabled={archived}>
          <legend>Sport profile</legend>
          <div className="grid-fields">
            <TextField label="Primary sport" {...text('primarySport')} />
            <TextField label="Weekly volume" inputMode="decimal" {...text('weeklyVolume')} />
            <SelectField
              label="Unit"
              name="volumeUnit"
              value={values.volumeUnit}
              options={[
                { value: 'km', label: 'km' },
                { value: 'mi', label: 'mi' },
              ]}
              onChange={(v) => set('volumeUnit', v === '' ? 'km' : v)}
              error={errors.volumeUnit}
            />
            <TextField label="Long run" inputMode="decimal" hint={`Longest single run, ${values.volumeUnit}`} {...text('longRun')} />
            <SelectField
              label="Training phase"
              name="trainingPhase"
              value={values.trainingPhase}
              options={PHASE_OPTIONS}
              placeholder="Not recorded"
              onChange={(v) => set('trainingPhase', v)}
              error={errors.trainingPhase}
            />
          </div>
        </fieldset>
        <fieldset disabled={archived}>
          <legend>Races</legend>
          <datalist id="race-distances">
            {RACE_DISTANCES.map((d) => (
              <option key={d} value={d} />
            ))}
          </datalist>
          {values.races.length === 0 ? <p className="muted">No races recorded.</p> : null}
          {values.races.map((race, i) => (
            <div className="race-row" key={race.id ?? `new-${i}`}>
              <TextField label="Race" name={`races.${i}.name`} value={race.name} onChange={(v) => setRace(i, { name: v })} error={errors[`races.${i}.name`]} />
              <TextField
                label="Date"
                type="date"
                name={`races.${i}.date`}
                value={race.date}
                onChange={(v) => setRace(i, { date: v })}
                error={errors[`races.${i}.date`]}
              />
              <TextField
                label="Distance"
                list="race-distances"
                name={`races.${i}.distance`}
                value={race.distance}
                onChange={(v) => setRace(i, { distance: v })}
                error={errors[`races.${i}.distance`]}
              />
              <button
                type="button"
                className="button-quiet"
                aria-label={`Remove race ${race.name || i + 1}`}
                onClick={() =>
                  set(
                    'races',
                    values.races.filter((_, j) => j !== i),
                  )
                }
              >
                Remove
              </button>
            </div>
          ))}
          <button type="button" onClick={() => set('races', [...values.races, { name: '', date: '', distance: '' }])}>
            Add race
          </button>
        </fieldset>
        <SaveRow label={id === 'new' ? 'Create patient' : 'Save changes'} status={form.status} dirty={form.dirty} disabled={archived} />
      </form>
    </section>
  );
}

/** The patient page's parts, in page order; each heading is where "jump to" lands. */
const SECTIONS: readonly (readonly [string, string])[] = [
  ['Cases', 'cases-title'],
  ['Account', 'account-title'],
  ['Safety & consents', 'safety-title'],
  ['Records out', 'records-out-title'],
  ['Details', 'details-title'],
];

/** Scrolls a section's heading to the top and puts focus there, so the next Tab continues inside it. */
function jumpTo(headingId: string): void {
  const heading = document.getElementById(headingId);
  if (!heading) return;
  if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
  heading.scrollIntoView({ block: 'start' });
  heading.focus({ preventScroll: true });
}

/** One line under the name: what the front desk and the practitioner look for first. */
function overview(p: Patient): string {
  const parts = [`Born ${formatDate(p.dateOfBirth)}`];
  if (p.phone) parts.push(p.phone);
  parts.push(p.insurancePayer ? p.insurancePayer : 'No insurance on file');
  if (p.primarySport) parts.push(p.weeklyVolume ? `${p.primarySport}, ${p.weeklyVolume} ${p.volumeUnit} a week` : p.primarySport);
  return parts.join(' · ');
}

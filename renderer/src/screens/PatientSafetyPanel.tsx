import { useCallback } from 'react';
import { ErrorSummary } from '../components/ErrorSummary';
import { CONSENT_KINDS, CONSENT_LABEL, SCREEN_QUESTIONS, type ConsentKind, type PatientSafety, type SafetyScreen } from '../../../shared/safety';
import { api } from '../api';
import { ReadStatus } from '../components/ReadFailed';
import { usePatientSafety, useStartFrom } from '../reads';
import { Field, SaveRow, SelectField, TextField } from '../components/Field';
import { useForm } from '../components/useForm';
import { formatDate, todayIso } from '../format';

type ScreenValues = Omit<SafetyScreen, 'dueDate' | 'precautions'> & { dueDate: string; precautions: string };
const BLANK: ScreenValues = {
  pregnant: false,
  dueDate: '',
  implantedDevice: false,
  bleedingRisk: false,
  needleFainting: false,
  metalLatexAllergy: false,
  diabetesNeuropathy: false,
  precautions: '',
  reviewedOn: '',
};

/**
 * The patient's safety screen and consents: what the chart warns about as points are entered
 * (shared/rules/safety.ts). Each saves on its own, in one transaction, audited by field name.
 */
export function PatientSafetyPanel({ patientId, archived }: { patientId: number; archived: boolean }) {
  const read = usePatientSafety(patientId);
  const safety = read.value;
  const screen = useForm<ScreenValues>(BLANK);
  const consent = useForm<{ kind: ConsentKind | ''; signedOn: string; formVersion: string }>({ kind: '', signedOn: todayIso(), formVersion: '' });
  const { reset } = screen;
  const start = useCallback(
    ({ screen: s }: PatientSafety) => reset(s ? { ...s, dueDate: s.dueDate ?? '', precautions: s.precautions ?? '' } : { ...BLANK, reviewedOn: todayIso() }),
    [reset],
  );
  // Another seat's review shows here while nothing is typed in the form; typing is never overwritten.
  useStartFrom(safety, start, screen.dirty);

  // The form appears once the screen on file is in it, so nothing typed is overwritten by the load.
  if (safety === undefined) return <ReadStatus what="the safety screen" read={read} />;
  const v = screen.values;
  return (
    <section className="panel" id="safety" aria-labelledby="safety-title">
      <header className="screen-head">
        <h2 id="safety-title">Safety screen</h2>
        <span className={safety.screen ? 'muted' : 'form-status-error'} data-testid="safety-reviewed">
          {safety.screen ? `Reviewed ${formatDate(safety.screen.reviewedOn)}` : 'Not on file: ask before needling'}
        </span>
      </header>
      <ReadStatus what="the safety screen" read={read} />
      <form
        aria-label="Safety screen"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void screen.submit((values) => api.saveSafetyScreen({ patientId, ...values }));
        }}
      >
        <ErrorSummary status={screen.status} errors={screen.errors} />
        <fieldset disabled={archived} className="safety-questions">
          <legend className="visually-hidden">Contraindications and precautions</legend>
          {SCREEN_QUESTIONS.map(([key, label]) => (
            <label key={key} className="check">
              <input type="checkbox" name={key} checked={v[key]} onChange={(e) => screen.set(key, e.target.checked)} />
              {label}
            </label>
          ))}
        </fieldset>
        <div className="grid-fields">
          {v.pregnant ? (
            <TextField label="Due date" name="dueDate" type="date" value={v.dueDate} onChange={(x) => screen.set('dueDate', x)} error={screen.errors.dueDate} />
          ) : null}
          <TextField
            label="Reviewed on"
            name="reviewedOn"
            type="date"
            value={v.reviewedOn}
            onChange={(x) => screen.set('reviewedOn', x)}
            error={screen.errors.reviewedOn}
          />
          <Field label="Other precautions" name="precautions" error={screen.errors.precautions} wide>
            {(p) => <textarea {...p} rows={2} value={v.precautions} onChange={(e) => screen.set('precautions', e.target.value)} />}
          </Field>
        </div>
        <SaveRow label="Save safety screen" status={screen.status} dirty={screen.dirty} disabled={archived} />
      </form>

      <h3 id="consents-title">Consents</h3>
      {safety.consents.length > 0 ? (
        <ul className="consent-list" aria-labelledby="consents-title">
          {safety.consents.map((c) => (
            <li key={c.id}>
              <strong>{CONSENT_LABEL[c.kind]}</strong> signed {formatDate(c.signedOn)} · form {c.formVersion}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No consents on file.</p>
      )}
      {CONSENT_KINDS.some((k) => !safety.consents.some((c) => c.kind === k)) ? (
        <p className="muted" data-testid="consents-missing">
          Missing:{' '}
          {CONSENT_KINDS.filter((k) => !safety.consents.some((c) => c.kind === k))
            .map((k) => CONSENT_LABEL[k])
            .join(', ')}
        </p>
      ) : null}
      <form
        aria-label="Add consent"
        noValidate
        className="grid-fields"
        onSubmit={(e) => {
          e.preventDefault();
          void consent
            .submit((values) => api.addConsent({ patientId, ...values, kind: values.kind as ConsentKind }))
            .then((saved) => {
              if (!saved) return;
              consent.reset({ kind: '', signedOn: todayIso(), formVersion: '' });
            });
        }}
      >
        <ErrorSummary status={consent.status} errors={consent.errors} />
        <SelectField
          label="Consent"
          name="kind"
          value={consent.values.kind}
          placeholder="Choose…"
          options={CONSENT_KINDS.map((k) => ({ value: k, label: CONSENT_LABEL[k] }))}
          onChange={(x) => consent.set('kind', x)}
          error={consent.errors.kind}
        />
        <TextField
          label="Signed on"
          name="signedOn"
          type="date"
          value={consent.values.signedOn}
          onChange={(x) => consent.set('signedOn', x)}
          error={consent.errors.signedOn}
        />
        <TextField
          label="Form version"
          name="formVersion"
          value={consent.values.formVersion}
          onChange={(x) => consent.set('formVersion', x)}
          error={consent.errors.formVersion}
          placeholder="e.g. DN-2026.1"
        />
        <SaveRow label="Add consent" status={consent.status} dirty={consent.dirty} disabled={archived} />
      </form>
    </section>
  );
}

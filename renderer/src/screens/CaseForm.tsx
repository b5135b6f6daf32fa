import { useCallback } from 'react';
import { DiagnosisSearch } from '../components/DiagnosisSearch';
import { ErrorSummary } from '../components/ErrorSummary';
import type { CareCase } from '../../../shared/case';
import { alternativeIcd10, CONDITIONS, conditionById, suggestIcd10, type CaseSide } from '../../../shared/catalogs/conditions';
import { api } from '../api';
import { ReadStatus } from '../components/ReadFailed';
import { useCase, useStartFrom } from '../reads';
import { SaveRow, SelectField, TextField } from '../components/Field';
import { useForm } from '../components/useForm';
import { todayIso } from '../format';
import { href, navigate, useLeaveGuard } from '../route';

interface CaseValues {
  conditionId: string; // '' = free text
  conditionText: string;
  side: CaseSide;
  onsetDate: string;
  startDate: string;
  recurring: boolean;
  maintenance: boolean;
  diagnoses: { code: string; description: string }[];
  goals: string;
  referringName: string;
  referringNpi: string;
  priorAuthorization: string;
  /** Box 10a–c: 'yes', 'no', or '' while unanswered (a case opened before they were asked). */
  employmentRelated: Answer;
  autoAccident: Answer;
  autoAccidentState: string;
  otherAccident: Answer;
}

type Answer = 'yes' | 'no' | '';
const toAnswer = (v: boolean | null): Answer => (v === null ? '' : v ? 'yes' : 'no');
const fromAnswer = (v: Answer): boolean | null => (v === '' ? null : v === 'yes');
const ANSWERS: { value: 'yes' | 'no'; label: string }[] = [
  { value: 'no', label: 'No' },
  { value: 'yes', label: 'Yes' },
];

const SIDES: { value: CaseSide; label: string }[] = [
  { value: 'right', label: 'Right' },
  { value: 'left', label: 'Left' },
  { value: 'bilateral', label: 'Bilateral' },
  { value: 'na', label: 'Not applicable' },
];

const blank = (): CaseValues => ({
  conditionId: '',
  conditionText: '',
  side: 'right',
  onsetDate: '',
  startDate: todayIso(),
  recurring: false,
  maintenance: false,
  diagnoses: [],
  goals: '',
  referringName: '',
  referringNpi: '',
  priorAuthorization: '',
  // A new case asks the claim form's questions with the answer that fits most runners' overuse injuries.
  employmentRelated: 'no',
  autoAccident: 'no',
  autoAccidentState: '',
  otherAccident: 'no',
});

/** Opens or edits an episode of care. The framework phase is derived from onset and start, never typed. */
export function CaseForm({ patientId, id }: { patientId: number; id: number | 'new' }) {
  const form = useForm<CaseValues>(blank());
  const read = useCase(id === 'new' ? null : id);
  const existing = read.value?.careCase ?? null;
  const { values, set, errors, reset } = form;
  useLeaveGuard(form.dirty);
  const start = useCallback(
    ({ careCase: c }: { careCase: CareCase }) =>
      reset({
        conditionId: c.conditionId ?? '',
        conditionText: c.conditionText,
        side: c.side,
        onsetDate: c.onsetDate,
        startDate: c.startDate,
        recurring: c.recurring,
        maintenance: c.maintenance,
        diagnoses: c.diagnoses.map(({ code, description }) => ({ code, description })),
        goals: c.goals ?? '',
        referringName: c.referringName ?? '',
        referringNpi: c.referringNpi ?? '',
        priorAuthorization: c.priorAuthorization ?? '',
        employmentRelated: toAnswer(c.employmentRelated),
        autoAccident: toAnswer(c.autoAccident),
        autoAccidentState: c.autoAccidentState ?? '',
        otherAccident: toAnswer(c.otherAccident),
      }),
    [reset],
  );
  useStartFrom(read.value, start, form.dirty);

  const owner = existing?.patientId ?? patientId;

  function chooseCondition(conditionId: string) {
    const condition = conditionById(conditionId);
    set('conditionId', conditionId);
    if (condition) {
      set('conditionText', condition.name);
      set('maintenance', condition.id === 'maintenance');
      set(
        'diagnoses',
        suggestIcd10(condition.id, values.side).map(({ code, description }) => ({ code, description })),
      );
    }
  }

  function chooseSide(side: CaseSide) {
    set('side', side);
    // Codes carry laterality: follow the side unless the practitioner has edited them.
    const condition = conditionById(values.conditionId);
    if (condition) {
      const before = suggestIcd10(condition.id, values.side)
        .map((d) => d.code)
        .join();
      if (values.diagnoses.map((d) => d.code).join() === before) {
        set(
          'diagnoses',
          suggestIcd10(condition.id, side).map(({ code, description }) => ({ code, description })),
        );
      }
    }
  }

  async function save() {
    const saved = await form.submit((v) =>
      api.saveCase({
        ...v,
        patientId: owner,
        conditionId: v.conditionId || null,
        employmentRelated: fromAnswer(v.employmentRelated),
        autoAccident: fromAnswer(v.autoAccident),
        autoAccidentState: v.autoAccident === 'yes' ? v.autoAccidentState : '',
        otherAccident: fromAnswer(v.otherAccident),
        ...(id === 'new' ? {} : { id }),
      }),
    );
    if (saved) navigate({ screen: 'case', id: saved.id });
  }

  // Codes offered in place of the primary (e.g. M76.82- for shin splints): one code, never both.
  const alternatives = values.conditionId ? alternativeIcd10(values.conditionId, values.side) : [];
  return (
    <section aria-labelledby="case-form-title">
      <header className="screen-head">
        <div>
          <a className="back" href={existing ? href({ screen: 'case', id: existing.id }) : href({ screen: 'patient', id: owner })}>
            {existing ? `← ${existing.patientName} · ${existing.conditionText}` : '← Back to the patient'}
          </a>
          <h1 id="case-form-title">{id === 'new' ? 'Open a case' : `Edit case: ${existing?.conditionText ?? ''}`}</h1>
        </div>
      </header>
      {id === 'new' ? null : <ReadStatus what="the case" read={read} />}
      <form
        noValidate
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <ErrorSummary status={form.status} errors={form.errors} />
        <fieldset>
          <legend>Condition</legend>
          <div className="grid-fields">
            <SelectField
              label="Condition"
              name="conditionId"
              value={values.conditionId}
              placeholder="Other (type below)"
              options={CONDITIONS.map((c) => ({ value: c.id, label: c.name }))}
              onChange={chooseCondition}
              error={errors.conditionId}
            />
            <TextField
              label="Condition as charted"
              required
              name="conditionText"
              value={values.conditionText}
              onChange={(v) => set('conditionText', v)}
              error={errors.conditionText}
            />
            <SelectField label="Side" name="side" value={values.side} options={SIDES} onChange={(v) => chooseSide(v === '' ? 'na' : v)} error={errors.side} />
            <TextField
              label="Onset"
              required
              type="date"
              name="onsetDate"
              value={values.onsetDate}
              onChange={(v) => set('onsetDate', v)}
              error={errors.onsetDate}
            />
            <TextField
              label="Start of care"
              required
              type="date"
              name="startDate"
              value={values.startDate}
              onChange={(v) => set('startDate', v)}
              error={errors.startDate}
            />
            <label className="check">
              <input type="checkbox" name="recurring" checked={values.recurring} onChange={(e) => set('recurring', e.target.checked)} /> Recurring (counts as
              chronic)
            </label>
            <label className="check">
              <input type="checkbox" name="maintenance" checked={values.maintenance} onChange={(e) => set('maintenance', e.target.checked)} /> Maintenance /
              performance care
            </label>
          </div>
          {conditionById(values.conditionId)?.note ? <p className="muted">{conditionById(values.conditionId)!.note}</p> : null}
        </fieldset>
        <fieldset>
          <legend>ICD-10-CM diagnoses (primary first)</legend>
          {values.diagnoses.length === 0 ? <p className="muted">No codes. Choose a condition to get suggestions, or find a code below.</p> : null}
          {values.diagnoses.map((d, i) => (
            <div className="dx-row" key={d.code || i}>
              <span className="dx-pointer" aria-hidden="true">
                {String.fromCharCode(65 + i)}
              </span>
              {/* The code is chosen from the set below, never typed: shown read-only, with what the set says of it. */}
              <TextField label="Code" name={`diagnoses.${i}.code`} value={d.code} readOnly onChange={() => undefined} error={errors[`diagnoses.${i}.code`]} />
              <p className="dx-description" data-testid={`diagnoses.${i}.description`}>
                {d.description}
              </p>
              <button
                type="button"
                className="button-quiet"
                onClick={() =>
                  set(
                    'diagnoses',
                    values.diagnoses.filter((_, j) => j !== i),
                  )
                }
                aria-label={`Remove ${d.code || 'code'}`}
              >
                Remove
              </button>
            </div>
          ))}
          {values.diagnoses.length < 12 ? (
            <DiagnosisSearch
              taken={values.diagnoses.map((d) => d.code)}
              onChoose={(hit) => {
                if (!values.diagnoses.some((d) => d.code === hit.code))
                  set('diagnoses', [...values.diagnoses, { code: hit.code, description: hit.description }]);
              }}
            />
          ) : null}
          {alternatives.length ? (
            <p className="muted small">
              Or instead of the first code, when it fits better:{' '}
              {alternatives.map((a) => (
                <button
                  key={a.code}
                  type="button"
                  className="button-quiet"
                  title={a.description}
                  onClick={() => set('diagnoses', [{ code: a.code, description: a.description }, ...values.diagnoses.slice(1)])}
                >
                  {a.code} {a.description}
                </button>
              ))}
            </p>
          ) : null}
        </fieldset>
        <fieldset>
          <legend>Goals</legend>
          <div className="field">
            <label htmlFor="goals">What the runner wants back</label>
            <textarea id="goals" name="goals" rows={3} value={values.goals} onChange={(e) => set('goals', e.target.value)} />
          </div>
        </fieldset>
        <fieldset>
          <legend>Referral and authorization (printed on superbills)</legend>
          <div className="grid-fields">
            <TextField
              label="Referring provider"
              name="referringName"
              value={values.referringName}
              onChange={(v) => set('referringName', v)}
              error={errors.referringName}
              placeholder="e.g. Dr. Lena Park, MD"
            />
            <TextField
              label="Referring NPI"
              name="referringNpi"
              value={values.referringNpi}
              onChange={(v) => set('referringNpi', v)}
              error={errors.referringNpi}
            />
            <TextField
              label="Prior authorization no."
              name="priorAuthorization"
              value={values.priorAuthorization}
              onChange={(v) => set('priorAuthorization', v)}
              error={errors.priorAuthorization}
            />
          </div>
        </fieldset>
        <fieldset>
          <legend>Is the condition related to (claim form box 10)</legend>
          <div className="grid-fields">
            <SelectField
              label="Employment (10a)"
              name="employmentRelated"
              value={values.employmentRelated}
              options={ANSWERS}
              placeholder="Not answered"
              onChange={(v) => set('employmentRelated', v)}
              error={errors.employmentRelated}
            />
            <SelectField
              label="Auto accident (10b)"
              name="autoAccident"
              value={values.autoAccident}
              options={ANSWERS}
              placeholder="Not answered"
              onChange={(v) => set('autoAccident', v)}
              error={errors.autoAccident}
            />
            {values.autoAccident === 'yes' ? (
              <TextField
                label="Accident state"
                name="autoAccidentState"
                maxLength={2}
                value={values.autoAccidentState}
                onChange={(v) => set('autoAccidentState', v)}
                error={errors.autoAccidentState}
              />
            ) : null}
            <SelectField
              label="Other accident (10c)"
              name="otherAccident"
              value={values.otherAccident}
              options={ANSWERS}
              placeholder="Not answered"
              onChange={(v) => set('otherAccident', v)}
              error={errors.otherAccident}
            />
          </div>
        </fieldset>
        <SaveRow label={id === 'new' ? 'Open case' : 'Save case'} status={form.status} dirty={form.dirty} />
      </form>
    </section>
  );
}

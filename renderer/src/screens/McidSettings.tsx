import { useCallback } from 'react';
import { ErrorSummary } from '../components/ErrorSummary';
import { OUTCOME_MEASURES, type MeasureId } from '../../../shared/catalogs/outcome-measures';
import type { Mcids } from '../../../shared/rules/mcid';
import type { ResultOf } from '../../../shared/contract';
import { api } from '../api';
import { ReadStatus } from '../components/ReadFailed';
import { useMcids, useStartFrom } from '../reads';
import { SaveRow } from '../components/Field';
import { useForm } from '../components/useForm';

type Values = Record<MeasureId, string>;

/** The clinic's MCIDs: what counts as meaningful change for every flag and chart. */
export function McidSettings() {
  const form = useForm<Values>(Object.fromEntries(OUTCOME_MEASURES.map((m) => [m.id, ''])) as Values);
  const read = useMcids();
  const defaults = read.value?.defaults ?? null;
  const { reset } = form;
  const start = useCallback(
    (m: ResultOf<'getMcids'>) => reset(Object.fromEntries(Object.entries(m.values).map(([k, v]) => [k, String(v)])) as Values),
    [reset],
  );
  useStartFrom(read.value, start, form.dirty);

  return (
    <form
      noValidate
      className="form panel"
      aria-label="MCIDs"
      onSubmit={(e) => {
        e.preventDefault();
        void form.submit((v) => api.saveMcids(Object.fromEntries(Object.entries(v).map(([k, x]) => [k, Number(x)])) as Mcids));
      }}
    >
      <ReadStatus what="the MCIDs" read={read} />
      <ErrorSummary status={form.status} errors={form.errors} />
      <fieldset>
        <legend>Meaningful change (MCID)</legend>
        <p className="muted">
          The change in each measure that counts as meaningful for flags, charts and reports. Defaults come from the published literature.
        </p>
        <div className="grid-fields">
          {OUTCOME_MEASURES.map((m) => (
            <div className="field" key={m.id}>
              <label htmlFor={`mcid-${m.id}`}>{m.short}</label>
              <input
                id={`mcid-${m.id}`}
                name={`mcid-${m.id}`}
                inputMode="decimal"
                value={form.values[m.id]}
                onChange={(e) => form.set(m.id, e.target.value)}
                aria-invalid={Boolean(form.errors[m.id])}
              />
              {form.errors[m.id] ? (
                <p className="field-error">{form.errors[m.id]}</p>
              ) : (
                <p className="field-hint">
                  {m.mcidNote ?? `${m.min}–${m.max}${m.unit ?? ''}`}
                  {defaults && Number(form.values[m.id]) !== defaults[m.id] ? ` · default ${defaults[m.id]}` : ''}
                </p>
              )}
            </div>
          ))}
        </div>
      </fieldset>
      <SaveRow label="Save MCIDs" status={form.status} dirty={form.dirty} />
    </form>
  );
}

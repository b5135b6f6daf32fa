import type { ChangeEvent, ReactElement } from 'react';
import type { Text, Values } from './assessment-values';

export type AssessmentField = (key: Text, label: string, opts?: { area?: boolean; hint?: string; type?: string }) => ReactElement;

/**
 * One labelled text box of the assessment, its error beside it (or its hint): every field goes
 * through the practitioner's phrases as it is typed.
 */
export function assessmentField(
  v: Values,
  e: Record<string, string>,
  change: (update: (current: Values) => Values) => void,
  expand: (text: string) => string,
): AssessmentField {
  const draft = { change };
  const onText = (key: Text) => (ev: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => draft.change((c) => ({ ...c, [key]: expand(ev.target.value) }));
  return (key: Text, label: string, opts: { area?: boolean; hint?: string; type?: string } = {}) => (
    <div className={`field${opts.area ? ' field-wide' : ''}`}>
      <label htmlFor={`a-${key}`}>{label}</label>
      {opts.area ? (
        <textarea id={`a-${key}`} name={key} rows={2} value={v[key]} onChange={onText(key)} aria-invalid={Boolean(e[key])} />
      ) : (
        <input id={`a-${key}`} name={key} type={opts.type ?? 'text'} value={v[key]} onChange={onText(key)} aria-invalid={Boolean(e[key])} />
      )}
      {e[key] ? (
        <p className="field-error" data-field-error={key}>
          {e[key]}
        </p>
      ) : opts.hint ? (
        <p className="field-hint">{opts.hint}</p>
      ) : null}
    </div>
  );
}

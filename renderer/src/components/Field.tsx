import { useId, type InputHTMLAttributes, type ReactNode } from 'react';
import type { FormStatus } from './useForm';

interface FieldProps {
  label: string;
  /** The contract's field path; also the input's `name`, so errors and inputs line up. */
  name: string;
  error?: string | undefined;
  hint?: string;
  wide?: boolean;
  /** Marked with * beside the label (and aria-required), so no save has to find out. */
  required?: boolean;
  /** The error is said as it appears (role="alert"): for a form whose one answer is that error, such as a passphrase refused. */
  announce?: boolean;
  children: (props: { id: string; name: string; 'aria-invalid': boolean; 'aria-required'?: true; 'aria-describedby'?: string }) => ReactNode;
}

export function Field({ label, name, error, hint, wide, required, announce, children }: FieldProps) {
  const id = useId();
  const describedBy = error ? `${id}-error` : hint ? `${id}-hint` : undefined;
  return (
    <div className={`field${wide ? ' field-wide' : ''}${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>
        {label}
        {required ? (
          <span className="required" title="Required">
            {' '}
            *<span className="visually-hidden"> (required)</span>
          </span>
        ) : null}
      </label>
      {children({
        id,
        name,
        'aria-invalid': Boolean(error),
        ...(required ? { 'aria-required': true as const } : {}),
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
      })}
      {error ? (
        <p className="field-error" id={`${id}-error`} data-field-error={name} {...(announce ? { role: 'alert' } : {})}>
          {error}
        </p>
      ) : hint ? (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}

type TextInputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'name'> & {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  hint?: string;
  wide?: boolean;
  required?: boolean;
  announce?: boolean;
};

export function TextField({ label, name, value, onChange, error, hint, wide, required, announce, ...rest }: TextInputProps) {
  return (
    <Field
      label={label}
      name={name}
      error={error}
      {...(hint ? { hint } : {})}
      {...(wide ? { wide } : {})}
      {...(required ? { required } : {})}
      {...(announce ? { announce } : {})}
    >
      {(p) => <input {...rest} {...p} value={value} onChange={(e) => onChange(e.target.value)} />}
    </Field>
  );
}

interface SelectFieldProps<V extends string> {
  label: string;
  name: string;
  value: V | '';
  options: readonly { value: V; label: string }[];
  onChange: (value: V | '') => void;
  error?: string | undefined;
  /** Shown as the empty choice; leave out to make a choice required. */
  placeholder?: string;
  required?: boolean;
}

export function SelectField<V extends string>({ label, name, value, options, onChange, error, placeholder, required }: SelectFieldProps<V>) {
  return (
    <Field label={label} name={name} error={error} {...(required ? { required } : {})}>
      {(p) => (
        <select {...p} value={value} onChange={(e) => onChange(e.target.value as V | '')}>
          {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

export function FormStatusLine({ status, dirty }: { status: FormStatus; dirty: boolean }) {
  if (status.kind === 'error') {
    return (
      <p className="form-status form-status-error" role="alert">
        {status.partial ? 'Saved, except the fields marked: ' : 'Not saved: '}
        {status.message}
      </p>
    );
  }
  if (status.kind === 'saving') return <p className="form-status">Saving…</p>;
  if (dirty) return <p className="form-status">Unsaved changes</p>;
  if (status.kind === 'saved') return <p className="form-status form-status-ok">Saved</p>;
  return <p className="form-status" />;
}

/** The row under every form: the primary save button, any extra buttons, and what happened. */
export function SaveRow({
  label,
  status,
  dirty,
  disabled,
  children,
}: {
  label: string;
  status: FormStatus;
  dirty: boolean;
  disabled?: boolean;
  children?: ReactNode;
}) {
  return (
    <div className="form-actions">
      <button type="submit" className="button-primary" disabled={disabled || status.kind === 'saving'}>
        {label}
      </button>
      {children}
      <FormStatusLine status={status} dirty={dirty} />
    </div>
  );
}

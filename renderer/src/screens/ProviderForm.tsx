import type { License, Provider } from '../../../shared/provider';
import { ErrorSummary } from '../components/ErrorSummary';
import { ACUPUNCTURIST_TAXONOMY } from '../../../shared/provider';
import { api } from '../api';
import { SaveRow, TextField } from '../components/Field';
import { useForm } from '../components/useForm';
import { toText } from '../format';

interface ProviderValues {
  name: string;
  credentials: string;
  npi: string;
  licenseNumber: string;
  licenseState: string;
  taxonomyCode: string;
  signatureName: string;
  active: boolean;
  otherLicenses: License[];
}

export function ProviderForm({ provider, onDone }: { provider: Provider | null; onDone: (saved: Provider | null) => void }) {
  const form = useForm<ProviderValues>(
    provider
      ? {
          name: provider.name,
          credentials: provider.credentials,
          npi: provider.npi,
          licenseNumber: toText(provider.licenseNumber),
          licenseState: toText(provider.licenseState),
          taxonomyCode: provider.taxonomyCode,
          signatureName: toText(provider.signatureName),
          active: provider.active,
          otherLicenses: provider.otherLicenses.map((l) => ({ ...l })),
        }
      : {
          name: '',
          credentials: 'L.Ac.',
          npi: '',
          licenseNumber: '',
          licenseState: '',
          taxonomyCode: ACUPUNCTURIST_TAXONOMY,
          signatureName: '',
          active: true,
          otherLicenses: [],
        },
  );
  const licenses = form.values.otherLicenses;
  const setLicense = (i: number, change: Partial<License>) =>
    form.set(
      'otherLicenses',
      licenses.map((l, j) => (i === j ? { ...l, ...change } : l)),
    );
  const field = (key: Exclude<keyof ProviderValues, 'active' | 'otherLicenses'>) => ({
    name: key,
    value: form.values[key],
    onChange: (v: string) => form.set(key, v),
    error: form.errors[key],
  });

  return (
    <form
      noValidate
      className="form form-inset"
      aria-label={provider ? `Edit ${provider.name}` : 'New provider'}
      onSubmit={(e) => {
        e.preventDefault();
        void form
          .submit((v) => api.saveProvider(provider ? { ...v, id: provider.id } : v))
          .then((saved) => {
            if (saved) onDone(saved);
          });
      }}
    >
      <ErrorSummary status={form.status} errors={form.errors} />
      <fieldset>
        <legend>{provider ? `Edit ${provider.name}` : 'New provider'}</legend>
        <div className="grid-fields">
          <TextField label="Name" required autoFocus {...field('name')} />
          <TextField label="Credentials" required hint="L.Ac., DPT, DACM…" {...field('credentials')} />
          <TextField label="Rendering NPI (box 24J)" required inputMode="numeric" maxLength={10} hint="The provider’s own NPI, 10 digits" {...field('npi')} />
          <TextField label="License number" {...field('licenseNumber')} />
          <TextField label="License state" maxLength={2} {...field('licenseState')} />
          <TextField label="Taxonomy code" hint="Acupuncturist: 171100000X" {...field('taxonomyCode')} />
          <TextField label="Signature name" hint="As it appears on signed notes" {...field('signatureName')} />
          <div className="licenses-list">
            <p className="muted small">Other licenses (another state or profession): a superbill shows the one for the clinic’s state.</p>
            {licenses.map((l, i) => (
              <div className="grid-fields" key={i}>
                <TextField
                  label="Kind"
                  name={`otherLicenses.${i}.kind`}
                  value={l.kind}
                  onChange={(v) => setLicense(i, { kind: v })}
                  error={form.errors[`otherLicenses.${i}.kind`]}
                />
                <TextField
                  label="Number"
                  name={`otherLicenses.${i}.number`}
                  value={l.number}
                  onChange={(v) => setLicense(i, { number: v })}
                  error={form.errors[`otherLicenses.${i}.number`]}
                />
                <TextField
                  label="State"
                  maxLength={2}
                  name={`otherLicenses.${i}.state`}
                  value={l.state}
                  onChange={(v) => setLicense(i, { state: v })}
                  error={form.errors[`otherLicenses.${i}.state`]}
                />
                <button
                  type="button"
                  className="button-quiet"
                  onClick={() =>
                    form.set(
                      'otherLicenses',
                      licenses.filter((_, j) => j !== i),
                    )
                  }
                >
                  Remove
                </button>
              </div>
            ))}
            <button type="button" onClick={() => form.set('otherLicenses', [...licenses, { kind: form.values.credentials, number: '', state: '' }])}>
              Add another license
            </button>
          </div>
          <label className="check">
            <input type="checkbox" name="active" checked={form.values.active} onChange={(e) => form.set('active', e.target.checked)} /> Active
          </label>
        </div>
      </fieldset>
      <SaveRow label="Save provider" status={form.status} dirty={form.dirty}>
        <button type="button" onClick={() => onDone(null)}>
          Cancel
        </button>
      </SaveRow>
    </form>
  );
}

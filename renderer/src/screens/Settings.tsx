import { useCallback, useState } from 'react';
import { ErrorSummary } from '../components/ErrorSummary';
import type { Clinic } from '../../../shared/clinic';
import type { Provider } from '../../../shared/provider';
import { api } from '../api';
import { ReadStatus } from '../components/ReadFailed';
import { useClinic, useProviderList, useStartFrom } from '../reads';
import { SaveRow, TextField } from '../components/Field';
import { useForm } from '../components/useForm';
import { toText } from '../format';
import { href, SETTINGS_LABEL, SETTINGS_PARTS, useLeaveGuard, type SettingsPart } from '../route';
import { FeeSchedule } from './FeeSchedule';
import { VerifyRecords } from './VerifyRecords';
import { Backups } from './Backups';
import { DataFileEncryption } from './DataFileEncryption';
import { ClinicExport } from './ClinicExport';
import { ImportPatients } from './ImportPatients';
import { McidSettings } from './McidSettings';
import { PeoplePanel } from './PeoplePanel';
import { PhrasesPanel } from './PhrasesPanel';
import { ReferenceLinks } from '../components/ReferenceLinks';
import { ProviderForm } from './ProviderForm';

type ClinicValues = Record<Exclude<keyof Clinic, 'updatedAt' | 'tcmFindings'>, string> & { tcmFindings: boolean };
const BLANK_CLINIC: ClinicValues = {
  name: '',
  addressLine1: '',
  addressLine2: '',
  city: '',
  state: '',
  postalCode: '',
  phone: '',
  email: '',
  taxId: '',
  npi: '',
  placeOfService: '11',
  idleLockMinutes: '',
  tcmFindings: false,
};

const toClinicValues = (c: Clinic): ClinicValues => ({
  ...(Object.fromEntries(
    (Object.keys(BLANK_CLINIC) as (keyof ClinicValues)[]).map((k) => [k, toText(c[k] as string | number | null)]),
  ) as unknown as ClinicValues),
  tcmFindings: c.tcmFindings,
});

const NO_PROVIDERS: Provider[] = [];

const PARTS = SETTINGS_PARTS.map((p) => [p, SETTINGS_LABEL[p]] as const);

/** Settings in its parts, each on its own page with its own save: one thing to look at at a time. */
export function Settings({ part }: { part: SettingsPart }) {
  return (
    <section aria-labelledby="settings-title">
      <header className="screen-head">
        <h1 id="settings-title">Settings</h1>
      </header>
      <nav className="section-nav settings-nav" aria-label="Settings">
        {PARTS.map(([p, label]) => (
          <a key={p} href={href({ screen: 'settings', part: p })} aria-current={p === part ? 'page' : undefined}>
            {label}
          </a>
        ))}
      </nav>
      {part === 'clinic' ? <ClinicAndProviders /> : null}
      {part === 'people' ? <PeoplePanel /> : null}
      {part === 'fees' ? <FeeSchedule /> : null}
      {part === 'mcids' ? <McidSettings /> : null}
      {part === 'phrases' ? <PhrasesPanel /> : null}
      {part === 'records' ? (
        <>
          <VerifyRecords />
          <DataFileEncryption />
          <Backups />
          <ClinicExport />
        </>
      ) : null}
      {part === 'import' ? <ImportPatients /> : null}
      {part === 'references' ? <ReferenceLinks /> : null}
    </section>
  );
}

function ClinicAndProviders() {
  const clinic = useForm<ClinicValues>(BLANK_CLINIC);
  const clinicRead = useClinic();
  const providerList = useProviderList(true);
  const providers = providerList.value ?? NO_PROVIDERS;
  const [editing, setEditing] = useState<Provider | 'new' | null>(null);
  const { reset } = clinic;
  useLeaveGuard(clinic.dirty);
  const start = useCallback((c: Clinic | null) => c && reset(toClinicValues(c)), [reset]);
  useStartFrom(clinicRead.value, start, clinic.dirty);

  const field = (key: Exclude<keyof ClinicValues, 'tcmFindings'>) => ({
    name: key,
    value: clinic.values[key],
    onChange: (v: string) => clinic.set(key, v),
    error: clinic.errors[key],
  });

  // The same number in both places is a warning, not a refusal: payers tell the two NPIs apart by box.
  const sameNpi = clinic.values.npi.trim() ? providers.find((p) => p.npi === clinic.values.npi.trim()) : undefined;

  return (
    <>
      <form
        noValidate
        className="form"
        aria-label="Clinic"
        onSubmit={(e) => {
          e.preventDefault();
          void clinic.submit((v) => api.saveClinic(v));
        }}
      >
        <ReadStatus what="the clinic" read={clinicRead} />
        <ErrorSummary status={clinic.status} errors={clinic.errors} />
        <fieldset>
          <legend>Clinic</legend>
          <p className="muted">Printed at the top of every superbill and report.</p>
          <div className="grid-fields">
            <TextField label="Clinic name" required wide {...field('name')} />
            <TextField label="Address" wide {...field('addressLine1')} />
            <TextField label="Address line 2" wide {...field('addressLine2')} />
            <TextField label="City" {...field('city')} />
            <TextField label="State" maxLength={2} {...field('state')} />
            <TextField label="ZIP code" {...field('postalCode')} />
            <TextField label="Phone" type="tel" {...field('phone')} />
            <TextField label="E-mail" type="email" {...field('email')} />
            <TextField label="Tax ID (EIN)" placeholder="12-3456789" {...field('taxId')} />
            <TextField
              label="Billing NPI (box 33a, optional)"
              hint="The clinic’s organisation NPI, 10 digits"
              inputMode="numeric"
              maxLength={10}
              {...field('npi')}
            />
            <TextField label="Place of service" hint="CMS code; 11 is an office" {...field('placeOfService')} />
            <TextField
              label="Lock after idle minutes"
              inputMode="numeric"
              placeholder="10"
              hint="Hides every record until the provider signs back in"
              {...field('idleLockMinutes')}
            />
          </div>
          <label className="check">
            <input type="checkbox" name="tcmFindings" checked={clinic.values.tcmFindings} onChange={(e) => clinic.set('tcmFindings', e.target.checked)} />
            Chart TCM findings (tongue, pulse and pattern) on visits and assessments
          </label>
          {sameNpi ? (
            <p className="notice notice-warning" role="status" data-testid="same-npi">
              The billing NPI (box 33a) is the same number as {sameNpi.name}’s rendering NPI (box 24J). A clinic billing as an organisation has its own NPI; a
              solo practitioner billing under their own NPI can leave box 33a empty.
            </p>
          ) : null}
        </fieldset>
        <SaveRow label="Save clinic" status={clinic.status} dirty={clinic.dirty} />
      </form>

      <section className="panel" aria-labelledby="providers-title">
        <header className="screen-head">
          <h2 id="providers-title">Providers</h2>
          <button type="button" onClick={() => setEditing('new')}>
            Add provider
          </button>
        </header>
        <ReadStatus what="the providers" read={providerList} />
        <table className="grid">
          <thead>
            <tr>
              <th>Name</th>
              <th>Credentials</th>
              <th>Rendering NPI (24J)</th>
              <th>License</th>
              <th>Taxonomy</th>
              <th>Status</th>
              <th>
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {providers.map((p) => (
              <tr key={p.id}>
                <td>{p.name}</td>
                <td>{p.credentials}</td>
                <td className="mono">{p.npi}</td>
                <td>{p.licenseNumber ? `${p.licenseNumber}${p.licenseState ? ` (${p.licenseState})` : ''}` : '—'}</td>
                <td className="mono">{p.taxonomyCode}</td>
                <td>{p.active ? 'Active' : <span className="pill pill-archived">Inactive</span>}</td>
                <td>
                  <button type="button" className="button-quiet" onClick={() => setEditing(p)} aria-label={`Edit ${p.name}`}>
                    Edit
                  </button>
                </td>
              </tr>
            ))}
            {providers.length === 0 ? (
              <tr>
                <td colSpan={7} className="empty">
                  No providers yet. Every visit is signed by a provider; add yourself first.
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
        {editing ? (
          <ProviderForm key={editing === 'new' ? 'new' : editing.id} provider={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />
        ) : null}
      </section>
    </>
  );
}

import { useState } from 'react';
import { ReadStatus } from '../components/ReadFailed';
import { PERSON_ROLE_LABEL, PERSON_ROLES, type Person } from '../../../shared/people';
import { api } from '../api';
import { ErrorSummary } from '../components/ErrorSummary';
import { SaveRow, SelectField, TextField } from '../components/Field';
import { useForm } from '../components/useForm';
import { useRecord } from '../query';
import { useSession } from '../session';
import { useProviders } from '../useProviders';
import { href } from '../route';
import type { Provider } from '../../../shared/provider';

const EMPTY = { login: '', name: '', role: 'practitioner' as Person['role'] | '', providerId: '', password: '' };

/**
 * A solo data file's people: the practitioners who chart in it, each signing in by name (and a
 * passcode, if set) on this computer, and what a clinic's server would add — said on the page
 * rather than as one sentence on an empty one.
 */
function SoloPeople({ providers }: { providers: readonly Provider[] }) {
  return (
    <>
      <p>
        This data file is kept on this computer. Whoever opens it chooses who they are from its practitioners when they sign in; a passcode keeps each one’s
        signature their own.
      </p>
      <table className="grid people-solo">
        <caption className="visually-hidden">Practitioners who chart in this data file</caption>
        <thead>
          <tr>
            <th scope="col">Practitioner</th>
            <th scope="col">Signs in with</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {providers.map((p) => (
            <tr key={p.id}>
              <td>
                {p.name}, {p.credentials}
              </td>
              <td>{p.hasPasscode ? 'Their name and passcode' : 'Their name only (no passcode set)'}</td>
              <td>{p.active ? 'Active' : 'Inactive: kept on the notes they signed'}</td>
            </tr>
          ))}
          {providers.length === 0 ? (
            <tr>
              <td colSpan={3} className="empty">
                No practitioner yet: add one under Clinic &amp; providers.
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
      <p>
        <a href={href({ screen: 'settings' })}>Add or change practitioners under Clinic &amp; providers.</a>
      </p>
      <h3>A front desk, or several computers</h3>
      <p className="muted">
        A clinic that shares one record moves this file once to its own PostgreSQL server (<code>npx needlebook clinic import</code>, see the clinic guide that
        comes with Needlebook). There each person has their own login and a role — practitioner, front desk (billing without note text) or owner — whose rights
        the server itself holds, and this page lists them.
      </p>
    </>
  );
}

/**
 * Settings → People: who signs in to the clinic's database, in which role (docs/clinic-mode.md).
 * Everyone sees the list; the owner adds people, changes a role, or sets a new password — each a
 * login on the server, whose rights the server holds.
 */
export function PeoplePanel() {
  const session = useSession();
  const providers = useProviders(true);
  // A solo data file has no people of its own: only a clinic seat asks.
  const read = useRecord('listPeople', {}, { enabled: !!session?.seat });
  const people = read.value ?? [];
  const form = useForm(EMPTY);
  const owner = session?.seat?.role === 'owner';
  const [removal, setRemoval] = useState<string | null>(null);
  const providerName = (id: number | null) => (id === null ? '—' : (providers.find((p) => p.id === id)?.name ?? `provider ${id}`));
  return (
    <section className="panel" id="people" aria-labelledby="people-title">
      <header className="screen-head">
        <h2 id="people-title">People</h2>
      </header>
      {!session?.seat ? (
        <SoloPeople providers={providers} />
      ) : (
        <>
          <ReadStatus what="the people" read={read} />
          <table className="grid">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Login</th>
                <th scope="col">Role</th>
                <th scope="col">Charts as</th>
                {owner ? (
                  <th scope="col">
                    <span className="visually-hidden">Access</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {people.map((p) => (
                <tr key={p.login}>
                  <td>{p.name}</td>
                  <td className="mono">{p.login}</td>
                  <td>{PERSON_ROLE_LABEL[p.role]}</td>
                  <td>{providerName(p.providerId)}</td>
                  {owner ? (
                    <td>
                      {p.providerId !== null ? (
                        <button
                          type="button"
                          className="button-quiet"
                          onClick={() => {
                            if (!window.confirm(`Reset ${p.name}’s passcode? They unlock with their clinic password until they set a new one.`)) return;
                            void api
                              .resetPasscode({ providerId: p.providerId! })
                              .then((o) => setRemoval(o.ok ? `${p.name}’s passcode was reset: they set a new one after signing in.` : o.error.message));
                          }}
                        >
                          Reset passcode
                        </button>
                      ) : null}
                      {p.login === session?.seat?.login ? null : (
                        <button
                          type="button"
                          className="button-quiet"
                          onClick={() => {
                            if (!window.confirm(`Take away ${p.name}’s access? Their login will no longer sign in; what they wrote stays.`)) return;
                            void api.removePerson({ login: p.login }).then((o) => setRemoval(o.ok ? `${p.name} can no longer sign in.` : o.error.message));
                          }}
                        >
                          Remove access
                        </button>
                      )}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
          {removal ? (
            <p className="notice" role="status">
              {removal}
            </p>
          ) : null}
          {owner ? (
            <form
              aria-label="Add or change a person"
              noValidate
              onSubmit={(e) => {
                e.preventDefault();
                void form
                  .submit((v) =>
                    api.savePerson({
                      login: v.login.trim(),
                      name: v.name,
                      role: v.role as Person['role'],
                      providerId: v.providerId === '' ? null : Number(v.providerId),
                      ...(v.password ? { password: v.password } : {}),
                    }),
                  )
                  .then((saved) => saved && form.reset(EMPTY));
              }}
            >
              <h3>Add a person, or change one by their login</h3>
              <ErrorSummary status={form.status} errors={form.errors} />
              <div className="grid-fields">
                <TextField label="Name" name="name" required value={form.values.name} onChange={(x) => form.set('name', x)} error={form.errors.name} />
                <TextField
                  label="Login"
                  name="login"
                  required
                  autoComplete="off"
                  hint="lower-case letters, digits and _"
                  value={form.values.login}
                  onChange={(x) => form.set('login', x)}
                  error={form.errors.login}
                />
                <SelectField
                  label="Role"
                  name="role"
                  required
                  value={form.values.role}
                  options={PERSON_ROLES.map((r) => ({ value: r, label: PERSON_ROLE_LABEL[r] }))}
                  onChange={(x) => form.set('role', x)}
                  error={form.errors.role}
                />
                <SelectField
                  label="Charts as"
                  name="providerId"
                  placeholder="No provider"
                  value={form.values.providerId}
                  options={providers.map((p) => ({ value: String(p.id), label: p.name }))}
                  onChange={(x) => form.set('providerId', x)}
                  error={form.errors.providerId}
                />
                <TextField
                  label="Password"
                  name="password"
                  type="password"
                  autoComplete="new-password"
                  hint="at least 12 characters; leave empty to keep a person’s own"
                  value={form.values.password}
                  onChange={(x) => form.set('password', x)}
                  error={form.errors.password}
                />
              </div>
              <SaveRow label="Save person" status={form.status} dirty={form.dirty} />
            </form>
          ) : (
            <p className="muted">The clinic’s owner adds people and changes their roles.</p>
          )}
        </>
      )}
    </section>
  );
}

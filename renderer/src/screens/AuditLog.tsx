import { Fragment, useCallback, useState, type ReactNode } from 'react';
import { groupAuditEntries } from '../../../shared/audit-groups';
import type { AuditEntry, AuditQuery } from '../../../shared/audit';
import { ReadStatus } from '../components/ReadFailed';
import { readNow, useRecord } from '../query';
import { SelectField, TextField } from '../components/Field';
import { formatDateTime } from '../format';
import { href } from '../route';
import { useProviders } from '../useProviders';

const ACTIONS = [
  'view',
  'search',
  'create',
  'update',
  'sign',
  'addendum',
  'export',
  'archive',
  'restore',
  'reopen',
  'delete',
  'start',
  'stop',
  'guard',
  'seal',
  'verify',
];
const ACTION_OPTIONS = ACTIONS.map((a) => ({ value: a, label: a }));

/** Where an entry's record opens, when it is one the app has a screen for. */
function recordHref(e: AuditEntry): string | null {
  if (e.entityId === null) return null;
  if (e.entity === 'patient') return href({ screen: 'patient', id: e.entityId });
  if (e.entity === 'case') return href({ screen: 'case', id: e.entityId });
  if (e.entity === 'visit') return href({ screen: 'visit', id: e.entityId });
  if (e.entity === 'assessment') return href({ screen: 'assessment', id: e.entityId });
  return null;
}

/** A run's span: 'Dec 6, 2026, 10:02 AM – 10:40 AM', the date once when it is one day, the time once when it is one minute. */
function timeSpan(from: string, to: string): string {
  const start = formatDateTime(from);
  const end = formatDateTime(to);
  if (start === end) return start;
  const day = (text: string) => text.split(', ').slice(0, 2).join(', ');
  return day(start) === day(end) ? `${start} – ${end.split(', ').slice(2).join(', ')}` : `${start} – ${end}`;
}

/** One line of the log: every cell on one line at 1280 wide, the detail cut short with its whole text on hover. */
function AuditRow({ e, when, action, className }: { e: AuditEntry; when: string; action: ReactNode; className?: string }) {
  const link = recordHref(e);
  const record = e.entityId === null ? e.entity : `${e.entity} ${e.entityId}`;
  return (
    <tr className={className}>
      <td>{when}</td>
      <td>{e.providerName ?? '—'}</td>
      <td className="mono audit-account" title={e.actor}>
        {e.actor}
      </td>
      <td>{action}</td>
      <td>{link ? <a href={link}>{record}</a> : record}</td>
      <td>{e.patientId ? <a href={href({ screen: 'audit', patientId: e.patientId })}>{e.patientName ?? e.patientId}</a> : '—'}</td>
      <td className="audit-detail" title={e.detail ?? undefined}>
        {e.detail ?? ''}
      </td>
    </tr>
  );
}

/**
 * The audit log: every change and every look at a record, newest first, with the provider who was
 * signed in; consecutive identical looks by one person are one line with their count and span,
 * opened to show each (shared/audit-groups.ts). Filter by patient (from the patient's page),
 * provider, action and dates.
 */
export function AuditLog({ patientId }: { patientId: number | null }) {
  const providers = useProviders(true);
  const [providerId, setProviderId] = useState('');
  const [action, setAction] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [olderError, setOlderError] = useState('');

  const query = useCallback(
    (before?: number): AuditQuery => ({
      limit: 100,
      ...(patientId ? { patientId } : {}),
      ...(providerId ? { providerId: Number(providerId) } : {}),
      ...(action ? { action } : {}),
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
      ...(before ? { before } : {}),
    }),
    [patientId, providerId, action, from, to],
  );

  // The newest page is held like any read (asked again after a write); older pages are added below
  // it on request, and only while the filters they were asked under are the ones on screen.
  const first = useRecord('auditLog', query());
  const filters = JSON.stringify(query());
  const [more, setMore] = useState<{ filters: string; entries: AuditEntry[]; next: number | null } | null>(null);
  const extra = more?.filters === filters ? more : null;
  // Undefined until the first page arrives: "Nothing matches" only once the log has answered.
  const entries = first.value ? [...first.value.entries, ...(extra?.entries ?? [])] : undefined;
  const next = extra ? extra.next : (first.value?.next ?? null);

  async function older() {
    if (next === null) return;
    const o = await readNow('auditLog', query(next));
    if (!o.ok) return setOlderError(o.error.message);
    setOlderError('');
    setMore({ filters, entries: [...(extra?.entries ?? []), ...o.value.entries], next: o.value.next });
  }

  // The runs of looks opened to show each entry, by their newest entry's id.
  const [opened, setOpened] = useState<ReadonlySet<number>>(new Set());
  const toggle = (id: number) =>
    setOpened((was) => {
      const next = new Set(was);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  const patientName = patientId ? ((entries ?? []).find((e) => e.patientId === patientId)?.patientName ?? `patient ${patientId}`) : null;
  return (
    <section aria-labelledby="audit-title">
      <header className="screen-head">
        <div>
          <h1 id="audit-title">Audit log</h1>
          <p className="muted">Every change and every look at a record, newest first. Rows name records, never what they say.</p>
        </div>
      </header>
      <form className="audit-filters" aria-label="Filter the audit log" onSubmit={(e) => e.preventDefault()}>
        <div className="grid-fields">
          <SelectField
            label="Provider"
            name="providerId"
            value={providerId}
            placeholder="Anyone"
            options={providers.map((p) => ({ value: String(p.id), label: p.name }))}
            onChange={setProviderId}
          />
          <SelectField label="Action" name="action" value={action} placeholder="Any action" options={ACTION_OPTIONS} onChange={setAction} />
          <TextField label="From" type="date" name="from" value={from} onChange={setFrom} />
          <TextField label="To" type="date" name="to" value={to} onChange={setTo} />
        </div>
      </form>
      {patientName ? (
        <p className="notice">
          Showing {patientName} only. <a href={href({ screen: 'audit', patientId: null })}>Show everyone</a>
        </p>
      ) : null}
      <ReadStatus what="the audit log" read={first} />
      {olderError ? (
        <p className="form-status-error" role="alert">
          {olderError}
        </p>
      ) : null}
      <table className="grid audit">
        <thead>
          <tr>
            <th>When</th>
            <th>Provider</th>
            <th>Account</th>
            <th>Action</th>
            <th>Record</th>
            <th>Patient</th>
            <th>Detail</th>
          </tr>
        </thead>
        <tbody>
          {groupAuditEntries(entries ?? []).map((g) => {
            const key = g.first.id;
            const many = g.entries.length > 1;
            const isOpen = many && opened.has(key);
            return (
              <Fragment key={key}>
                <AuditRow
                  e={g.first}
                  when={many ? timeSpan(g.from, g.to) : formatDateTime(g.first.at)}
                  action={
                    many ? (
                      <button
                        type="button"
                        className="button-quiet audit-count"
                        aria-expanded={isOpen}
                        aria-label={`${g.first.action}, ${g.entries.length} times: ${isOpen ? 'hide' : 'show'} each`}
                        onClick={() => toggle(key)}
                      >
                        {g.first.action} × {g.entries.length} {isOpen ? '▴' : '▾'}
                      </button>
                    ) : (
                      g.first.action
                    )
                  }
                />
                {isOpen ? g.entries.map((e) => <AuditRow key={e.id} e={e} when={formatDateTime(e.at)} action={e.action} className="audit-run-entry" />) : null}
              </Fragment>
            );
          })}
          {entries?.length === 0 ? (
            <tr>
              <td colSpan={7} className="empty">
                Nothing matches these filters.
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
      {next !== null ? (
        <button type="button" onClick={() => void older()}>
          Older entries
        </button>
      ) : null}
    </section>
  );
}

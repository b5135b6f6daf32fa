import { useState } from 'react';
import { ReadStatus } from '../components/ReadFailed';
import { PAYMENT_METHOD_LABEL, type PatientAccount as Account } from '../../../shared/billing';
import { useRecord } from '../query';
import { api } from '../api';
import { PaymentForm } from '../components/PaymentForm';
import { formatDate, formatMoney, todayIso } from '../format';
import { href } from '../route';
import { savePdf } from '../save-file';
import { monthRange } from '../../../shared/reports/superbill-index';

/** What the patient was charged and paid, and a superbill for any date range. */
export function PatientAccount({ patientId }: { patientId: number }) {
  const read = useRecord('patientAccount', { patientId });
  const account: Account | null = read.value ?? null;
  // The superbill range is the month of the latest billed visit until the user types one: the
  // current month is usually not billed yet.
  const [typed, setRange] = useState<{ from: string; to: string } | null>(null);
  const range = typed ?? (account ? latestBilledMonth(account) : null);
  const from = range?.from ?? '';
  const to = range?.to ?? '';
  const setFrom = (value: string) => setRange({ from: value, to });
  const setTo = (value: string) => setRange({ from, to: value });
  const [message, setMessage] = useState<string | null>(null);
  if (!account) return <ReadStatus what="the patient's account" read={read} />;

  async function superbill() {
    const o = await api.superbill({ patientId, from, to });
    if (o.ok) {
      setMessage(null);
      savePdf(o.value);
    } else setMessage(Object.values(o.error.fields)[0] ?? o.error.message);
  }

  return (
    <section className="account panel" aria-labelledby="account-title">
      <h2 id="account-title">Account</h2>
      <div className="totals" aria-label="Account totals">
        <span>Charged {formatMoney(account.totals.charged)}</span>
        <span>Paid {formatMoney(account.totals.paid)}</span>
        <strong>Balance {formatMoney(account.totals.balance)}</strong>
      </div>
      <div className="superbill-range">
        <label>
          From <input type="date" name="superbill-from" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          To <input type="date" name="superbill-to" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <button type="button" className="button-primary" onClick={() => void superbill()}>
          Superbill for these dates (PDF)
        </button>
        {message ? <p className="field-error">{message}</p> : null}
      </div>
      {account.visits.length ? (
        <div className="account-visits">
          <table className="rows">
            <caption className="visually-hidden">Every signed visit, newest first: {account.visits.length} in all</caption>
            <thead>
              <tr>
                <th>Date of service</th>
                <th>Case</th>
                <th className="num">Charged</th>
                <th className="num">Paid</th>
                <th className="num">Balance</th>
              </tr>
            </thead>
            <tbody>
              {account.visits.map((v) => (
                <tr key={v.visitId} className={v.charged > v.paid ? 'owing' : undefined}>
                  <td>
                    <a href={href({ screen: 'visit', id: v.visitId })}>{formatDate(v.date)}</a>
                  </td>
                  <td>{v.conditionText}</td>
                  <td className="num">{formatMoney(v.charged)}</td>
                  <td className="num">{formatMoney(v.paid)}</td>
                  <td className="num">{formatMoney(v.charged - v.paid)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">No signed visits yet.</p>
      )}
      <h3>Payments</h3>
      {account.payments.length ? (
        <ul className="payments">
          {account.payments.map((p) => (
            <li key={p.id}>
              {formatDate(p.paidOn)} · {PAYMENT_METHOD_LABEL[p.method]} · {formatMoney(p.amountCents)}
              {p.visitId ? '' : ' · on account'}
              {p.reference ? ` · ${p.reference}` : ''}{' '}
              <button
                type="button"
                className="button-quiet"
                aria-label={`Delete payment of ${formatMoney(p.amountCents)} on ${formatDate(p.paidOn)}`}
                onClick={() => window.confirm('Delete this payment? The deletion is kept in the audit log.') && void api.deletePayment({ id: p.id })}
              >
                Delete
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No payments recorded.</p>
      )}
      <PaymentForm patientId={patientId} visitId={null} suggested="" />
    </section>
  );
}

/** The month of the latest visit with charges, as a superbill range (to today if that month is this one). */
function latestBilledMonth(account: Account): { from: string; to: string } {
  const { from, to } = monthRange((account.visits.find((v) => v.charged > 0)?.date ?? todayIso()).slice(0, 7));
  return { from, to: to < todayIso() ? to : todayIso() };
}

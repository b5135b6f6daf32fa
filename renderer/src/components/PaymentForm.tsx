import { useState } from 'react';
import { PAYMENT_METHOD_LABEL, PAYMENT_METHODS, type PaymentMethod } from '../../../shared/billing';
import { api } from '../api';
import { todayIso } from '../format';

/** Records a payment against a patient, optionally applied to one visit. */
export function PaymentForm({
  patientId,
  visitId,
  suggested,
  onSaved,
}: {
  patientId: number;
  visitId: number | null;
  suggested: string;
  onSaved?: () => void;
}) {
  const [paidOn, setPaidOn] = useState(todayIso());
  const [amount, setAmount] = useState(suggested);
  const [method, setMethod] = useState<PaymentMethod>('card');
  const [reference, setReference] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});

  async function save() {
    const o = await api.addPayment({ patientId, visitId, paidOn, amount, method, reference });
    if (!o.ok) return setErrors(o.error.fields);
    setErrors({});
    setReference('');
    onSaved?.();
  }
  return (
    <form
      className="payment-form"
      aria-label="Record a payment"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <label>
        Date
        <input type="date" name="paidOn" value={paidOn} onChange={(e) => setPaidOn(e.target.value)} aria-invalid={Boolean(errors.paidOn)} />
      </label>
      <label>
        Amount ($)
        <input name="amount" inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} aria-invalid={Boolean(errors.amount)} />
      </label>
      <label>
        Method
        <select name="method" value={method} onChange={(e) => setMethod(e.target.value as PaymentMethod)}>
          {PAYMENT_METHODS.map((m) => (
            <option key={m} value={m}>
              {PAYMENT_METHOD_LABEL[m]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Reference
        <input name="reference" value={reference} placeholder="Receipt or check no." onChange={(e) => setReference(e.target.value)} />
      </label>
      <button type="submit">Record payment</button>
      {Object.values(errors).map((m) => (
        <p key={m} className="field-error">
          {m}
        </p>
      ))}
    </form>
  );
}

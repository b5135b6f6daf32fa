import { BillingPanel } from '../components/BillingPanel';
import { ReadStatus } from '../components/ReadFailed';
import { formatDate } from '../format';
import { usePatient, useVisitBilling } from '../reads';
import { href } from '../route';

/** A visit as the front desk opens it: its billing, payments and superbill, and no note text. */
export function FrontDeskVisit({ id }: { id: number }) {
  const billing = useVisitBilling(id);
  const b = billing.value ?? null;
  const patient = usePatient(b?.patientId ?? null);
  const p = patient.value ?? null;
  return (
    <section aria-labelledby="visit-billing-title">
      {p ? (
        <a className="back" href={href({ screen: 'patient', id: p.id })}>
          ← {p.firstName} {p.lastName}
        </a>
      ) : null}
      <h1 id="visit-billing-title">Visit billing</h1>
      <ReadStatus what="the patient" read={patient} />
      {b ? <p className="muted">Date of service {formatDate(b.dateOfService)}</p> : null}
      <p className="notice">
        The note itself is for the practitioners: the clinic’s database does not let the front desk’s login read it. Billing, payments and the superbill are
        here.
      </p>
      <BillingPanel visitId={id} />
    </section>
  );
}

import { useState } from 'react';
import type { Protocol } from '../../../shared/protocols';
import { api } from '../api';
import { ReadFailed } from '../components/ReadFailed';
import { useProtocols } from '../reads';

const NONE: Protocol[] = [];

/**
 * "Start from protocol": the case condition's catalog protocol and the practitioner's own saved
 * ones, in one list reachable from the keyboard; "Save as protocol…" keeps this visit's treatment
 * under a name for the next patient.
 */
export function ProtocolMenu({
  providerId,
  catalogName,
  onCatalog,
  onProtocol,
  saveFrom,
}: {
  providerId: number;
  /** The case condition's catalog protocol, if it has one. */
  catalogName: string | null;
  onCatalog: () => void;
  onProtocol: (p: Protocol) => void;
  /** Saves the draft, then answers the visit whose saved treatment becomes the protocol. */
  saveFrom: () => Promise<number | null>;
}) {
  const read = useProtocols(providerId);
  const protocols = read.value ?? NONE;
  const [naming, setNaming] = useState<string | null>(null);
  const [message, setMessage] = useState('');

  async function save() {
    const visitId = await saveFrom();
    if (visitId === null || naming === null) return;
    const o = await api.saveProtocol({ providerId, name: naming, fromVisitId: visitId });
    if (!o.ok) return setMessage(o.error.fields.name ?? o.error.message);
    setMessage(`Saved as protocol “${naming.trim()}”.`);
    setNaming(null);
  }

  return (
    <div className="protocol-menu">
      <select
        aria-label="Start from protocol"
        value=""
        onChange={(e) => {
          const choice = e.target.value;
          if (choice === 'catalog') onCatalog();
          const p = protocols.find((x) => `p${x.id}` === choice);
          if (p) onProtocol(p);
        }}
      >
        <option value="">Start from protocol…</option>
        {catalogName ? <option value="catalog">{catalogName} (catalog)</option> : null}
        {protocols.map((p) => (
          <option key={p.id} value={`p${p.id}`}>
            {p.name}
          </option>
        ))}
      </select>
      {naming === null ? (
        <button type="button" onClick={() => (setNaming(''), setMessage(''))}>
          Save as protocol…
        </button>
      ) : (
        <form
          className="protocol-name"
          aria-label="Save as protocol"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <input aria-label="Protocol name" autoFocus value={naming} onChange={(e) => setNaming(e.target.value)} placeholder="e.g. ITBS runner" />
          <button type="submit">Save protocol</button>
          <button type="button" onClick={() => setNaming(null)}>
            Cancel
          </button>
        </form>
      )}
      {read.failure ? <ReadFailed what="your protocols" failure={read.failure} retry={read.retry} /> : null}
      {message ? (
        <span className="muted" role="status">
          {message}
        </span>
      ) : null}
    </div>
  );
}

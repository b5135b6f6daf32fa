import { useState } from 'react';
import type { Provider } from '../../../shared/provider';
import type { Addendum, RecordKind } from '../../../shared/signing';
import { api } from '../api';
import { formatDateTime } from '../format';
import { usePhrases } from '../phrases';

/** Addenda under a signed record, and the form to write one. The record itself never changes. */
export function Addenda({
  kind,
  id,
  addenda,
  providers,
  defaultAuthor,
  onAdded,
}: {
  kind: RecordKind;
  id: number;
  addenda: Addendum[];
  providers: Provider[];
  defaultAuthor: number;
  onAdded: (a: Addendum) => void;
}) {
  const [text, setText] = useState('');
  const { expand } = usePhrases();
  const [author, setAuthor] = useState(defaultAuthor);
  const [error, setError] = useState<string | null>(null);

  async function add() {
    const o = await api.addAddendum({ kind, id, authorId: author, text });
    if (o.ok) {
      setText('');
      setError(null);
      onAdded(o.value);
    } else setError(o.error.fields.text ?? o.error.message);
  }

  return (
    <section className="addenda" aria-label="Addenda">
      <h2>Addenda</h2>
      {addenda.length === 0 ? <p className="muted">No addenda. Corrections to a signed note are added here; the note itself stays as signed.</p> : null}
      <ol className="addendum-list">
        {addenda.map((a) => (
          <li key={a.id}>
            <div className="addendum-meta">
              {formatDateTime(a.writtenAt)} · {a.authorName}
            </div>
            <p>{a.text}</p>
          </li>
        ))}
      </ol>
      <form
        className="addendum-form"
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <label htmlFor="addendum-text">New addendum</label>
        <textarea id="addendum-text" name="addendum" rows={3} value={text} onChange={(e) => setText(expand(e.target.value))} aria-invalid={Boolean(error)} />
        {error ? <p className="field-error">{error}</p> : null}
        <div className="form-actions">
          <select aria-label="Author" value={author} onChange={(e) => setAuthor(Number(e.target.value))}>
            {providers.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}, {p.credentials}
              </option>
            ))}
          </select>
          <button type="submit" className="button-primary" disabled={text.trim() === ''}>
            Add addendum
          </button>
        </div>
      </form>
    </section>
  );
}

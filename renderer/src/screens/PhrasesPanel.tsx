import { api } from '../api';
import { ErrorSummary } from '../components/ErrorSummary';
import { Field, SaveRow, TextField } from '../components/Field';
import { useForm } from '../components/useForm';
import { usePhrases } from '../phrases';
import { useSession } from '../session';

/**
 * Settings → My phrases: the signed-in practitioner's triggers (`;pf`) and the sentences they
 * expand to in every note field, as soon as a space follows the trigger.
 */
export function PhrasesPanel() {
  const session = useSession();
  const { phrases, reload } = usePhrases();
  const form = useForm({ trigger: '', text: '' });
  const providerId = session?.provider?.id ?? null;
  return (
    <section className="panel" id="phrases" aria-labelledby="phrases-title">
      <header className="screen-head">
        <h2 id="phrases-title">My phrases</h2>
      </header>
      {providerId === null ? (
        <p className="muted">Sign in as a provider to keep your own phrases.</p>
      ) : (
        <>
          <p className="muted">Type a trigger, then a space, in any note field: it becomes your sentence.</p>
          {phrases.length > 0 ? (
            <dl className="phrase-list">
              {phrases.map((p) => (
                <div key={p.id} className="contents">
                  <dt className="mono">{p.trigger}</dt>
                  <dd>
                    {p.text}{' '}
                    <button type="button" className="button-quiet" onClick={() => void api.deletePhrase({ id: p.id }).then(reload)}>
                      Remove
                    </button>
                  </dd>
                </div>
              ))}
            </dl>
          ) : null}
          <form
            aria-label="Add phrase"
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              void form
                .submit((v) => api.savePhrase({ providerId, ...v }))
                .then((saved) => {
                  if (!saved) return;
                  form.reset({ trigger: '', text: '' });
                  reload();
                });
            }}
          >
            <ErrorSummary status={form.status} errors={form.errors} />
            <div className="grid-fields">
              <TextField
                label="Trigger"
                name="trigger"
                placeholder=";pf"
                value={form.values.trigger}
                onChange={(x) => form.set('trigger', x)}
                error={form.errors.trigger}
              />
              <Field label="Phrase" name="text" error={form.errors.text} wide>
                {(p) => <textarea {...p} rows={2} value={form.values.text} onChange={(e) => form.set('text', e.target.value)} />}
              </Field>
            </div>
            <SaveRow label="Save phrase" status={form.status} dirty={form.dirty} />
          </form>
        </>
      )}
    </section>
  );
}

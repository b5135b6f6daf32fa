import { useEffect, useId, useState } from 'react';
import type { DiagnosisHit } from '../../../shared/icd10cm/search';
import { useDiagnosisSearch } from '../reads';

/**
 * Finds an ICD-10-CM code in the whole code set from the keyboard: a code's start (`m766`), words
 * in any order (`achilles left`), or the runner's name for it (`shin splints`). Arrow keys move,
 * Enter adds the highlighted code (the first when none is), Escape clears. Only codes of the set
 * can be chosen, and each comes with the set's description: nothing is typed by hand.
 */
export function DiagnosisSearch({ onChoose, taken }: { onChoose: (hit: DiagnosisHit) => void; taken: readonly string[] }) {
  const [text, setText] = useState('');
  const [asked, setAsked] = useState('');
  const [active, setActive] = useState(-1);
  const listId = useId();
  // Asks once typing pauses a moment: the search answers in milliseconds, the screen need not redraw per key.
  useEffect(() => {
    const timer = setTimeout(() => setAsked(text.trim()), 120);
    return () => clearTimeout(timer);
  }, [text]);
  const read = useDiagnosisSearch(asked);
  const hits = asked && text.trim() ? (read.value ?? []) : [];

  function choose(hit: DiagnosisHit | undefined) {
    if (!hit) return;
    onChoose(hit);
    setText('');
    setAsked('');
    setActive(-1);
  }

  return (
    <div className="entry dx-search">
      <label htmlFor={`${listId}-input`}>Find a diagnosis</label>
      <input
        id={`${listId}-input`}
        name="diagnosisSearch"
        value={text}
        placeholder="Code (M76.6), words (achilles left) or the runner’s words (shin splints)"
        autoComplete="off"
        role="combobox"
        aria-expanded={hits.length > 0}
        aria-controls={listId}
        aria-activedescendant={active >= 0 ? `${listId}-${active}` : undefined}
        onChange={(e) => {
          setText(e.target.value);
          setActive(-1);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' && hits.length) {
            e.preventDefault();
            setActive((a) => Math.min(hits.length - 1, a + 1));
          } else if (e.key === 'ArrowUp' && hits.length) {
            e.preventDefault();
            setActive((a) => Math.max(-1, a - 1));
          } else if (e.key === 'Escape') {
            setText('');
            setActive(-1);
          } else if (e.key === 'Enter') {
            // Enter never submits the case form from here: it picks a code.
            e.preventDefault();
            choose(hits[Math.max(active, 0)]);
          }
        }}
      />
      {hits.length ? (
        <ul className="suggestions" id={listId} role="listbox" aria-label="ICD-10-CM codes">
          {hits.map((h, i) => (
            <li
              key={h.code}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              aria-disabled={taken.includes(h.code)}
              onMouseDown={(e) => {
                e.preventDefault();
                choose(h);
              }}
            >
              <strong>{h.code}</strong> {h.description}
              {h.condition ? <span className="pill"> {h.condition}</span> : null}
              {h.recent ? <span className="pill"> recent</span> : null}
            </li>
          ))}
        </ul>
      ) : asked && text.trim() && read.value?.length === 0 ? (
        <p className="muted small" role="status">
          No ICD-10-CM code matches “{asked}”.
        </p>
      ) : null}
      {read.failure ? <p className="field-error">{read.failure.message}</p> : null}
    </div>
  );
}

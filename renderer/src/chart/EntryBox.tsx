import { useId, useState, type KeyboardEvent, type ReactNode } from 'react';

/**
 * A type-ahead line for the treatment table: type, pick with the arrow keys or just press Enter.
 * `onEnter` gets the text (or the highlighted suggestion) and returns what could not be added.
 */
export function EntryBox<S>({
  label,
  placeholder,
  name,
  suggest,
  render,
  apply,
  onEnter,
  inputRef,
  onKeyDown,
  help,
}: {
  label: string;
  placeholder: string;
  name: string;
  suggest: (text: string) => S[];
  render: (s: S) => ReactNode;
  /** Text that picking suggestion `s` turns the typed text into. */
  apply: (s: S, text: string) => string;
  onEnter: (text: string) => string | null;
  inputRef?: (el: HTMLInputElement | null) => void;
  /** Sees each key first; true when it handled the key (e.g. ArrowUp to the rows, useRowKeys). */
  onKeyDown?: (e: KeyboardEvent<HTMLInputElement>) => boolean;
  /** The syntax in full, always on view under the box (a placeholder is cut off and goes when typing starts). */
  help?: ReactNode;
}) {
  const [text, setText] = useState('');
  const [active, setActive] = useState(-1);
  const [problem, setProblem] = useState<string | null>(null);
  const listId = useId();
  const suggestions = text.trim() ? suggest(text).slice(0, 8) : [];

  function commit(value: string) {
    const left = onEnter(value);
    setProblem(left);
    setText(left ? value : '');
    setActive(-1);
  }

  return (
    <div className="entry">
      <label className="visually-hidden" htmlFor={`${listId}-input`}>
        {label}
      </label>
      <input
        id={`${listId}-input`}
        ref={inputRef}
        name={name}
        value={text}
        placeholder={placeholder}
        autoComplete="off"
        role="combobox"
        aria-expanded={suggestions.length > 0}
        aria-controls={listId}
        aria-activedescendant={active >= 0 ? `${listId}-${active}` : undefined}
        aria-invalid={Boolean(problem)}
        aria-describedby={[problem ? `${listId}-problem` : '', help ? `${listId}-help` : ''].filter(Boolean).join(' ') || undefined}
        onChange={(e) => {
          setText(e.target.value);
          setActive(-1);
          setProblem(null);
        }}
        onKeyDown={(e) => {
          if (!suggestions.length && onKeyDown?.(e)) return;
          if (e.key === 'ArrowDown' && suggestions.length) {
            e.preventDefault();
            setActive((a) => Math.min(suggestions.length - 1, a + 1));
          } else if (e.key === 'ArrowUp' && suggestions.length) {
            e.preventDefault();
            setActive((a) => Math.max(-1, a - 1));
          } else if (e.key === 'Escape') {
            setActive(-1);
            setText('');
          } else if (e.key === 'Enter') {
            e.preventDefault();
            const chosen = active >= 0 ? suggestions[active] : undefined;
            if (text.trim()) commit(chosen === undefined ? text : apply(chosen, text));
          }
        }}
      />
      {suggestions.length ? (
        <ul className="suggestions" id={listId} role="listbox">
          {suggestions.map((s, i) => (
            <li
              key={i}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              onMouseDown={(e) => {
                e.preventDefault();
                commit(apply(s, text));
              }}
            >
              {render(s)}
            </li>
          ))}
        </ul>
      ) : null}
      {problem ? (
        <p className="field-error" id={`${listId}-problem`}>
          {problem}
        </p>
      ) : null}
      {help ? (
        <p className="field-hint entry-help" id={`${listId}-help`}>
          {help}
        </p>
      ) : null}
    </div>
  );
}

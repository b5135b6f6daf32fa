import { useEffect, useId, useRef, useState } from 'react';
import { api } from '../api';
import { readNow, useRead } from '../query';
import { formatDate, localNow } from '../format';
import { chartChoices } from '../../../shared/rules/chart-entry';
import { CHART_EVENT, type ChartRequest } from '../chart/chart-event';
import { navigate, SETTINGS_LABEL, SETTINGS_PARTS, type Route } from '../route';
import { useSession } from '../session';

interface Command {
  label: string;
  hint?: string;
  run: () => void | Promise<void>;
}

/**
 * The case the screen is about, if any: a new visit from the palette is charted on it; and whether
 * the screen is a draft visit, which points and muscles from the palette are charted on.
 */
async function contextOf(route: Route): Promise<{ caseId: number | null; draft: boolean }> {
  if (route.screen === 'case') return { caseId: route.id, draft: false };
  if (route.screen === 'visit') {
    const o = await readNow('getVisit', { id: route.id });
    return o.ok ? { caseId: o.value.caseId, draft: o.value.signature === null } : { caseId: null, draft: false };
  }
  if (route.screen === 'assessment') {
    const o = await readNow('getAssessment', { id: route.id });
    return { caseId: o.ok ? o.value.caseId : null, draft: false };
  }
  return { caseId: null, draft: false };
}

const GO: readonly (readonly [string, Route])[] = [
  ['Review', { screen: 'review' }],
  ['Patients', { screen: 'patients' }],
  ['New patient', { screen: 'patient', id: 'new' }],
  ['Superbills', { screen: 'superbills' }],
  // Every Settings page, by the name on its tab.
  ...SETTINGS_PARTS.map((part) => [`Settings: ${SETTINGS_LABEL[part]}`, { screen: 'settings', part }] as const),
  ['Search notes', { screen: 'search', query: '' }],
  ['Audit log', { screen: 'audit', patientId: null }],
];

/**
 * Ctrl+K from anywhere: go to a patient by typing part of a name, chart a new visit on the case on
 * screen, chart an acupoint or muscle on the draft on screen, search the notes for what was typed,
 * or open a screen (every Settings page among them). Enter takes the highlighted line
 * (the first, unless the arrows moved); Escape closes and focus goes back where it was.
 */
export function CommandPalette({ route, onClose }: { route: Route; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const listId = useId();
  const session = useSession();
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const [caseId, setCaseId] = useState<number | null>(null);
  const [draft, setDraft] = useState(false);
  const [problem, setProblem] = useState('');

  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
    void contextOf(route).then((c) => {
      setCaseId(c.caseId);
      setDraft(c.draft);
    });
  }, [route]);

  // Patients by name as typed, each answer cached under the text it answers: a late answer for
  // older text never replaces the newer one's.
  const query = text.trim();
  const found = useRead('listPatients', { search: query, sort: 'name', limit: 6 }, { enabled: query.length >= 2, keepPrevious: true });
  const patients = query.length >= 2 && found.data?.ok ? found.data.value.rows : [];

  const words = text.trim().toLowerCase();
  const commands: Command[] = [];
  if (caseId !== null && (!words || 'new visit'.includes(words))) {
    commands.push({
      label: 'New visit for this case',
      run: async () => {
        const providers = await readNow('listProviders', { includeInactive: false });
        const provider = session?.provider?.id ?? (providers.ok ? providers.value[0]?.id : undefined);
        if (!provider) return setProblem('Add a provider in Settings → Clinic & providers before charting.');
        const o = await api.createVisit({ caseId, providerId: provider, startedAt: localNow() });
        if (!o.ok) return setProblem(o.error.message);
        onClose();
        navigate({ screen: 'visit', id: o.value.id });
      },
    });
  }
  for (const p of patients) {
    commands.push({ label: `${p.lastName}, ${p.firstName}`, hint: `born ${formatDate(p.dateOfBirth)}`, run: () => go({ screen: 'patient', id: p.id }) });
  }
  // Acupoints and muscles: charted on the draft on screen (the chart adds them as if typed in its
  // boxes, renderer/src/chart/useTreatmentEditor.tsx); anywhere else, the notes are searched for them.
  const toChart = words ? chartChoices(text) : [];
  if (draft) {
    for (const c of toChart)
      commands.push({
        label: `Chart ${c.label}`,
        run: () => {
          onClose();
          window.dispatchEvent(new CustomEvent<ChartRequest>(CHART_EVENT, { detail: { kind: c.kind, entry: c.entry } }));
        },
      });
  }
  // A screen the words name comes before searching the notes for them: `people` is a page.
  for (const [label, target] of GO) if (!words || label.toLowerCase().includes(words)) commands.push({ label, run: () => go(target) });
  if (words) commands.push({ label: `Search notes for “${text.trim()}”`, run: () => go({ screen: 'search', query: text.trim() }) });

  function go(target: Route) {
    onClose();
    navigate(target);
  }
  const highlighted = Math.min(active, commands.length - 1);

  return (
    <dialog ref={dialog} className="palette" aria-label="Go to" onCancel={onClose} onClose={onClose}>
      <input
        autoFocus
        role="combobox"
        aria-expanded
        aria-controls={listId}
        aria-activedescendant={highlighted >= 0 ? `${listId}-${highlighted}` : undefined}
        aria-label="Go to a patient, a screen, chart a point or muscle, or search notes"
        placeholder="Patient, “new visit”, ST36 or gastroc, a screen, or words to find in notes"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setActive(0);
          setProblem('');
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setActive((a) => Math.min(commands.length - 1, a + 1));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setActive((a) => Math.max(0, a - 1));
          } else if (e.key === 'Enter') {
            e.preventDefault();
            void commands[highlighted]?.run();
          }
        }}
      />
      <ul id={listId} role="listbox" className="palette-list">
        {commands.map((c, i) => (
          <li
            key={`${c.label}-${i}`}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === highlighted}
            onMouseDown={(e) => {
              e.preventDefault();
              void c.run();
            }}
          >
            {c.label}
            {c.hint ? <span className="muted"> · {c.hint}</span> : null}
          </li>
        ))}
      </ul>
      {problem ? (
        <p className="field-error" role="alert">
          {problem}
        </p>
      ) : null}
      <p className="muted small">↑ ↓ to choose · Enter to go · Esc to close · ? for every shortcut</p>
    </dialog>
  );
}

import type { SafetyWarning } from '../../../shared/rules/safety';

/**
 * The safety warnings of the treatment as typed, beside the point box and kept in view while the
 * chart scrolls (sticky), so a warning is seen as its point or lead is entered: each by its title,
 * short enough for several to stand beside the box at 1280×720, with the rule a click or Enter away. The list sits inside
 * a live region rather than being one, so each item stays a list item to assistive technology.
 */
export function ChartWarnings({ warnings }: { warnings: readonly SafetyWarning[] }) {
  return (
    <aside className="chart-warnings" aria-labelledby="chart-warnings-title">
      <div role="status">
        {warnings.length > 0 ? (
          <>
            <h2 id="chart-warnings-title" className="chart-warnings-title">
              {warnings.length === 1 ? 'Safety warning' : `${warnings.length} safety warnings`}
            </h2>
            <ul className="safety-warnings">
              {warnings.map((w) => (
                <li key={w.kind + w.title} className={w.needsOverride ? 'safety-warning safety-warning-override' : 'safety-warning'} data-warning={w.kind}>
                  {/* The title is what must be seen; the rule behind it opens under it (and the sign dialog shows it). */}
                  <details>
                    <summary>
                      <strong>{w.title}</strong>
                    </summary>
                    <span className="flag-rule">{w.rule}</span>
                  </details>
                  {w.needsOverride ? <span className="flag-rule">Signing asks for a written reason.</span> : null}
                </li>
              ))}
            </ul>
          </>
        ) : (
          <h2 id="chart-warnings-title" className="chart-warnings-title visually-hidden">
            No safety warnings
          </h2>
        )}
      </div>
    </aside>
  );
}

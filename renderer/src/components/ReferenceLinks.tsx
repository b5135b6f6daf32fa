import { REFERENCE_LINKS } from '../../../shared/reference-links';

/**
 * The public references behind the billing and coding rules. They open in the system browser
 * after the app shows the address and asks; no other web address ever leaves Needlebook.
 */
export function ReferenceLinks() {
  return (
    <section className="panel" aria-labelledby="references-heading">
      <h2 id="references-heading">References</h2>
      <p className="muted">Where the coding and billing rules come from. Each opens in your web browser after you confirm.</p>
      <ul className="reference-links">
        {REFERENCE_LINKS.map((l) => (
          <li key={l.url}>
            <a href={l.url} target="_blank" rel="noreferrer">
              {l.label}
            </a>{' '}
            — {l.what}
          </li>
        ))}
      </ul>
    </section>
  );
}

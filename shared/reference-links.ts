/**
 * The only web pages Needlebook ever opens: the public references its billing and coding rules
 * cite. Electron's main process refuses every other address (electron/security.ts), so no link
 * — and no text a link could carry — leaves the app unless it is written here, exactly.
 */
export interface ReferenceLink {
  url: string;
  label: string;
  what: string;
}

export const REFERENCE_LINKS: readonly ReferenceLink[] = [
  {
    url: 'https://www.cdc.gov/nchs/icd/icd-10-cm/index.html',
    label: 'ICD-10-CM (CDC / NCHS)',
    what: 'The diagnosis code set and its official coding guidelines.',
  },
  {
    url: 'https://www.ama-assn.org/practice-management/cpt',
    label: 'CPT® (American Medical Association)',
    what: 'Procedure codes and descriptors: 97810–97814 acupuncture, 20560/20561 needle insertion without injection.',
  },
  {
    url: 'https://www.cms.gov/medicare/coding-billing/national-correct-coding-initiative-ncci-edits',
    label: 'NCCI edits (CMS)',
    what: 'Which procedure pairs payers refuse on one day, and when modifier 59 or XS applies.',
  },
  {
    url: 'https://www.nucc.org/index.php/1500-claim-form-mainmenu-35',
    label: 'CMS-1500 claim form (NUCC)',
    what: 'The claim form a superbill’s fields map to.',
  },
  {
    url: 'https://npiregistry.cms.hhs.gov/',
    label: 'NPI Registry (CMS NPPES)',
    what: 'Look up a provider’s or clinic’s National Provider Identifier.',
  },
];

const ALLOWED = new Set(REFERENCE_LINKS.map((l) => l.url));

/** The address itself if it is one of the reference pages, character for character; otherwise null. */
export function allowedReference(url: string): string | null {
  return ALLOWED.has(url) ? url : null;
}

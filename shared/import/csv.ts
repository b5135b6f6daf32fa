/**
 * CSV as other systems write it (RFC 4180): fields in double quotes may hold the separator, line
 * breaks and doubled quotes. Excel's European export separates with semicolons; a UTF-8 byte order
 * mark at the start is dropped. The separator is read from the header line: whichever of `;` and
 * `,` it holds more of outside quotes.
 */
export interface Csv {
  delimiter: ',' | ';';
  headers: string[];
  /** Each data row with the line it starts on (the header is line 1), blank lines left out. */
  rows: { line: number; cells: string[] }[];
}

export function detectDelimiter(text: string): ',' | ';' {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch === ',') commas++;
    else if (!quoted && ch === ';') semicolons++;
  }
  return semicolons > commas ? ';' : ',';
}

export function parseCsv(input: string): Csv {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const delimiter = detectDelimiter(text);
  const records: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  const endField = () => {
    cells.push(field);
    field = '';
  };
  const endRecord = () => {
    endField();
    // A blank line (one empty field) is no record.
    if (!(cells.length === 1 && cells[0]!.trim() === '')) records.push({ line: start, cells });
    cells = [];
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && field.trim() === '') {
      field = '';
      quoted = true;
    } else if (ch === delimiter) endField();
    else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      start = line;
    } else field += ch;
  }
  if (field !== '' || cells.length > 0) endRecord();
  const [header, ...rows] = records;
  return { delimiter, headers: (header?.cells ?? []).map((h) => h.trim()), rows };
}

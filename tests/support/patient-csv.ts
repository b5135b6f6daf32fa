/**
 * A patient CSV as Excel's European export writes it (issue 36, point 4): a byte order mark,
 * semicolons, D.M.YYYY dates and accented names. `bad` rows each carry one problem, named in
 * `problems`; `duplicates` rows repeat a patient on file (`onFile`, spelt without accents) or an
 * earlier row of the file.
 */
export function patientCsv(rows: number, { bad = 0, duplicates = 0, onFile = [] as { firstName: string; lastName: string; dateOfBirth: string }[] } = {}) {
  const lines = ['Vorname;Nachname;Geburtsdatum;Geschlecht;Telefon;E-Mail;Adresse;Ort;State;PLZ;Versicherung;Member ID'];
  const problems = new Map<number, string>();
  const duplicateLines = new Map<number, 'on file' | 'in file'>();
  const FIRST = ['Zoë', 'José', 'Łukasz', 'Ana', 'Mateo', 'Nguyễn', 'Søren', 'Aisha', 'Björn', 'Chloé'];
  const LAST = ['Núñez', 'Okafor', 'Żółć', 'Reyes', 'Lindqvist', 'Ánh', 'Müller', 'Dubois', "O'Brien", 'García'];
  const dob = (i: number) => `${String((i % 28) + 1).padStart(2, '0')}.${String((i % 12) + 1).padStart(2, '0')}.${1950 + (i % 55)}`;
  const BREAKS: [string, (cells: string[]) => void][] = [
    ['dateOfBirth', (c) => (c[2] = '31.02.1980')],
    ['lastName', (c) => (c[1] = '')],
    ['sex', (c) => (c[3] = 'robot')],
    ['email', (c) => (c[5] = 'not-an-email')],
    ['postalCode', (c) => (c[9] = '12')],
  ];
  const badEvery = bad ? Math.floor(rows / bad) : 0;
  const dupEvery = duplicates ? Math.floor(rows / duplicates) : 0;
  let dupsMade = 0;
  for (let i = 0; i < rows; i++) {
    const line = i + 2;
    let cells = [
      FIRST[i % FIRST.length]!,
      `${LAST[Math.floor(i / FIRST.length) % LAST.length]!}-${i}`,
      dob(i),
      i % 2 ? 'w' : 'm',
      `(503) 555-${String(i % 10000).padStart(4, '0')}`,
      `runner${i}@example.com`,
      `${i + 1} SE Hawthorne Blvd`,
      'Portland',
      'OR',
      '97214',
      i % 3 ? 'Moda Health' : '',
      i % 3 ? `MOD${100000 + i}` : '',
    ];
    if (badEvery && i % badEvery === badEvery - 1 && problems.size < bad) {
      const [field, breakIt] = BREAKS[problems.size % BREAKS.length]!;
      breakIt(cells);
      problems.set(line, field);
    } else if (dupEvery && i % dupEvery === Math.floor(dupEvery / 2) && dupsMade < duplicates) {
      const from = onFile[dupsMade];
      if (from && dupsMade % 2 === 0) {
        const [y, m, d] = from.dateOfBirth.split('-');
        cells = [...cells];
        cells[0] = from.firstName.toUpperCase();
        cells[1] = from.lastName.normalize('NFD').replace(/\p{M}/gu, '');
        cells[2] = `${d}.${m}.${y}`;
        duplicateLines.set(line, 'on file');
      } else {
        // The row two lines up, again.
        const earlier = lines[lines.length - 2]!.split(';');
        cells[0] = earlier[0]!;
        cells[1] = earlier[1]!;
        cells[2] = earlier[2]!;
        duplicateLines.set(line, 'in file');
      }
      dupsMade++;
    }
    lines.push(cells.map((c) => (c.includes(';') ? `"${c}"` : c)).join(';'));
  }
  return { text: `\uFEFF${lines.join('\r\n')}\r\n`, problems, duplicateLines };
}

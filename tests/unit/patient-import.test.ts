import { describe, expect, it } from 'vitest';
import { detectDelimiter, parseCsv } from '../../shared/import/csv';
import { guessMapping, identityKey, importedDate, rowToPatient } from '../../shared/import/patient-import';

describe('CSV as other systems write it', () => {
  it.each([
    ['first,last\nAna,Reyes', ','],
    ['first;last\nAna;Reyes', ';'],
    ['"Name, first";"Name, last"\nAna;Reyes', ';'],
    ['a;b,c;d', ';'],
    ['only', ','],
  ])('reads the separator of %j as %j', (text, delimiter) => expect(detectDelimiter(text)).toBe(delimiter));

  it('drops a byte order mark, reads quotes, doubled quotes, separators and line breaks inside them, CRLF and blank lines', () => {
    const csv = parseCsv('\uFEFFFirst;Last;Note\r\n"Ana";"Reyes; Jr";"said ""hi""\r\nthen left"\r\n\r\nBo;Li;\n');
    expect(csv.delimiter).toBe(';');
    expect(csv.headers).toEqual(['First', 'Last', 'Note']);
    expect(csv.rows).toEqual([
      { line: 2, cells: ['Ana', 'Reyes; Jr', 'said "hi"\r\nthen left'] },
      { line: 5, cells: ['Bo', 'Li', ''] },
    ]);
  });

  it('keeps the last row without a final line break', () => expect(parseCsv('a,b\n1,2').rows).toEqual([{ line: 2, cells: ['1', '2'] }]));
});

describe('the column mapping guessed from headers', () => {
  it.each([
    [['First Name', 'Last Name', 'DOB', 'Gender'], { firstName: 0, lastName: 1, dateOfBirth: 2, sex: 3 }],
    [
      ['Vorname', 'Nachname', 'Geburtsdatum', 'Geschlecht', 'Telefon', 'E-Mail', 'Straße', 'PLZ', 'Ort'],
      { firstName: 0, lastName: 1, dateOfBirth: 2, sex: 3, phone: 4, email: 5, addressLine1: 6, postalCode: 7, city: 8 },
    ],
    [
      ['patient_first_name', 'patient_last_name', 'birth_date', 'insurance', 'member_id', 'zip_code'],
      { firstName: 0, lastName: 1, dateOfBirth: 2, insurancePayer: 3, insuranceMemberId: 4, postalCode: 5 },
    ],
    [
      ['Surname', 'Given name', 'Date of Birth', 'Mobile', 'Email Address', 'Payer', 'Subscriber ID'],
      { lastName: 0, firstName: 1, dateOfBirth: 2, phone: 3, email: 4, insurancePayer: 5, insuranceMemberId: 6 },
    ],
    [['Notes', 'Whatever'], {}],
  ])('maps %j', (headers, expected) => {
    const mapping = guessMapping(headers);
    expect(Object.fromEntries(Object.entries(mapping).filter(([, v]) => v !== null))).toEqual(expected);
  });
});

describe('a row as a patient', () => {
  const mapping = guessMapping(['First name', 'Last name', 'Date of birth', 'Sex', 'Email', 'State', 'ZIP']);
  it.each([
    ['1984-03-07', '1984-03-07'],
    ['3/7/1984', '1984-03-07'],
    ['07.03.1984', '1984-03-07'],
    ['2/30/1984', null],
    ['1984', null],
  ])('reads the date of birth %s as %s', (text, iso) => expect(importedDate(text)).toBe(iso));

  it.each([
    [['Ana', 'Reyes', '1990-04-02', 'F', '', '', ''], []],
    [['Ana', 'Reyes', '1990-04-02', '', '', '', ''], []],
    [['', 'Reyes', '1990-04-02', 'f', '', '', ''], [['firstName', 'First name is required']]],
    [['Ana', 'Reyes', '31/31/1990', 'f', '', '', ''], [['dateOfBirth', 'Date of birth "31/31/1990" is not a date (YYYY-MM-DD, M/D/YYYY or D.M.YYYY)']]],
    [['Ana', 'Reyes', '', 'f', '', '', ''], [['dateOfBirth', expect.stringMatching(/^Date of birth/)]]],
    [['Ana', 'Reyes', '1990-04-02', 'robot', '', '', ''], [['sex', 'Sex "robot" must be female, male, intersex or unknown']]],
    [['Ana', 'Reyes', '1990-04-02', 'f', 'not-an-email', '', ''], [['email', expect.stringMatching(/e-mail/i)]]],
    [['Ana', 'Reyes', '2999-01-01', 'f', '', '', ''], [['dateOfBirth', expect.stringMatching(/^Date of birth/)]]],
  ] as const)('checks %j', (cells, problems) => {
    const out = rowToPatient(cells, mapping);
    expect(out.problems.map((p) => [p.field, p.message])).toEqual(problems);
    expect(out.patient === null).toBe(problems.length > 0);
  });

  it('makes the same key of a name whatever its accents, case and spacing', () => {
    expect(identityKey('José', 'Núñez  García', '1980-01-01')).toBe(identityKey('jose', 'NUNEZ GARCIA', '1980-01-01'));
    expect(identityKey('Ana', 'Reyes', '1980-01-01')).not.toBe(identityKey('Ana', 'Reyes', '1980-01-02'));
  });
});

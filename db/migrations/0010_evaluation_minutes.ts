/**
 * Version 10: minutes of a separately billed evaluation (E/M) on a visit. Like adjunct minutes,
 * they are not acupuncture minutes, so the acupuncture units leave them out.
 */
const COLUMNS = (integer: string) => `
ALTER TABLE visit ADD COLUMN evaluation_minutes ${integer} CHECK (evaluation_minutes BETWEEN 1 AND 120);
`;

export default COLUMNS('INTEGER');
export const postgres = COLUMNS('integer');

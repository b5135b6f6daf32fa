import type { Db } from '../../db/engine/types';
import { LEDGER_KINDS, LEDGER_SHAPES, readLedger, readSigned, sealRecord } from '../../db/queries/ledger';

const VISIT_CHILDREN = LEDGER_SHAPES.visit.children.map(([table]) => table);
const SIGNATURE = ['signed_at', 'signed_by', 'signer_name', 'signer_credentials', 'signer_npi', 'signer_license'];

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** A table's columns, read from one of its rows; PostgreSQL's insertion-order `seq` is generated. */
async function columnsOf(db: Db, table: string): Promise<string[]> {
  const row = await db.get<Record<string, unknown>>(`SELECT * FROM ${table} LIMIT 1`);
  return row ? Object.keys(row).filter((c) => c !== 'seq') : [];
}

/**
 * Copies the clinic's signed visits, with their treatment rows, until `count` more signed
 * records exist, and seals each copy in the ledger as signing would. Drafts first, rows next,
 * signature last: the freeze guards stay on throughout.
 */
export async function copySignedVisits(db: Db, count: number): Promise<void> {
  if (count <= 0) return;
  const sources = (await db.all<{ id: number }>('SELECT id FROM visit WHERE signed_at IS NOT NULL ORDER BY id')).map((r) => r.id);
  const visitColumns = (await columnsOf(db, 'visit')).filter((c) => c !== 'id' && !SIGNATURE.includes(c));
  const childColumns = new Map<string, string[]>();
  for (const t of VISIT_CHILDREN)
    childColumns.set(
      t,
      (await columnsOf(db, t)).filter((c) => c !== 'visit_id' && c !== 'id'),
    );
  const ctx = { now: () => new Date(), actor: 'bench' };
  for (let done = 0; done < count;) {
    await db.transaction(async (tx) => {
      for (let i = 0; i < 2000 && done < count; i++, done++) {
        const from = sources[done % sources.length]!;
        const id = await tx.insert(`INSERT INTO visit (${visitColumns.join(', ')}) SELECT ${visitColumns.join(', ')} FROM visit WHERE id = ?`, [from]);
        for (const [t, cols] of childColumns) {
          if (cols.length === 0) continue;
          await tx.run(`INSERT INTO ${t} (visit_id, ${cols.join(', ')}) SELECT ?, ${cols.join(', ')} FROM ${t} WHERE visit_id = ?`, [id, from]);
        }
        await tx.run(`UPDATE visit SET ${SIGNATURE.map((c) => `${c} = (SELECT ${c} FROM visit s WHERE s.id = ?)`).join(', ')} WHERE id = ?`, [
          ...SIGNATURE.map(() => from),
          id,
        ]);
        await sealRecord({ ...ctx, db: tx }, 'visit', id);
      }
    });
  }
}

/** The verify's floor: the same reads (db/queries/ledger.ts), nothing hashed. */
export async function readSignedRowsOnly(db: Db): Promise<number> {
  let n = (await readLedger(db)).length;
  for (const kind of LEDGER_KINDS) n += (await readSigned(db, kind)).rows.length;
  return n;
}

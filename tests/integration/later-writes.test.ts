import { describe, expect, it } from 'vitest';
import type { Engine } from '../../db/engine/types';
import { TEST_ENGINE, testEngine } from '../support/db';

/**
 * `Db.later`: a write nothing waits on. On PostgreSQL it is pipelined behind the statements before
 * it and its answer is read only when its savepoint or transaction ends (issue 38: fewer waits per
 * save). These prove that such a write still decides the action as an awaited one does: a failure
 * rolls back the whole transaction (or only its savepoint), says its own cause, and nothing of it
 * is committed.
 */
// Closed by the test support when each test ends (PostgreSQL); SQLite's is in memory.
let engine: Engine;

const setup = async () => {
  engine = await testEngine();
  await engine.exec('CREATE TABLE later_probe (id integer PRIMARY KEY, label text NOT NULL)');
  const labels = async () => (await engine.all<{ label: string }>('SELECT label FROM later_probe ORDER BY id')).map((r) => r.label);
  return { labels };
};

describe(`writes sent without a wait (${TEST_ENGINE})`, () => {
  it('lands them with the transaction, in the order sent, and a read after them sees them', async () => {
    const { labels } = await setup();
    const seen = await engine.transaction(async (tx) => {
      await tx.later('INSERT INTO later_probe (id, label) VALUES (1, ?)', ['first']);
      await tx.later('INSERT INTO later_probe (id, label) VALUES (2, ?)', ['second']);
      await tx.later('UPDATE later_probe SET label = ? WHERE id = 1', ['first, changed']);
      return (await tx.all<{ label: string }>('SELECT label FROM later_probe ORDER BY id')).map((r) => r.label);
    });
    expect(seen).toEqual(['first, changed', 'second']);
    expect(await labels()).toEqual(['first, changed', 'second']);
  });

  it('fails the transaction when one fails, with its own cause, and commits nothing of it', async () => {
    const { labels } = await setup();
    await engine.transaction((tx) => tx.run("INSERT INTO later_probe (id, label) VALUES (1, 'kept')"));
    const failed = engine.transaction(async (tx) => {
      await tx.run("INSERT INTO later_probe (id, label) VALUES (2, 'not kept')");
      // The primary key is taken: on PostgreSQL this is found only when the transaction ends.
      await tx.later("INSERT INTO later_probe (id, label) VALUES (1, 'clash')");
      // Statements after it: on PostgreSQL they meet an aborted transaction.
      await tx.get('SELECT count(*) AS n FROM later_probe');
      return 'committed';
    });
    await expect(failed).rejects.toThrow(/unique|primary key|constraint/i);
    await expect(failed).rejects.not.toThrow(/aborted/i);
    expect(await labels()).toEqual(['kept']);
  });

  it('fails the transaction when one fails as the last statement before COMMIT', async () => {
    const { labels } = await setup();
    const failed = engine.transaction(async (tx) => {
      await tx.run("INSERT INTO later_probe (id, label) VALUES (5, 'not kept')");
      await tx.later('INSERT INTO later_probe (id, label) VALUES (6, NULL)');
    });
    await expect(failed).rejects.toThrow(/null/i);
    expect(await labels()).toEqual([]);
  });

  it('rolls back only its savepoint when one fails inside it, and the outer transaction goes on', async () => {
    const { labels } = await setup();
    const outcome = await engine.transaction(async (tx) => {
      await tx.later("INSERT INTO later_probe (id, label) VALUES (1, 'outer')");
      const inner = await tx
        .transaction(async (sp) => {
          await sp.later("INSERT INTO later_probe (id, label) VALUES (2, 'inner')");
          await sp.later("INSERT INTO later_probe (id, label) VALUES (1, 'clash')");
        })
        .then(
          () => 'inner committed',
          (error: unknown) => `inner refused: ${(error as Error).message}`,
        );
      await tx.later("INSERT INTO later_probe (id, label) VALUES (3, 'after')");
      return inner;
    });
    expect(outcome).toMatch(/^inner refused: .*(unique|primary key|constraint)/i);
    expect(await labels()).toEqual(['outer', 'after']);
  });

  it('outside a transaction, is the statement’s own outcome', async () => {
    const { labels } = await setup();
    await engine.later("INSERT INTO later_probe (id, label) VALUES (1, 'alone')");
    await expect(engine.later("INSERT INTO later_probe (id, label) VALUES (1, 'clash')")).rejects.toThrow(/unique|primary key|constraint/i);
    expect(await labels()).toEqual(['alone']);
  });
});

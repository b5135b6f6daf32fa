import { openHost } from '../../db/host';

/**
 * The process the file-size-limit test runs under `ulimit -f` (tests/integration/storage-faults.sqlite.test.ts):
 * it adds patients with long race lists until a save is refused, printing each id once it
 * committed and then the refusal, as JSON lines. Usage: file-limit-child.ts FILE
 */
const [file] = process.argv.slice(2);
const host = await openHost(file!, { actor: 'file limit test', log: () => {} });
const print = (line: unknown) => process.stdout.write(`${JSON.stringify(line)}\n`);
for (let i = 0; i < 5000; i++) {
  const outcome = await host.handle('savePatient', {
    firstName: 'Nia',
    lastName: `Okoro ${i}`,
    dateOfBirth: '1992-05-14',
    sex: 'female',
    races: Array.from({ length: 20 }, (_, r) => ({ name: `Race ${r} ${'x'.repeat(100)}`, date: '2026-06-01', distance: 'Marathon' })),
  });
  if (!outcome.ok) {
    print({ refused: outcome.error });
    break;
  }
  print({ saved: (outcome.value as { id: number }).id });
}
await host.close().catch(() => undefined);

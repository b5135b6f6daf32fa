import { openHost } from '../../db/host';
import { ITBS_TREATMENT } from './charting';

/**
 * The process the crash test kills (tests/integration/crash-safety.sqlite.test.ts): it charts and signs
 * visits through the service as fast as it can, printing each id once its transaction committed.
 * Usage: crash-child.ts FILE CASE_ID PROVIDER_ID
 */
const [file, caseId, providerId] = process.argv.slice(2);
const host = await openHost(file!, { actor: 'crash test', log: () => {} });
const call = async (channel: string, input: unknown) => {
  const o = await host.handle(channel, input);
  if (!o.ok) throw new Error(`${channel}: ${o.error.message}`);
  return o.value as { id: number };
};
process.stdout.write('ready\n');
for (let i = 0; ; i++) {
  const day = String(1 + (i % 27)).padStart(2, '0');
  const startedAt = `2026-03-${day}T${String(8 + (i % 10)).padStart(2, '0')}:00`;
  const visit = await call('createVisit', { caseId: Number(caseId), providerId: Number(providerId), startedAt });
  await call('saveVisit', { id: visit.id, providerId: Number(providerId), startedAt, faceMinutes: 30, subjective: `Round visit ${i}`, ...ITBS_TREATMENT });
  process.stdout.write(`saved ${visit.id}\n`);
  await call('signVisit', { id: visit.id, providerId: Number(providerId) });
  process.stdout.write(`signed ${visit.id}\n`);
}

import { openHost } from '../../db/host';
import type { Visit } from '../../shared/visit';

/**
 * One clinic seat under load, as its own process (tests/bench/clinic-load.ts starts ten): it
 * charts visits on its own cases, in turn — open a draft, three autosaves with the draft's version,
 * sign — and reads Review after each, until its time is up: as fast as the service answers, or
 * with `pace` milliseconds between calls on average (a person reading the screen). It prints
 * one JSON line: each call's milliseconds, what it last saved in each visit, and every refusal.
 */
const [url, caseIdsText, providerIdText, secondsText, seatText, paceText] = process.argv.slice(2);
const pace = Number(paceText ?? 0);
const caseIds = caseIdsText!.split(',').map(Number);
const providerId = Number(providerIdText);
const seat = Number(seatText);
const host = await openHost(url!, { actor: `load seat ${seat}`, session: true, log: () => undefined });
// Every seat starts at the same moment, once all have started and opened (ten processes compiling
// on two cores would otherwise be timed as the first seats' calls): each says it is ready, after
// one untimed Review read of its own, and waits for the word on its standard input.
await host.handle('reviewCases', {});
process.stdout.write('ready\n');
// The word, or the pipe closed (the load test gone): either way, on.
await new Promise((resolve) => {
  process.stdin.once('data', resolve);
  process.stdin.once('end', resolve);
});
process.stdin.pause();
const until = Date.now() + Number(secondsText) * 1000;
const times: Record<'save' | 'sign' | 'review' | 'open', number[]> = { save: [], sign: [], review: [], open: [] };
const saved: Record<number, string> = {};
const refusals: string[] = [];

async function timed<T>(kind: keyof typeof times, channel: string, input: unknown): Promise<T | null> {
  const started = performance.now();
  const outcome = await host.handle(channel, input);
  times[kind].push(performance.now() - started);
  // A person's pause is never the same twice: between half and one and a half times `pace`. With
  // one fixed pause the ten seats, let go at one moment, would stay in step and reach the server
  // together on every call, a burst no clinic makes.
  if (pace > 0) await new Promise((resolve) => setTimeout(resolve, pace * (0.5 + Math.random())));
  if (!outcome.ok) {
    refusals.push(`${channel}: ${outcome.error.code} ${outcome.error.message}`);
    return null;
  }
  return outcome.value as T;
}

const start = new Date('2026-06-01T07:00:00Z').getTime();
for (let n = 0; Date.now() < until; n++) {
  const at = new Date(start + n * 15 * 60_000).toISOString().slice(0, 16);
  const visit = await timed<Visit>('open', 'createVisit', { caseId: caseIds[n % caseIds.length], providerId, startedAt: at });
  if (!visit) break;
  let version = visit.version;
  for (let k = 1; k <= 3; k++) {
    const subjective = `Seat ${seat}, visit ${n}, save ${k}: calf tight after intervals.`;
    const after = await timed<Visit>('save', 'saveVisit', {
      id: visit.id,
      providerId,
      startedAt: at,
      faceMinutes: 30,
      painBefore: 5,
      painAfter: 3,
      subjective,
      acupoints: [{ code: 'ST36', side: 'B' }, ...(k > 1 ? [{ code: 'BL57', side: 'L' as const }] : [])],
      version,
    });
    if (!after) break;
    version = after.version;
    saved[visit.id] = subjective;
  }
  await timed('sign', 'signVisit', { id: visit.id, providerId });
  await timed('review', 'reviewCases', {});
}
await host.close();
process.stdout.write(`${JSON.stringify({ seat, times, saved, refusals })}\n`);

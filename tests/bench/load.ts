import { parseArgs } from 'node:util';
import { describeLoad, runClinicLoad } from './clinic-load';

/** `npm run load [-- --seats 10 --seconds 120 --pace MS --db postgres://…]`: the clinic under load (tests/bench/clinic-load.ts); --pace: each seat waits MS after each call on average (between half and one and a half times MS). */
const { values } = parseArgs({
  options: {
    seats: { type: 'string', default: '10' },
    seconds: { type: 'string', default: '120' },
    pace: { type: 'string', default: '0' },
    db: { type: 'string' },
  },
});
const server = values.db ?? process.env.NEEDLEBOOK_TEST_PG;
if (!server) throw new Error('npm run load needs --db postgres://… (a server whose user may create schemas and roles) or NEEDLEBOOK_TEST_PG');
const report = await runClinicLoad(server, { seats: Number(values.seats), seconds: Number(values.seconds), pace: Number(values.pace) });
process.stdout.write(`${describeLoad(report)}\n`);
process.exitCode = report.lost.length + report.refusals.length + report.ledgerProblems > 0 ? 1 : 0;

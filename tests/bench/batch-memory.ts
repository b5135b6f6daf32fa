import { monthBatchInItsOwnProcess } from './batch-process';

/**
 * The month batch's peak memory (issue 38, point 5), on its own:
 *
 *   npx tsx tests/bench/batch-memory.ts --file FILE [--patients N] [--repeat R] [--out DIR]
 *
 * Measured as tests/bench/batch-process.ts says (the app's bundles, plain Node, a process of its
 * own); `npm run bench` measures the same on its clinic. FILE is seeded with the demo clinic of N
 * patients when it is empty; run again to measure.
 */
const figures = await monthBatchInItsOwnProcess(process.argv.slice(2));
console.log('said' in figures ? figures.said : JSON.stringify(figures, null, 2));

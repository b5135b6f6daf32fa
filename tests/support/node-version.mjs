// Run by `npm test` (pretest) before anything loads: on an older Node, better-sqlite3's native
// module, built for Node 22, crashes the run with a bare "Segmentation fault". Plain JavaScript,
// so any Node can read it.
import { readFileSync } from 'node:fs';

const wanted = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).engines.node; // ">=22.12"
const [major, minor] = wanted.replace(/^>=/, '').split('.').map(Number);
const [haveMajor, haveMinor] = process.versions.node.split('.').map(Number);
if (haveMajor < major || (haveMajor === major && haveMinor < minor)) {
  process.stderr.write(
    `Needlebook needs Node.js ${major}.${minor} or newer (Node ${major} LTS); this is Node ${process.versions.node}.\n` +
      `Install Node ${major} LTS, then run npm install again and npm test (README, "Set up and run"). .ci/run installs it by itself.\n`,
  );
  process.exit(1);
}

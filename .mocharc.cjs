// The mocha suite as `npm test` runs it: every test file, three at a time (parallel, jobs 3: a file often waits on a server, a browser or
// a store, so a third worker fills two cores better; bench/README.md, "The test suite"), each handed to the
// next free worker process in the order of `spec`. The files that take longest come first, so that none of them
// starts last and runs alone at the end while the other worker waits; every other file follows, in name order.
// The longest are the twelve of the longest wall time, each run alone: bench/README.md, "The test suite".
const { readdirSync } = require('node:fs');
const path = require('node:path');

const longestFirst = [
  'test/html/browser.test.ts',
  'test/http/interop.test.ts',
  'test/publish/export.test.ts',
  'test/publish/site-builds.test.ts',
  'test/cli.test.ts',
  'test/deploy/apache.test.ts',
  'test/http/representations.test.ts',
  'test/store/virtuoso.test.ts',
  'test/html/validators.test.ts',
  'test/import/fixtures.test.ts',
  'test/import/cli.test.ts',
  'test/publish/signposting.test.ts',
];

const all = readdirSync(path.join(__dirname, 'test'), { recursive: true }).filter((f) => f.endsWith('.test.ts')).map((f) => `test/${f}`).sort();
for (const file of longestFirst) {
  if (!all.includes(file)) throw new Error(`.mocharc.cjs names ${file}, which is not a test file`);
}

module.exports = {
  spec: [...longestFirst, ...all.filter((f) => !longestFirst.includes(f))],
  'node-option': ['import=tsx'],
  timeout: 30000,
  reporter: 'spec',
  parallel: true,
  jobs: 3,
};

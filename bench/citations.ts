// Benchmark: the CPU of one work's formatted reference in each citation
// style, and of its RIS: the first N works of a CSL-JSON file (a built
// site's publications.csl.json; by default the works of the golden file
// test/fixtures/citations/references.json), each formatted once in each,
// after the styles are compiled and the engine warmed on 50 of them; CPU
// (user + system) per reference. Run node with --cpu-prof to see where it
// goes (bench/README.md, "Citation styles").
//
//   npm run build && node --import tsx bench/citations.ts [FILE.json] [N]

import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CslItem as Item } from '../src/render/citations.js';
import { fromDist, root } from './support.js';

const { citationWriters, compileCitationStyles, loadCitationStyles } = await fromDist('render/citations.js');
const { defaultSettings } = await fromDist('site/settings.js');

const [file, n] = process.argv.slice(2);
const data = JSON.parse(readFileSync(file ?? path.join(root, 'test', 'fixtures', 'citations', 'references.json'), 'utf8')) as Array<Record<string, unknown>>;
// The golden file's entries hold their work as `item`.
const items = data.map((d) => (d.item ?? d) as Item).slice(0, n === undefined ? undefined : Number(n));
const styles = loadCitationStyles(defaultSettings.citationStyle);
compileCitationStyles(styles, defaultSettings.language);
const writers: Array<[string, (item: Item) => string]> = [
  ...styles.map((style): [string, (item: Item) => string] => [style, (item) => citationWriters.reference([item], style)]),
  ['RIS', (item) => citationWriters.ris([item])],
];
for (const item of items.slice(0, 50)) for (const [, write] of writers) write(item);

console.log(`${items.length} works of ${file ?? 'the golden file'}: CPU ms per reference`);
for (const [name, write] of writers) {
  const start = process.cpuUsage();
  for (const item of items) write(item);
  const { user, system } = process.cpuUsage(start);
  console.log(`${name.padEnd(20)} ${((user + system) / 1000 / items.length).toFixed(3)}`);
}

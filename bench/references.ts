// Every citation of the works of CSL-JSON files, in every citation style
// and as RIS and BibTeX, one JSON line per work and format, on stdout: run
// on two commits' compiled code, the two outputs compared byte for byte
// (`cmp`) say whether a change to the citation writers changed any citation
// (bench/README.md, "A reference's CPU"). A file is a built site's
// publications.csl.json, or the golden file of test/fixtures/citations/,
// whose entries hold their work as `item`.
//
//   npm run build && node --import tsx bench/references.ts FILE.json... > OUT

import { readFileSync } from 'node:fs';
import type { CslItem as Item } from '../src/render/citations.js';
import { fromDist } from './support.js';

const { citationWriters, loadCitationStyles } = await fromDist('render/citations.js');
const { defaultSettings } = await fromDist('site/settings.js');

const files = process.argv.slice(2);
if (files.length === 0) throw new Error('usage: bench/references.ts FILE.json...');
const styles = loadCitationStyles(defaultSettings.citationStyle);
let lines = 0;
for (const file of files) {
  const data = JSON.parse(readFileSync(file, 'utf8')) as Array<Record<string, unknown>>;
  for (const item of data.map((d) => (d.item ?? d) as Item)) {
    for (const style of styles) console.log(JSON.stringify([item.id, style, citationWriters.reference([item], style)]));
    console.log(JSON.stringify([item.id, 'ris', citationWriters.ris([item])]));
    console.log(JSON.stringify([item.id, 'bibtex', citationWriters.bibtex([item])]));
    lines += styles.length + 2;
  }
}
console.error(`${lines} citations of ${files.length} files`);

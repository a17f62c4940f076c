// Benchmark: what each format and the precompressed copies add to a built
// site, in files and bytes, for a quota-bound host (`lodfolio build
// --formats LIST --no-precompress`). For the demo and a generated profile of
// 72 papers, it builds the site with HTML alone and no copies, then with
// HTML and each other format, then every format with and without copies,
// and prints what each adds to the HTML-only site (the copies: to the full
// one).
//
//   node --import tsx bench/formats.ts

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildStatic } from '../src/build.js';
import { documentFormats, formats, type DocumentFormat } from '../src/formats.js';
import { ProfileBuilder } from '../src/pipeline.js';
import { demoDir } from '../test/support/fixtures.js';
import { writeGeneratedProfile } from '../test/support/generate.js';
import { filesIn } from './support.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'lodfolio-bench-formats-'));
const builder = await ProfileBuilder.create();
const lastModified = new Date('2024-05-06T07:08:09Z');
const generated = path.join(tmp, 'generated-72');
await writeGeneratedProfile(generated, { papers: 72 });

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;
try {
  for (const [name, dataDir] of [['demo', demoDir], ['72 papers', generated]] as const) {
    const size = async (formatList: readonly DocumentFormat[], precompress: boolean) => {
      const out = path.join(tmp, 'site');
      await buildStatic({ dataDir, base: 'https://example.org/~ada/', out, lastModified, builder, formats: formatList, precompress });
      const found = filesIn(out);
      rmSync(out, { recursive: true, force: true });
      rmSync(path.join(tmp, '.site.builds'), { recursive: true, force: true });
      return found;
    };
    const html = await size(['html'], false);
    console.log(`${name}: HTML alone, no copies: ${html.files} files, ${mb(html.bytes)}`);
    for (const format of documentFormats.filter((f) => f !== 'html')) {
      const withIt = await size(['html', format], false);
      console.log(`  + ${formats[format].label}: ${withIt.files - html.files} files, ${mb(withIt.bytes - html.bytes)}`);
    }
    const all = await size(documentFormats, false);
    const copies = await size(documentFormats, true);
    console.log(`  every format, no copies: ${all.files} files, ${mb(all.bytes)}`);
    console.log(`  + the .gz and .br copies: ${copies.files - all.files} files, ${mb(copies.bytes - all.bytes)} (in all ${copies.files} files, ${mb(copies.bytes)})`);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

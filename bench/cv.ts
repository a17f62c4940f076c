// Benchmark: the CPU seconds (user + kernel) of making the printable CV's
// bytes alone (`{base}cv`, made from the whole profile on the main thread
// in every build and rebuild) for a profile folder: its first making in
// the process, as a build makes it, and two more. The bytes go to OUT when
// given, to compare two versions of the code.
//
//   node --import tsx bench/cv.ts PROFILE [OUT]
//   node --cpu-prof --import tsx bench/cv.ts PROFILE

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ProfileBuilder } from '../src/pipeline.js';
import { publishProfile } from '../src/publish/profile-site.js';
import { root } from './support.js';

const [dataDir, out] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: bench/cv.ts PROFILE [OUT]');
const profile = await (await ProfileBuilder.create()).build(dataDir, 'https://scholar.example/');
const { site, representations } = await publishProfile(profile, { lastModified: new Date(0), publicDir: path.join(root, 'public') });
const cv = representations.resources.find((r) => r.path === new URL(site.urls.cv).pathname)!;
const cpu = () => { const { user, system } = process.cpuUsage(); return (user + system) / 1e6; };
const seconds: string[] = [];
let bytes: Buffer = Buffer.alloc(0);
for (let i = 0; i < 3; i++) {
  const start = cpu();
  bytes = cv.renderer()(0);
  seconds.push((cpu() - start).toFixed(3));
}
if (out) writeFileSync(out, bytes);
console.log(`${profile.graph.size} triples: the CV's ${bytes.length} bytes in ${seconds.join(', ')} s of CPU (first, second, third)`);

// The peer of the scale benchmark: Hugo, the static site generator many
// scholars' homepages are built with (Hugo Blox, formerly Academic), given
// the same works as lodfolio and asked for what a scholar's Hugo site makes
// of them: a page per work in HTML and JSON, a page per author and per
// venue (Hugo's taxonomies) and the lists, in HTML and JSON. The works are
// those of the generated profile (test/support/generate.ts, the same seed),
// written as Hugo content: one Markdown file per work, its front matter the
// work's title, date, authors and venue.
//
// Skipped, with a message, where `hugo` is not installed (Debian: `hugo`).

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateProfile } from '../test/support/generate.js';
import { filesIn } from './support.js';

export interface HugoRun {
  version: string;
  ms: number;
  /** Peak RSS in bytes, from GNU time where it is installed. */
  peak: number | undefined;
  files: number;
  bytes: number;
}

/** `hugo version`, or undefined when Hugo is not installed. */
export function hugoVersion(): string | undefined {
  const run = spawnSync('hugo', ['version'], { encoding: 'utf8' });
  return run.status === 0 ? /v\d+\.\d+\.\d+/.exec(run.stdout)?.[0] ?? run.stdout.trim() : undefined;
}

const config = `baseURL = "https://scholar.example/"
title = "A generated scholar"
disableKinds = ["RSS", "sitemap", "robotsTXT", "404"]
[taxonomies]
  author = "authors"
  venue = "venues"
[outputs]
  home = ["HTML", "JSON"]
  section = ["HTML", "JSON"]
  page = ["HTML", "JSON"]
  taxonomy = ["HTML", "JSON"]
  term = ["HTML", "JSON"]
`;

const layouts: Record<string, string> = {
  '_default/baseof.html': `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main>{{ block "main" . }}{{ end }}</main></body></html>
`,
  '_default/single.html': `{{ define "main" }}<article><h1>{{ .Title }}</h1>
<p>{{ range $i, $a := .Params.authors }}{{ if $i }}, {{ end }}<a href="{{ "authors/" | relURL }}{{ $a | urlize }}/">{{ $a }}</a>{{ end }}</p>
<p>{{ with .Params.venues }}{{ index . 0 }}, {{ end }}<time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "January 2006" }}</time></p>
{{ .Content }}</article>{{ end }}
`,
  '_default/list.html': `{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> ({{ .Date.Year }})</li>{{ end }}</ul>{{ end }}
`,
  '_default/single.json': `{{ dict "title" .Title "date" (.Date.Format "2006-01-02") "authors" .Params.authors "venues" .Params.venues "url" .Permalink | jsonify }}
`,
  '_default/list.json': `{{ $items := slice }}{{ range .Pages }}{{ $items = $items | append (dict "title" .Title "url" .Permalink) }}{{ end }}{{ dict "title" .Title "items" $items | jsonify }}
`,
};

/** Hugo wants a full date; the profile's may be a year (2019) or a month (2019-06). */
function fullDate(date: string): string {
  return date.length === 4 ? `${date}-01-01` : date.length === 7 ? `${date}-01` : date;
}

/** The generated profile's works as a Hugo site's source, in `dir`. */
export function writeHugoSource(dir: string, papers: number): void {
  const profile = generateProfile({ papers });
  const { people } = profile['people.yaml'] as { people: Array<{ id: string; name: string }> };
  const person = (profile['person.yaml'] as { person: { id: string; name: string } }).person;
  const works = profile['works.yaml'] as { publications: Array<Record<string, unknown>>; events: Array<{ id: string; name: string }> };
  const names = new Map([...people, person].map((p) => [p.id, p.name]));
  const events = new Map(works.events.map((e) => [e.id, e.name]));
  writeFileSync(path.join(dir, 'hugo.toml'), config);
  for (const [file, text] of Object.entries(layouts)) {
    mkdirSync(path.dirname(path.join(dir, 'layouts', file)), { recursive: true });
    writeFileSync(path.join(dir, 'layouts', file), text);
  }
  const content = path.join(dir, 'content', 'publications');
  mkdirSync(content, { recursive: true });
  for (const work of works.publications) {
    const front = {
      title: work.name,
      // Hugo wants a full date; the profile's may be a year or a month.
      date: fullDate(String(work.datePublished)),
      authors: (work.authors as string[]).map((id) => names.get(id) ?? id),
      venues: [events.get(String(work.venue)) ?? String(work.venue)],
    };
    writeFileSync(path.join(content, `${String(work.id)}.md`), `${JSON.stringify(front, null, 2)}\n`);
  }
}

/** Builds the generated works with Hugo into a fresh `out`; the time and peak memory of `hugo` alone. */
export async function runHugo(source: string, out: string): Promise<HugoRun> {
  const version = hugoVersion();
  if (!version) throw new Error('hugo is not installed');
  rmSync(out, { recursive: true, force: true });
  const timeFile = path.join(source, '.time');
  const gnuTime = existsSync('/usr/bin/time');
  const args = ['--quiet', '--source', source, '--destination', out];
  const [command, argv] = gnuTime ? ['/usr/bin/time', ['-f', '%M', '-o', timeFile, 'hugo', ...args]] : ['hugo', args];
  const started = performance.now();
  const child = spawn(command, argv, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk; });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const ms = performance.now() - started;
  if (code !== 0) throw new Error(`hugo failed (exit ${code}): ${stderr.trim().split('\n').slice(-3).join(' / ')}`);
  const kb = gnuTime ? Number(readFileSync(timeFile, 'utf8').trim().split('\n').at(-1)) : NaN;
  return { version, ms, peak: Number.isFinite(kb) && kb > 0 ? kb * 1024 : undefined, ...filesIn(out) };
}

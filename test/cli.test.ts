import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { parse } from 'yaml';
import jsonld from 'jsonld';
import { Parser } from 'n3';
import { isDataFile, projectRoot, starterDir } from '../src/config.js';
import { createServer } from '../src/server.js';
import { commandArgs, runLodfolio, type CommandResult } from './support/command.js';
import { demoDir } from './support/fixtures.js';
import { buildErrors, fixturesDir, parseTurtle, sameGraph, sharedBuilder } from './support/profile.js';

/** Runs the real `lodfolio` command, as a user would, and collects what it prints; from the project folder unless told `cwd`. */
async function lodfolio(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return lodfolioIn(projectRoot, ...args);
}

function lodfolioIn(cwd: string, ...args: string[]): Promise<CommandResult> {
  return runLodfolio({ cwd }, ...args);
}

describe('the lodfolio command', () => {
  it('prints its usage with --help, ending with a newline', async () => {
    const { code, stdout } = await lodfolio('--help');
    expect(code).to.equal(0);
    expect(stdout).to.include('lodfolio validate [DIR]').and.include('lodfolio dump [--format F] [--base URL] [DIR]').and.include('lodfolio COMMAND --help');
    expect(stdout).to.match(/[^\n]\n$/);
  });

  it('prints a command\'s usage and its options, and only its own, with COMMAND --help', async () => {
    const { code, stdout } = await lodfolio('dump', '--help');
    expect(code).to.equal(0);
    expect(stdout).to.match(/^Usage:\n {2}lodfolio dump \[--format F\] \[--base URL\] \[DIR\]\n {4}print the whole dataset\n\nOptions:\n/);
    expect(stdout.match(/^ {2}(-\w, )?--[\w-]+/gm)).to.deep.equal(['  -f, --format', '  --base', '  -h, --help']);
    expect(stdout).to.match(/[^\n]\n$/);
    const imported = await lodfolio('import', 'bibtex', '-h');
    expect(imported.stdout).to.include('lodfolio import bibtex FILE.bib [--into DIR] [--force]').and.include('--force').and.not.include('--format');
  });

  it('refuses an option of another command, exiting 2 and saying which options the command takes', async () => {
    const { code, stdout, stderr } = await lodfolio('validate', '--snippet', demoDir);
    expect(code).to.equal(2);
    expect(stdout).to.equal('');
    expect(stderr).to.match(/^lodfolio: validate does not take --snippet \(its options: --base URL\)\n\nUsage:\n {2}lodfolio validate \[DIR\]\n/);
    const init = await lodfolio('init', '--force');
    expect([init.code, init.stderr.split('\n')[0]]).to.deep.equal([2, 'lodfolio: init does not take --force (its options: --empty)']);
  });

  it('refuses a SPARQL queue that is not a number of queries, before serving anything', async () => {
    const { code, stdout, stderr } = await lodfolio('serve', '--sparql-queue', '0', '--port', '0', demoDir);
    expect({ code, stdout, stderr }).to.deep.equal({ code: 2, stdout: '', stderr: 'lodfolio: --sparql-queue must be a number of queries, 1 or more (got "0")\n' });
  });

  it('exits 2 with the usage on an unknown command', async () => {
    const { code, stderr } = await lodfolio('publish');
    expect(code).to.equal(2);
    expect(stderr).to.include('unknown command "publish"').and.include('Usage:');
  });

  it('validates a profile folder and exits 0', async () => {
    const { code, stdout } = await lodfolio('validate', demoDir);
    expect(code).to.equal(0);
    expect(stdout).to.match(/demo: valid, \d+ triples\n$/);
  });

  it('exits 1 on invalid data, printing every problem and nothing on stdout', async () => {
    const { code, stdout, stderr } = await lodfolio('validate', path.join(fixturesDir, 'invalid', 'many-errors'));
    expect(code).to.equal(1);
    expect(stdout).to.equal('');
    const lines = stderr.trim().split('\n');
    // The first names the fields a person may have, which are the schema's (test/source/validation.test.ts pins it).
    expect(lines[0]).to.match(/^test\/fixtures\/invalid\/many-errors\/profile\.yaml:4:3 person\.colour: is not a known field for this kind of entry \(allowed: .*\)$/);
    expect(lines).to.deep.equal([
      ...(await buildErrors(path.join(fixturesDir, 'invalid', 'many-errors'))).slice(0, 1),
      'test/fixtures/invalid/many-errors/profile.yaml:9:20 publications[0].datePublished: must be a date like 2020, 2020-09 or 2020-09-30 (got "18-43")',
      'test/fixtures/invalid/many-errors/profile.yaml:11:5 news[0].date: is required but missing',
      'lodfolio: 3 problems; nothing was published',
    ]);
  });

  describe('inside a profile folder, with no DIR given', () => {
    const profile = path.join(fixturesDir, 'valid', 'collection-in-two-files');

    it('validates the current folder, not the demo data/, and says which it checked', async () => {
      const { code, stdout, stderr } = await lodfolioIn(profile, 'validate');
      expect(code, stderr).to.equal(0);
      expect(stdout.replace(/\d+ triples/, 'N triples')).to.equal(`${profile}: valid, N triples\n`);
    });

    it('reports the problems of the current folder, with file names from there', async () => {
      const { code, stderr } = await lodfolioIn(path.join(fixturesDir, 'invalid', 'dangling-reference'), 'validate');
      expect(code).to.equal(1);
      expect(stderr.trim().split('\n')).to.deep.equal([
        'profile.yaml:8:20 publications[0].authors[1]: refers to "charles-babage", but no entry in this profile has that id; did you mean "charles-babbage"?',
        'lodfolio: 1 problem; nothing was published',
      ]);
    });

    it('dumps the current folder', async () => {
      const { code, stdout, stderr } = await lodfolioIn(profile, 'dump', '--format', 'ntriples');
      expect(code, stderr).to.equal(0);
      expect(stdout).to.include('<http://localhost:3000/people/augustus-de-morgan#id>').and.not.include('jonathan-mace');
    });
  });

  it('dumps nothing from invalid data', async () => {
    const { code, stdout } = await lodfolio('dump', path.join(fixturesDir, 'invalid', 'dangling-reference'));
    expect(code).to.equal(1);
    expect(stdout).to.equal('');
  });

  it('dumps the same graph as Turtle, N-Triples and JSON-LD', async () => {
    const [turtle, ntriples, json] = await Promise.all([lodfolio('dump', demoDir), lodfolio('dump', '--format', 'ntriples', demoDir), lodfolio('dump', '--format', 'jsonld', demoDir)]);
    for (const run of [turtle, ntriples, json]) expect(run.code, run.stderr).to.equal(0);
    const fromTurtle = parseTurtle(turtle.stdout);
    const fromNTriples = new Parser({ format: 'N-Triples' }).parse(ntriples.stdout);
    const fromJsonLd = parseTurtle(await jsonld.toRDF(JSON.parse(json.stdout), { format: 'application/n-quads' }) as unknown as string);
    expect(fromTurtle.length).to.be.greaterThan(600);
    expect(sameGraph(fromTurtle, fromNTriples), 'Turtle ≅ N-Triples').to.equal(true);
    expect(sameGraph(fromTurtle, fromJsonLd), 'Turtle ≅ JSON-LD').to.equal(true);
  });

  it('mints IRIs under --base', async () => {
    const { code, stdout } = await lodfolio('dump', '--format', 'ntriples', '--base', 'https://scholar.example/', demoDir);
    expect(code).to.equal(0);
    expect(stdout).to.include('<https://scholar.example/#me>').and.not.include('localhost');
  });

  it('refuses an unknown dump format', async () => {
    const { code, stderr } = await lodfolio('dump', '--format', 'csv', demoDir);
    expect(code).to.equal(2);
    expect(stderr).to.include('unknown format "csv"');
  });

  describe('init', () => {
    let work: string;
    beforeEach(async () => { work = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-init-')); });
    afterEach(async () => { await rm(work, { recursive: true, force: true }); });

    it('starts a profile in ./profile that validates and serves as it is, and says what to do next', async () => {
      const { code, stdout, stderr } = await lodfolioIn(work, 'init');
      expect(code, stderr).to.equal(0);
      const dir = path.join(work, 'profile');
      expect((await readdir(dir)).sort()).to.deep.equal((await readdir(starterDir)).filter(isDataFile).sort()).and.include('profile.yaml');
      const steps = stdout.slice(stdout.indexOf('Next:'));
      expect(steps.match(/^ {2}\d\. /gm), 'three next steps').to.have.length(3);
      expect(steps).to.include('. lodfolio validate profile').and.include('. lodfolio serve profile').and.not.include('npx');
      // The manual by a path that opens from the new profile's folder, as from anywhere.
      const manual = path.join(projectRoot, 'docs', 'data-format.md');
      expect(steps).to.include(`(${manual})`);
      expect((await stat(manual)).isFile()).to.equal(true);
      const checked = await lodfolioIn(work, 'validate', 'profile');
      expect(checked.code, checked.stderr).to.equal(0);
      // Every collection the data format has, once, so a scholar sees an example of each.
      const server = await createServer({ dataDir: dir, base: 'http://localhost:3000/', sparql: false, builder: await sharedBuilder() });
      const schema = JSON.parse(await readFile(path.join(projectRoot, 'ontology', 'profile.schema.json'), 'utf8')) as { properties: Record<string, { type?: string }> };
      const written = (await Promise.all((await readdir(dir)).map((f) => readFile(path.join(dir, f), 'utf8')))).join('\n');
      // Collections are the lists of entries, and the person (not the page's own fields: its type, its licence).
      const collections = Object.keys(schema.properties).filter((k) => k === 'person' || schema.properties[k].type === 'array');
      expect(collections.filter((c) => !new RegExp(`^${c}:`, 'm').test(written)), 'collections without an example').to.deep.equal([]);
      expect(server.site.documents.length).to.be.greaterThan(20);
    });

    it('writes only the person with --empty: a profile that validates and serves as it is', async () => {
      const { code, stdout, stderr } = await lodfolioIn(work, 'init', '--empty', 'mine');
      expect(code, stderr).to.equal(0);
      expect(stdout).to.match(/^lodfolio: wrote a profile of only the person: mine\/profile\.yaml\n/);
      const dir = path.join(work, 'mine');
      expect(await readdir(dir)).to.deep.equal(['profile.yaml']);
      expect(Object.keys(parse(await readFile(path.join(dir, 'profile.yaml'), 'utf8')) as object)).to.deep.equal(['person']);
      const server = await createServer({ dataDir: dir, base: 'http://localhost:3000/', sparql: false, builder: await sharedBuilder() });
      expect(server.site.documents.map((d) => d.path)).to.deep.equal(['/']);
    });

    it('writes into the folder it is given, and refuses to overwrite a profile already there', async () => {
      const dir = path.join(work, 'mine');
      expect((await lodfolioIn(work, 'init', 'mine')).code).to.equal(0);
      await writeFile(path.join(dir, 'profile.yaml'), 'person: { id: me, name: Me }\n');
      const again = await lodfolioIn(work, 'init', 'mine');
      expect(again.code).to.equal(1);
      expect(again.stderr).to.match(/already has [a-z-]+\.yaml, .*profile\.yaml, .*; nothing was written/);
      expect(await readFile(path.join(dir, 'profile.yaml'), 'utf8'), 'left as it was').to.equal('person: { id: me, name: Me }\n');
    });
  });

  describe('build and serve --site', () => {
    let tmp: string;
    /** One build the tests share, on two render threads: what it printed, and where it wrote. */
    let site: string;
    let first: Awaited<ReturnType<typeof lodfolio>>;
    before(async () => {
      tmp = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-cli-build-'));
      site = path.join(tmp, 'site');
      first = await lodfolio('build', demoDir, '--out', site, '--base', 'https://example.org/~ada/', '--jobs', '2');
    });
    after(async () => { await rm(tmp, { recursive: true, force: true }); });

    it('refuses build without --out, saying what it needs', async () => {
      const { code, stderr } = await lodfolio('build', demoDir);
      expect(code).to.equal(2);
      expect(stderr).to.include('build needs --out SITE');
    });

    it('builds a profile into a folder, says what it wrote, and no progress bar reaches a pipe', async () => {
      const { code, stdout, stderr } = first;
      expect(code).to.equal(0);
      expect(stderr).to.equal('');
      expect(stdout).to.match(/^lodfolio: built \d+ documents \(\d+ triples\) for https:\/\/example\.org\/~ada\/ into .*site: \d+ files, [\d.]+ MiB, \d+ new or changed, 0 documents reused from the previous build, in [\d.]+ s\n$/);
      expect(await readdir(site)).to.include.members(['index.html', 'index.ttl', '.lodfolio-site.json']);
    });

    it('builds again over its previous site, saying that it reused every document of unchanged data, and that a git repository around it would record a link', async () => {
      const documents = /built (\d+) documents/.exec(first.stdout)![1];
      // The folder holding the site is now a git repository's (the first build, in none, said nothing of it).
      await mkdir(path.join(tmp, '.git'));
      const again = await lodfolio('build', demoDir, '--out', site, '--base', 'https://example.org/~ada/');
      await rm(path.join(tmp, '.git'), { recursive: true });
      expect(again.code, again.stderr).to.equal(0);
      expect(again.stdout).to.include(`built ${documents} documents`).and.include(`0 new or changed, ${documents} documents reused from the previous build`);
      expect(again.stderr).to.match(/^lodfolio: .*site is inside the git repository .*: git records it as a link to \.site\.builds\/, not as the site; .*cp -rL SITE\/\. /);
    });

    it('renders on as many threads as --jobs says, and refuses a --jobs that is not a count', async () => {
      // The shared build above rendered on two threads.
      expect(first.code, first.stderr).to.equal(0);
      expect(await readdir(site)).to.include.members(['index.html', 'index.ttl', '.lodfolio-site.json']);
      const refused = await lodfolio('build', demoDir, '--out', path.join(tmp, 'never'), '--jobs', 'two');
      expect(refused.code).to.equal(2);
      expect(refused.stderr).to.include('--jobs must be a number of threads');
      expect(await readdir(tmp)).to.not.include('never');
    });

    it('publishes nothing from invalid data, exiting 1 with the problems', async () => {
      const out = path.join(tmp, 'invalid-site');
      const { code, stderr } = await lodfolio('build', path.join(fixturesDir, 'invalid', 'many-errors'), '--out', out);
      expect(code).to.equal(1);
      expect(stderr).to.include('nothing was published');
      expect(await readdir(tmp)).to.not.include('invalid-site');
    });

    it('serve --site says where it answers SPARQL: the port it listens on, not the built base\'s', async () => {
      const child = spawn(process.execPath, [...commandArgs, 'serve', '--site', site, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
      const lines: string[] = [];
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await new Promise<void>((resolve, reject) => {
        let buffered = '';
        child.stdout!.on('data', (chunk: Buffer) => {
          buffered += chunk.toString();
          lines.push(...buffered.split('\n').slice(0, -1));
          buffered = buffered.slice(buffered.lastIndexOf('\n') + 1);
          if (lines.some((l) => l.includes('SPARQL at'))) resolve();
        });
        child.once('exit', () => reject(new Error(`serve --site stopped: ${lines.join('\n')}`)));
      });
      child.kill('SIGTERM');
      await exited;
      const port = /on 127\.0\.0\.1:(\d+)/.exec(lines.join('\n'))![1];
      expect(lines.find((l) => l.includes('SPARQL at'))).to.include(`SPARQL at http://127.0.0.1:${port}/~ada/sparql (https://example.org/~ada/sparql)`);
    });

    it('refuses to serve a folder that build did not write', async () => {
      const { code, stderr } = await lodfolio('serve', '--site', demoDir, '--port', '0');
      expect(code).to.equal(1);
      expect(stderr).to.include('is not a site lodfolio built').and.include('lodfolio build DIR --out');
    });
  });
});

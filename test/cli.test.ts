import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import jsonld from 'jsonld';
import { Parser } from 'n3';
import { projectRoot } from '../src/config.js';
import { demoDir } from './support/fixtures.js';
import { buildErrors, fixturesDir, parseTurtle, sameGraph } from './support/profile.js';

/** Runs the real `lodfolio` command, as a user would, and collects what it prints; from the project folder unless told `cwd`. */
async function lodfolio(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return lodfolioIn(projectRoot, ...args);
}

async function lodfolioIn(cwd: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'src', 'main.ts'), ...args],
      { cwd, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('the lodfolio command', () => {
  it('prints its usage with --help', async () => {
    const { code, stdout } = await lodfolio('--help');
    expect(code).to.equal(0);
    expect(stdout).to.include('lodfolio validate [DIR]').and.include('lodfolio dump [--format F] [DIR]');
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
        'profile.yaml:8:20 publications[0].authors[1]: refers to "charles-babage", but no entry in this profile has that id',
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
});

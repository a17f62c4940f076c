import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { defaultDataDir, projectRoot } from '../src/config.js';
import { facts, fixtureProfiles } from './support/fixtures.js';
import { buildProfile } from './support/profile.js';

/**
 * The tests never read `data/`: a user replaces it with their own profile,
 * and `npm test` must still pass. They build the fixture profiles in
 * test/fixtures/profiles/ instead (test/support/fixtures.ts).
 */

const testDir = path.join(projectRoot, 'test');

/** The test sources: TypeScript and the Python the interop suites run (the fixtures' own files aside). */
function sources(dir = testDir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return full === path.join(testDir, 'fixtures') ? [] : sources(full);
    return /\.(ts|py)$/.test(e.name) ? [full] : [];
  });
}

/** Ways a test could reach data/, each with what it looks like in code. */
const READS_DATA: ReadonlyArray<[string, RegExp]> = [
  ['a path to data/', /path\.(?:join|resolve)\([^)]*['"`]data['"`]/],
  ['a file under data/', /(?<![\w./-])['"`]data\/[\w.-]/],
  ['the default data dir', /\bdefaultDataDir(For)?\b/],
  ['the configuration\'s default DIR', /resolveConfig\(\s*(\{\s*\})?\s*[,)]/],
  ['the lodfolio command with no DIR, from the project folder', /\blodfolio\(\s*'(validate|dump|serve)'(\s*,\s*'--[\w-]+'\s*,\s*'[^']*')*\s*\)/],
];

/** A line that names data/ without reading it (a test of the CLI's default DIR) says so in a comment. */
const NOT_READ = /\/\/ not read: \S/;

/** The one place that names data/ on purpose: the guard that refuses it (and this file). */
const GUARDS = new Set([path.join(testDir, 'support', 'profile.ts'), path.join(testDir, 'fixtures.test.ts')]);

describe('the test fixtures', () => {
  it('are what every test reads: no test source points at data/, by path or through a default', () => {
    const found: string[] = [];
    for (const file of sources().filter((f) => !GUARDS.has(f))) {
      readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
        // A test of where the default points (not what is there) says so: `// not read: …`.
        if (NOT_READ.test(line)) return;
        // Comments may mention data/ (this one does); URLs keep their //.
        const code = line.replace(/(^|\s)\/\/\s.*$|^\s*(\*|\/\*|#).*$/, '');
        for (const [what, pattern] of READS_DATA) if (pattern.test(code)) found.push(`${path.relative(projectRoot, file)}:${i + 1}: ${what}: ${line.trim()}`);
      });
    }
    expect(found, `tests that reach data/ (build a fixture of test/support/fixtures.ts instead):\n  ${found.join('\n  ')}\n`).to.deep.equal([]);
  });

  it('are checked for each way of reaching data/, and not for the words alone', () => {
    const flagged = (code: string) => READS_DATA.filter(([, pattern]) => pattern.test(code)).map(([what]) => what);
    expect(flagged("build(path.join(projectRoot, 'data'), base)")).to.deep.equal(['a path to data/']);
    expect(flagged("expect(origin).to.include({ file: 'data/people.yaml' })")).to.deep.equal(['a file under data/']);
    expect(flagged('createServer({ dataDir: defaultDataDir })')).to.deep.equal(['the default data dir']);
    expect(flagged('const config = resolveConfig({}, env);')).to.deep.equal(['the configuration\'s default DIR']);
    expect(flagged("await lodfolio('dump', '--format', 'ntriples')")).to.deep.equal(['the lodfolio command with no DIR, from the project folder']);
    expect(NOT_READ.test("expect(resolveConfig({}, {}).dataDir).to.equal(path.join(projectRoot, 'data')); // not read: the default DIR's path")).to.equal(true);
    for (const fine of ["socket.on('data', read)", "lodfolio('dump', dir)", "lodfolioIn(profile, 'validate')", "path.join(fixturesDir, 'profiles', 'demo')",
      "resolveConfig({ dataDir: dir })", "'test/fixtures/profiles/demo/data/x.yaml'"]) {
      expect(flagged(fine), fine).to.deep.equal([]);
    }
  });

  it('refuse data/ when a test asks for it after all', async () => {
    const error = await buildProfile(defaultDataDir).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(Error);
    expect((error as Error).message).to.include('tests build fixture profiles');
  });

  for (const fixture of fixtureProfiles) {
    it(`include the ${fixture.name} profile, which builds, with an id for each entry and a person to ask for`, async () => {
      const { ids, person, someone } = facts(fixture.dir);
      expect(new Set(ids).size, 'ids are unique').to.equal(ids.length);
      expect(person.name).to.be.a('string');
      expect(someone.id).to.be.a('string');
      const profile = await buildProfile(fixture.dir);
      expect(profile.graph.size).to.be.greaterThan(100, 'big enough for the runaway SPARQL query (test/sparql/support.ts)');
    });
  }
});

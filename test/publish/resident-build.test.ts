import { fork } from 'node:child_process';
import { appendFile, cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { expect } from 'chai';
import { parse, stringify } from 'yaml';
import { buildStatic, ResidentBuild, type StaticBuildOptions } from '../../src/build.js';
import { InvalidProfileError, type Issue } from '../../src/issues.js';
import { ProfileBuilder } from '../../src/pipeline.js';
import { commandExecArgv, commandModule } from '../support/command.js';
import { customDir, secondDir } from '../support/fixtures.js';
import { fixturesDir, sharedBuilder } from '../support/profile.js';
import { siteTree } from '../support/site-tree.js';

/**
 * `lodfolio build --watch` (build.ts `ResidentBuild`): one process builds the
 * site again after each edit, keeping what it knows of the build it
 * published (publish/build-memory.ts). What it writes must be what a build
 * from scratch writes, whatever the edit; and it must not slice again the
 * documents an edit did not touch.
 */

const BASE = 'https://scholar.example/';

/** A built site's files, by name, with each one's digest. */
async function digestsOf(site: string): Promise<Array<[string, string]>> {
  return [...await siteTree(site)].map(([name, { hash }]) => [name, hash]);
}

/** A copy of the profile, its site built by a resident build, and builds from scratch to compare with: the tests of one `describe`. */
class Scene {
  dir = '';
  profile = '';
  resident!: ResidentBuild;

  /** `precompress`: whether the builds write compressed copies (and the dumps' .gz); `source`: the profile copied. */
  constructor(private readonly precompress: boolean, private readonly source = secondDir) {}

  // Two formats: what is compared is each document's triples, which every format is made from.
  options(out: string): StaticBuildOptions {
    return { dataDir: this.profile, base: BASE, out, formats: ['html', 'turtle'], precompress: this.precompress, mementos: false, threads: 0 };
  }

  async start(): Promise<void> {
    this.dir = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-resident-'));
    this.profile = path.join(this.dir, 'profile');
    await cp(this.source, this.profile, { recursive: true });
    // A render thread, kept from one build to the next (the builds from scratch render on the main thread: the same bytes).
    this.resident = new ResidentBuild({ ...this.options(path.join(this.dir, 'site')), threads: 1 });
    await this.resident.build();
  }

  async stop(): Promise<void> {
    await this.resident?.close();
    await rm(this.dir, { recursive: true, force: true });
  }

  /** Edits a YAML file of the profile as data. */
  async edit(file: string, change: (data: Record<string, Array<Record<string, unknown>>>) => void): Promise<void> {
    const full = path.join(this.profile, file);
    const data = parse(await readFile(full, 'utf8')) as Record<string, Array<Record<string, unknown>>>;
    change(data);
    await writeFile(full, stringify(data));
  }

  /**
   * The profile as it is now, built from scratch into a folder of its own: the folder. The tests'
   * shared builder, not the resident build's: it keeps no memory of the site, only the ontology
   * and shapes it read once, as every other test's builds do.
   */
  async fromScratch(): Promise<string> {
    const fresh = path.join(this.dir, 'fresh');
    await rm(fresh, { recursive: true, force: true });
    await rm(path.join(this.dir, '.fresh.builds'), { recursive: true, force: true });
    await buildStatic({ ...this.options(fresh), builder: await sharedBuilder() });
    return fresh;
  }
}

const entry = (list: Array<Record<string, unknown>>, id: string) => list.find((e) => e.id === id)!;

describe('A resident build (build --watch)', function () {
  this.timeout(240_000);
  // No compressed copies: the files compared are the documents'.
  const scene = new Scene(false);
  before(() => scene.start());
  after(() => scene.stop());
  const edit: Scene['edit'] = (file, change) => scene.edit(file, change);

  const edits: Array<[string, () => Promise<void>]> = [
    ['a work\'s title changed', () => edit('works.yaml', (d) => { entry(d.publications, 'tokenisation-typology-tcm-2024').name = 'Tokenisation, Revisited'; })],
    ['a co-author renamed (every page naming her)', () => edit('profile.yaml', (d) => { entry(d.people, 'chloe-dubois').name = 'Chloé Dubois-Martin'; })],
    ['a work newly about a project (only the project\'s incoming links change)', () => edit('works.yaml', (d) => {
      d.publications.find((w) => w.about === undefined)!.about = ['tokenfree'];
    })],
    ['two authors swapped (an ordered author list)', () => edit('works.yaml', (d) => {
      const work = d.publications.find((w) => Array.isArray(w.authors) && w.authors.length === 2)!;
      (work.authors as string[]).reverse();
    })],
    ['a work added first, by existing people (every blank node after it relabelled)', () => edit('works.yaml', (d) => {
      d.publications.unshift({ id: 'new-work-2025', name: 'A New Work', authors: ['zoe-angstrom-lukasiewicz', 'jose-nunez'], datePublished: 2025 });
    })],
    ['a work removed', () => edit('works.yaml', (d) => { d.publications = d.publications.filter((w) => w.id !== 'tokenisation-typology-tcm-2024'); })],
    ['a work\'s abstract said to be in German, its text the same (only the literal\'s language changes)', () => edit('works.yaml', (d) => {
      const work = entry(d.publications, 'uralic-segmentation-como-2019');
      work.abstract = { de: work.abstract };
    })],
    ['an author added to the first work (the list cells of every work after it relabelled)', () => edit('works.yaml', (d) => {
      d.publications[0].authors = [...d.publications[0].authors as string[], 'chloe-dubois'];
    })],
    ['the first work given a DOI (a blank node before every later entry\'s)', () => edit('works.yaml', (d) => { d.publications[0].doi = '10.5555/first.2025'; })],
    ['the scholar\'s current position given an end (a role read through)', () => edit('profile.yaml', (d) => {
      const person = d.person as unknown as { positions: Array<Record<string, unknown>> };
      person.positions[0].endDate = '2025-06';
    })],
    ['a co-author given an ORCID iD (the typed links of every work by her)', () => edit('profile.yaml', (d) => {
      entry(d.people, 'ngozi-adebayo').orcid = '0000-0002-1825-0097';
    })],
    ['a co-author\'s name given in parts (the citation of every work by her)', () => edit('profile.yaml', (d) => {
      Object.assign(entry(d.people, 'sofia-karagianni'), { givenName: 'Σοφία', familyName: 'Καραγιάννη' });
    })],
    ['a conference renamed (the citation of every paper in it)', () => edit('works.yaml', (d) => { entry(d.events, 'como-2021').name = 'CoMo 2021, Revisited'; })],
    ['the profile\'s licence changed (every document\'s typed links)', () => edit('profile.yaml', (d) => {
      (d as unknown as Record<string, unknown>).license = 'https://creativecommons.org/licenses/by-sa/4.0/';
    })],
    ['the one report made a book (a class fewer in VoID)', () => edit('works.yaml', (d) => { entry(d.publications, 'voro-corpus-report').type = 'Book'; })],
    ['a title edited in the text, the rest of the file as it was (read again item by item)', async () => {
      const works = path.join(scene.profile, 'works.yaml');
      const text = await readFile(works, 'utf8');
      const edited = text.replace(/^( {4}name: )([^"'\n].*)$/m, '$1$2, Edited');
      expect(edited).not.to.equal(text);
      await writeFile(works, edited);
    }],
  ];

  for (const [what, change] of edits) {
    it(`writes the very files a build from scratch writes after ${what}`, async () => {
      await change();
      await scene.resident.build();
      expect(await digestsOf(path.join(scene.dir, 'site'))).to.deep.equal(await digestsOf(await scene.fromScratch()));
    });
  }

  it('makes again a file of the site removed or edited by hand, and one of its spare, as a build from scratch has it', async () => {
    // The site and its spare share their unchanged files (hard links): a hand edit of one is an edit of both.
    await edit('works.yaml', (d) => { entry(d.publications, 'tone-chapter').name = 'Tone, Revisited'; });
    await scene.resident.build();
    const site = path.join(scene.dir, 'site');
    const names = [...(await siteTree(site)).keys()];
    const removed = names.find((name) => name.includes('tokenfree-como-2021') && name.endsWith('.html'))!;
    const edited = names.find((name) => name.includes('voro-corpus-report') && name.endsWith('.ttl'))!;
    await rm(path.join(site, removed));
    await appendFile(path.join(site, edited), '# edited by hand\n');
    const spare = path.join(scene.dir, '.site.builds', 'spare');
    const spareFile = [...(await siteTree(spare)).keys()].find((name) => name.includes('morphology-handbook') && name.endsWith('.ttl'))!;
    await writeFile(path.join(spare, spareFile), '# edited by hand\n');
    for (const title of ['Tone, Revisited Again', 'Tone, Revisited Once More']) {
      await edit('works.yaml', (d) => { entry(d.publications, 'tone-chapter').name = title; });
      await scene.resident.build();
      expect(await digestsOf(site), title).to.deep.equal(await digestsOf(await scene.fromScratch()));
    }
  });

  it('takes nothing from memory once another build has published the site', async () => {
    await buildStatic(scene.options(path.join(scene.dir, 'site')));
    await edit('works.yaml', (d) => { d.publications[0].name = `${d.publications[0].name as string}, Again`; });
    const built = await scene.resident.build();
    const fresh = await buildStatic({ ...scene.options(path.join(scene.dir, 'scratch')) });
    expect(built.sliced).to.equal(fresh.sliced);
    expect(built.reused).to.be.above(0);
  });

  it('slices again only the documents an edit touches', async () => {
    await edit('works.yaml', (d) => { d.publications[1].name = `${d.publications[1].name as string}, Revisited`; });
    const built = await scene.resident.build();
    // The work's page, its authors', its venue's, the homepage, the listing pages: not the other documents.
    expect(built.sliced).to.be.above(0);
    expect(built.sliced).to.be.below(built.documents / 2);
    expect(built.reused).to.be.above(built.documents / 2);
  });
});

describe('A resident build of group memberships (a role read through unless it has ended)', function () {
  this.timeout(120_000);
  const scene = new Scene(false, path.join(fixturesDir, 'profiles', 'memberships'));
  before(() => scene.start());
  after(() => scene.stop());

  const group = (d: Record<string, Array<Record<string, unknown>>>) => d.groups[0].members as Array<Record<string, unknown>>;
  const edits: Array<[string, (d: Record<string, Array<Record<string, unknown>>>) => void]> = [
    ['a membership that went on given an end (no foaf:member any more)', (d) => { group(d)[1].endDate = '2024-12'; }],
    ['an ended membership\'s end taken back (a foaf:member again)', (d) => { delete group(d)[0].endDate; }],
    ['a member renamed', (d) => { d.people[0].name = 'Grace Example-Hopper'; }],
  ];
  for (const [what, change] of edits) {
    it(`writes the very files a build from scratch writes after ${what}`, async () => {
      await scene.edit('profile.yaml', change);
      await scene.resident.build();
      expect(await digestsOf(path.join(scene.dir, 'site'))).to.deep.equal(await digestsOf(await scene.fromScratch()));
    });
  }
});

describe('A resident build writing compressed copies', function () {
  this.timeout(240_000);
  const scene = new Scene(true);
  before(() => scene.start());
  after(() => scene.stop());

  const edits: Array<[string, (d: Record<string, Array<Record<string, unknown>>>) => void]> = [
    // Its Turtle then gets .gz and .br copies, which its type map lists.
    ['a work given an abstract long enough to have its Turtle compressed', (d) => {
      entry(d.publications, 'tone-chapter').abstract = 'How tone is segmented, and how it is not. '.repeat(500);
    }],
    // Its typed links (a cite-as) are then in the .htaccess.
    ['a work given a DOI', (d) => { entry(d.publications, 'tone-chapter').doi = '10.5555/tone.2024'; }],
  ];
  for (const [what, change] of edits) {
    it(`writes the very files a build from scratch writes, type maps and .htaccess included, after ${what}`, async () => {
      await scene.edit('works.yaml', change);
      await scene.resident.build();
      expect(await digestsOf(path.join(scene.dir, 'site'))).to.deep.equal(await digestsOf(await scene.fromScratch()));
    });
  }
});

/**
 * A homepage that leaves most works to its listing: what it leaves out
 * follows the links between nodes, which a rebuild takes from the last
 * build when an edit changed none of them (site/documents.ts `homeSlice`).
 */
describe('A resident build of a homepage that leaves works to its listing', function () {
  this.timeout(240_000);
  const scene = new Scene(false);
  before(async () => {
    await scene.start();
    await writeFile(path.join(scene.profile, 'site.yaml'), stringify({ publicationsOnHome: 4, pageSize: 5 }));
    await scene.resident.build();
  });
  after(() => scene.stop());

  const edits: Array<[string, () => Promise<void>]> = [
    ['a work the homepage leaves out retitled (what it leaves out as it was)', () => scene.edit('works.yaml', (d) => {
      entry(d.publications, 'tokenfree-como-2021').name = 'Token-free, Revisited';
    })],
    ['a co-author of works it leaves out added to one it shows (no longer left out)', () => scene.edit('works.yaml', (d) => {
      (entry(d.publications, 'subword-preprint').authors as string[]).push('chloe-dubois');
    })],
    ['a work it leaves out dated newest (onto the homepage, another off it)', () => scene.edit('works.yaml', (d) => {
      entry(d.publications, 'ca-marche-lorelap-2020').datePublished = '2025-12';
    })],
    ['the works it shows made fewer (site.yaml)', () => writeFile(path.join(scene.profile, 'site.yaml'), stringify({ publicationsOnHome: 2, pageSize: 5 }))],
    ['the site\'s language changed (every word and name)', () => writeFile(path.join(scene.profile, 'site.yaml'), stringify({ publicationsOnHome: 2, pageSize: 5, language: 'fr' }))],
    ['a work removed', () => scene.edit('works.yaml', (d) => { d.publications = d.publications.filter((w) => w.id !== 'voro-corpus-report'); })],
    ['a work added, by someone new', () => scene.edit('works.yaml', (d) => {
      d.publications.push({ id: 'late-work-2017', name: 'An Early Work', authors: ['zoe-angstrom-lukasiewicz', 'wang-xiaoyan'], datePublished: 2017 });
    })],
  ];
  for (const [what, change] of edits) {
    it(`writes the very files a build from scratch writes after ${what}`, async () => {
      await change();
      await scene.resident.build();
      expect(await digestsOf(path.join(scene.dir, 'site'))).to.deep.equal(await digestsOf(await scene.fromScratch()));
    });
  }
});

/**
 * A resident build checks the shapes only on the focus nodes an edit can
 * reach (graph/shape-reach.ts). An edit that breaks a shape of another node
 * than its own, through the paths the shapes follow, must fail the build as
 * a build from scratch fails it: the same issues, in the same order.
 */
describe('A resident build checking the shapes where an edit reaches', function () {
  this.timeout(120_000);
  let dir: string;
  let profile: string;
  let resident: ResidentBuild;
  let fresh: ProfileBuilder;
  let original: string;

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-resident-shapes-'));
    profile = path.join(dir, 'profile');
    await cp(secondDir, profile, { recursive: true });
    resident = new ResidentBuild({ dataDir: profile, base: BASE, out: path.join(dir, 'site'), formats: ['html'], precompress: false, mementos: false, threads: 0 });
    await resident.build();
    fresh = await ProfileBuilder.create();
    original = await readFile(path.join(profile, 'works.yaml'), 'utf8');
  });
  // Each test starts from the profile as it was, built.
  afterEach(async () => {
    await writeFile(path.join(profile, 'works.yaml'), original);
    await resident.build();
  });
  after(async () => {
    await resident?.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** Replaces a line of works.yaml. */
  const edit = async (from: string, to: string) => {
    const works = path.join(profile, 'works.yaml');
    const text = await readFile(works, 'utf8');
    expect(text).to.include(from);
    await writeFile(works, text.replace(from, to));
  };
  const issuesOf = (build: Promise<unknown>): Promise<Issue[]> => build.then(() => [], (error: unknown) => {
    if (error instanceof InvalidProfileError) return error.issues;
    throw error;
  });
  const failsAsFromScratch = async () => {
    const issues = await issuesOf(resident.build());
    expect(issues).to.not.be.empty;
    expect(issues).to.deep.equal(await issuesOf(fresh.build(profile, BASE)));
    return issues;
  };

  it('fails as a build from scratch when a book a chapter is part of becomes a report (its type, read through the chapter\'s link)', async () => {
    await edit('    type: Book\n    name: The Handbook', '    type: Report\n    name: The Handbook');
    const [issue] = await failsAsFromScratch();
    expect(issue.path).to.match(/tone-chapter#id> schema:isPartOf$/);
  });

  it('fails as a build from scratch when the one chapter of a book without authors or editors moves to another book (an inverse path)', async () => {
    // Valid: a book that chapters are in needs no author or editor.
    await edit('    editors: [sofia-karagianni, jose-nunez]\n', '');
    expect(await issuesOf(resident.build())).to.deep.equal([]);
    await edit('partOf: morphology-handbook', 'partOf: morphology-for-machines');
    const [issue] = await failsAsFromScratch();
    expect(issue.path).to.match(/morphology-handbook#id>$/);
  });
});

describe('A build after an image of files/ changed', function () {
  this.timeout(240_000);
  // The custom profile's person has a photo, files/me.jpg.
  const scene = new Scene(false, customDir);
  before(() => scene.start());
  after(() => scene.stop());
  /** An image of the tests of source/images.ts, 37 × 23 pixels, as a file of the profile. */
  const put = (image: string, name: string) => cp(path.join(fixturesDir, 'images', image), path.join(scene.profile, 'files', name));
  /** The site's documents whose triples name the photo (their Turtle; not the whole dataset's). */
  const showing = async (site: string) => {
    const pages = [...(await siteTree(site)).keys()].filter((name) => name.endsWith('.ttl') && !name.startsWith('dataset'));
    const texts = await Promise.all(pages.map((name) => readFile(path.join(site, name), 'utf8')));
    return pages.filter((_, i) => texts[i].includes('files/me.jpg'));
  };

  it('makes again under build --watch only the pages that show a resized image, and writes the very files a build from scratch writes', async () => {
    await put('block.jpg', 'me.jpg');
    const built = await scene.resident.build();
    const fresh = await scene.fromScratch();
    expect(await digestsOf(path.join(scene.dir, 'site'))).to.deep.equal(await digestsOf(fresh));
    const pages = await showing(fresh);
    expect(pages, 'the homepage shows the photo').to.include('index.ttl');
    expect(built.documents - built.reused, `made again, of ${built.documents}`).to.equal(pages.length);
    expect(await readFile(path.join(scene.dir, 'site', 'index.html'), 'utf8')).to.include('width="160" height="99"');
  });

  it('makes no page again under build --watch for a new image that no page shows', async () => {
    await put('block.png', 'new.png');
    const built = await scene.resident.build();
    expect(built.reused).to.equal(built.documents);
    expect(await digestsOf(path.join(scene.dir, 'site'))).to.deep.equal(await digestsOf(await scene.fromScratch()));
  });

  it('rewrites, built once over the previous site, only the files of the pages that show a resized image', async () => {
    // The photo as it was, at its own size.
    await cp(path.join(customDir, 'files', 'me.jpg'), path.join(scene.profile, 'files', 'me.jpg'));
    const site = path.join(scene.dir, 'site');
    const before = new Map(await digestsOf(site));
    const built = await buildStatic(scene.options(site));
    const after = await digestsOf(site);
    const pages = await showing(site);
    expect(built.documents - built.reused, `made again, of ${built.documents}`).to.equal(pages.length);
    const rewritten = after.filter(([name, hash]) => before.get(name) !== hash).map(([name]) => name);
    expect(rewritten.filter((name) => name.endsWith('.html')).sort()).to.deep.equal(pages.map((name) => name.replace(/\.ttl$/, '.html')).sort());
    expect(after).to.deep.equal(await digestsOf(await scene.fromScratch()));
  });
});

describe('lodfolio build --watch', function () {
  this.timeout(240_000);
  let dir: string;

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-build-watch-'));
    await cp(secondDir, path.join(dir, 'profile'), { recursive: true });
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('builds a save made during its first build and each save after, with SITE inside the profile folder, keeps the site through invalid data, and stops on SIGTERM', async () => {
    const profile = path.join(dir, 'profile');
    const works = path.join(profile, 'works.yaml');
    const text = await readFile(works, 'utf8');
    // Each build pauses once its files are written (site-builds.ts), until told to go on: the first one is edited under.
    const child = fork(commandModule, ['build', '.', '--out', 'site', '--base', BASE, '--formats', 'html,turtle', '--no-precompress', '--watch'],
      { cwd: profile, execArgv: commandExecArgv, env: { ...process.env, LODFOLIO_PAUSE_BUILD: 'written' }, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    const lines: string[] = [];
    const waiting: Array<{ test: (line: string) => boolean; resolve: () => void }> = [];
    const seen = (line: string) => {
      lines.push(line);
      for (const w of [...waiting]) if (w.test(line)) { waiting.splice(waiting.indexOf(w), 1); w.resolve(); }
    };
    createInterface({ input: child.stdout! }).on('line', seen);
    createInterface({ input: child.stderr! }).on('line', seen);
    let pauses = 0;
    child.on('message', async () => {
      if (++pauses === 1) await writeFile(works, text.replace('Tokenisation & Typology', 'Tokenisation, Typology and More'));
      child.send('go on');
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    /** Resolves at the next line that passes `test`. */
    const line = (test: (line: string) => boolean) => new Promise<void>((resolve) => { waiting.push({ test, resolve }); });
    const built = () => line((l) => l.startsWith('lodfolio: built'));
    const changed = () => Number(/, (\d+) new or changed,/.exec(lines.filter((l) => l.startsWith('lodfolio: built')).at(-1)!)![1]);
    const sitePages = async () => {
      const site = path.join(profile, 'site');
      const pages = [...(await siteTree(site)).keys()].filter((name) => name.endsWith('.html'));
      return (await Promise.all(pages.map((name) => readFile(path.join(site, name), 'utf8')))).join('\n');
    };
    try {
      await built();
      // The save made while the first build was writing: built next (not lost because the watch was not yet on).
      await built();
      expect(changed()).to.be.above(0);
      expect(await sitePages()).to.include('Tokenisation, Typology and More');

      // (Its own writes into site/ and .site.builds/ are not watched: else each build would set off another.)
      const next = built();
      await writeFile(works, text.replace('Tokenisation & Typology', 'Tokenisation, at Last'));
      await next;
      expect(changed()).to.be.above(0);
      expect(await sitePages()).to.include('Tokenisation, at Last');

      const refused = line((l) => /problems?; site keeps its last build/.test(l));
      await writeFile(works, text.replace('datePublished: 2024-11', 'datePublished: someday'));
      await refused;
      expect(lines.join('\n')).to.match(/works\.yaml:\d+:\d+/);
      expect(await sitePages(), 'the last valid build is still the site').to.include('Tokenisation, at Last');

      child.kill('SIGTERM');
      expect(await exited).to.equal(0);
      expect(lines.at(-1)).to.equal('lodfolio: SIGTERM: stopped');
      expect(lines.filter((l) => l.startsWith('lodfolio: built'))).to.have.length(3);
    } finally {
      child.kill('SIGKILL');
    }
  });
});

import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { parse } from 'yaml';
import { alFolioFiles, frontMatter, importAlFolio, profileMarkdown } from '../../src/import/alfolio.js';
import type { ImportReport } from '../../src/import/importer.js';
import { initProfile } from '../../src/init.js';
import { markdownInline } from '../../src/render/markdown.js';
import { serveProfile } from '../html/support.js';
import { buildProfile, defaultBase, fixturesDir, sharedBuilder } from '../support/profile.js';

/**
 * `lodfolio import al-folio` of an al-folio site's news and projects
 * (test/fixtures/al-folio/site: pages of public al-folio sites, and three
 * written for the tests) into a profile started by `init --empty`.
 */

type Entry = Record<string, unknown> & { id: string };

describe('lodfolio import al-folio of a site\'s news and projects', () => {
  let dir: string;
  let site: string;
  let report: ImportReport;
  let data: Record<string, Entry[]>;
  const run = async (options: { force?: boolean } = {}) => importAlFolio({ site, dir, builder: await sharedBuilder(), base: defaultBase, ...options });
  const read = async () => parse(await readFile(path.join(dir, alFolioFiles.importFile), 'utf8')) as Record<string, Entry[]>;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-import-al-folio-'));
    site = path.join(dir, 'site');
    await cp(path.join(fixturesDir, 'al-folio', 'site'), site, { recursive: true });
    dir = path.join(dir, 'profile');
    await initProfile(dir, { empty: true });
    report = await run();
    data = await read();
  });
  after(async () => {
    await rm(path.dirname(dir), { recursive: true, force: true });
  });

  it('gives a profile that validates', async () => {
    await buildProfile(dir);
  });

  it('makes each page of _news/ a news item of the day its date names, with its text as the profile\'s Markdown reads it, its links to the site\'s assets/ to their copies in files/ and to its projects\' pages to the projects', async () => {
    expect(await readFile(path.join(dir, 'files', 'poster-2024.pdf'))).to.deep.equal(await readFile(path.join(site, 'assets', 'pdf', 'poster-2024.pdf')));
    expect(data.news).to.deep.equal([
      { id: '2024-05-02-best-poster', date: '2024-05-02', text: '**Best poster at the Iberian Ecology Meeting**\n\n'
        + 'Our poster on *Quercus ilex* seedlings won the best poster award 🏆\nat the [Iberian Ecology Meeting](https://iberian-ecology.example/2024).  \n'
        + 'The slides are [here](files/poster-2024.pdf).\nIt is part of [our restoration project](projects/dryland-restoration),\nand of [the seed banks](/projects/untitled/).\n\n{% include figure.liquid path="assets/img/poster.jpg" class="img-fluid" %}' },
      { id: 'announcement-1', date: '2024-09-22', text: 'I\'m looking for a postdoc position in France! Excited to work on a topic that combines NLP and (mental) health, and also open to work on other NLP related topics.' },
      { id: 'announcement-2', date: '2021-05-29', text: 'All my digital articles/posts are available in the [Blog](https://afonsoraposo.com/blog/) section!' },
      { id: 'announcement-3', date: '2021-09-26', text: 'This semester, 2021/2022, I\'ll be [teaching](https://afonsoraposo.com/teaching) the lab classes of the "Fundamentos de Bioinstrumentação" course at Instituto Superior Técnico.' },
    ]);
  });

  it('makes each page of _projects/ a project of the profile\'s person with its name, description, redirect as its URL and img as its image, and skips one without a description, saying why', async () => {
    expect(data.projects).to.deep.equal([
      { id: 'project-1', name: 'project 1', description: 'with background image', currentMembers: ['your-name'], image: 'files/12.jpg' },
      { id: 'dryland-restoration', name: 'Dryland Restoration', description: 'Restoring **holm oak** woodlands after drought', currentMembers: ['your-name'], url: 'https://dryland-restoration.example/', image: 'files/12.jpg' },
      { id: 'e-covig', name: 'e-CoVig', description: 'Automated COVID-19 symptomatology remote monitoring mobile application', currentMembers: ['your-name'] },
    ]);
    expect(await readFile(path.join(dir, 'files', '12.jpg'))).to.deep.equal(await readFile(path.join(site, 'assets', 'img', '12.jpg')));
    expect(report.skipped).to.deep.equal([{ key: '_projects/untitled.md', line: 1,
      reason: 'has no description (front matter description), which a project needs: add one to the page or to the profile by hand' }]);
  });

  it('says what it could not carry over, and where: Liquid, paths of the old site, attributes, a project page\'s text, the fields it does not read', () => {
    expect(report.notes.map((n) => `${n.key}: ${n.reason}`)).to.deep.equal([
      '_projects/1_project.md: its page\'s text (227 words, from line 11) is not imported: a project here has a name, a description and its links',
      `_projects/ecovig.md: left out img /assets/img/projects/ecovig/logo.png: no such file: looked for ${path.join(site, 'assets', 'img', 'projects', 'ecovig', 'logo.png')} (al-folio's assets/img/, in the site's folder)`,
      '_projects/ecovig.md: its page\'s text (72 words, from line 9) is not imported: a project here has a name, a description and its links',
      '_news/2024-05-02-best-poster.md: left out kramdown\'s attributes {:target="_blank"}, which the profile\'s Markdown has not',
      '_news/2024-05-02-best-poster.md: line 15: keeps the Liquid {% include figure.liquid path="assets/img/poster.jpg" class="img-fluid" %} as written (the page shows it as text); write what it stood for',
      '_news/2024-05-02-best-poster.md: links to /projects/untitled/, a path of the al-folio site: point it at where that is now',
      '_news/2024-05-02-best-poster.md: a post with a page of its own: its title and text are one news item here',
      '_news/announcement_1.md: left out its title "Looking for an NLP postdoc in France": an inline item is its text, as al-folio shows it',
    ]);
    expect(report.unread).to.deep.equal({ category: 3, github: 1, importance: 2, related_publications: 2 });
  });

  it('changes nothing when run again, updates a news item whose page changed, and leaves one edited by hand alone', async () => {
    const again = await run();
    expect([again.imported, again.updated, again.unchanged, again.written]).to.deep.equal([0, 0, 7, []]);
    const page = path.join(site, '_news', 'announcement_2.md');
    await writeFile(page, (await readFile(page, 'utf8')).replace('section!', 'section :books:'));
    const own = path.join(dir, alFolioFiles.importFile);
    await writeFile(own, (await readFile(own, 'utf8')).replace('with background image', 'Our first project'));
    const changed = await run();
    expect([changed.imported, changed.updated, changed.unchanged]).to.deep.equal([0, 1, 6]);
    // The files it copied before, unchanged, are not written again.
    expect(changed.written.map((f) => path.relative(dir, f))).to.deep.equal([alFolioFiles.importFile, alFolioFiles.stateFile]);
    const now = await read();
    expect(now.news.find((n) => n.id === 'announcement-2')?.text).to.equal('All my digital articles/posts are available in the [Blog](https://afonsoraposo.com/blog/) section 📚');
    expect(now.projects.find((p) => p.id === 'project-1')?.description).to.equal('Our first project');
  });

  it('shows the news on the homepage (a post\'s first paragraph, leading to the rest), its emoji and links on its page, and the projects with their pictures', async () => {
    const served = await serveProfile(dir);
    try {
      const home = await (await fetch(`${served.origin}/`)).text();
      expect(home).to.include('<p class="p-name p-summary"><strong>Best poster at the Iberian Ecology Meeting</strong></p> <a class="more" href="/news/2024-05-02-best-poster#id">Read more</a>')
        .and.include('I\'ll be <a href="https://afonsoraposo.com/teaching" rel="nofollow noopener">teaching</a> the lab classes')
        .and.include('<a href="/projects/dryland-restoration#id">Dryland Restoration</a>').and.include('<img class="thumb" src="/files/12.jpg"');
      const post = await (await fetch(`${served.origin}/news/2024-05-02-best-poster`, { headers: { accept: 'text/html' } })).text();
      expect(post).to.include('won the best poster award 🏆').and.include('<a href="https://iberian-ecology.example/2024" rel="nofollow noopener">Iberian Ecology Meeting</a>')
        .and.include('<a href="/projects/dryland-restoration">our restoration project</a>');
      const projects = await (await fetch(`${served.origin}/projects/dryland-restoration`, { headers: { accept: 'text/html' } })).text();
      expect(projects).to.include('Restoring <strong>holm oak</strong> woodlands after drought').and.include('https://dryland-restoration.example/')
        .and.include('<p class="picture"><img src="/files/12.jpg" alt="Dryland Restoration" width="37" height="23"/></p>').and.not.include('Content url');
    } finally {
      await served.close();
    }
  });

  it('does not import a project the profile already has by its name', async () => {
    const other = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-import-al-folio-twin-'));
    try {
      await initProfile(other, { empty: true });
      await writeFile(path.join(other, 'projects.yaml'), 'projects:\n  - id: ecovig\n    name: E-CoVig\n    description: Remote monitoring of COVID-19 symptoms.\n');
      const twin = await importAlFolio({ site, dir: other, builder: await sharedBuilder(), base: defaultBase });
      expect(twin.skipped.map((s) => `${s.key}: ${s.reason}`)).to.include('_projects/ecovig.md: already in the profile as ecovig');
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });
});

describe('an al-folio page read for the import', () => {
  it('gives its front matter\'s fields and its text, and names the line of a front matter that is no YAML', () => {
    expect(frontMatter('---\ntitle: A # a comment\ndate: 2015-10-22 15:59:00-0400\n---\n\nText\n')).to.deep.equal({ fields: { title: 'A', date: '2015-10-22 15:59:00-0400' }, body: 'Text', bodyLine: 6 });
    expect(frontMatter('No front matter\n')).to.deep.equal({ problem: 'has no front matter (a --- line at its top)', line: 1 });
    expect(frontMatter('---\ntitle: A\n')).to.deep.equal({ problem: 'its front matter has no closing --- line', line: 1 });
    expect(frontMatter('---\ntitle: A\ndate: [2015\n---\n')).to.deep.include({ line: 3 });
  });

  it('turns HTML links (a target with spaces too), emphasis, line breaks and headings into Markdown and emoji names into emoji, and keeps what is no emoji name as written', () => {
    expect(profileMarkdown('<a href="https://x.example/" target="_blank"> A paper </a>, <strong>won</strong> <i>it</i><br>\nnext :tada: at 10:30:00, :no_such_emoji: :constructor:', 1))
      .to.deep.equal({ text: '[A paper](https://x.example/), **won** *it*  \nnext 🎉 at 10:30:00, :no_such_emoji: :constructor:', notes: [], files: new Map() });
    const link = profileMarkdown('See <a href="files/CV 2024 (long).pdf">my CV [PDF]</a>.', 1).text;
    expect(link).to.equal('See [my CV [PDF]](<files/CV 2024 (long).pdf>).');
    expect(String(markdownInline(link, '/'))).to.equal('See <a href="/files/CV%202024%20(long).pdf">my CV [PDF]</a>.');
    expect(profileMarkdown('[CV](/cv/) and [slides](/assets/pdf/gone.pdf)', 1, new Map([['/assets/pdf/gone.pdf', { reason: 'no such file' }]])).notes).to.deep.equal([
      'links to /cv/, a path of the al-folio site: point it at where that is now',
      'links to /assets/pdf/gone.pdf: no such file',
    ]);
    // Code is text as written: no heading, emoji or HTML in it is turned.
    expect(profileMarkdown('```bash\n# install the deps :tada:\n```\nUse `y[:a:]` <b>now</b> :tada:', 1).text).to.equal('```bash\n# install the deps :tada:\n```\nUse `y[:a:]` **now** 🎉');
    expect(profileMarkdown('#### Requirements\n\n- A master\'s degree\n\n## Apply ##', 1).text).to.equal('**Requirements**\n\n- A master\'s degree\n\n**Apply**');
    expect(profileMarkdown('<div class="row">A</div>', 1).notes).to.deep.equal(['keeps the HTML <div> as written (the page shows it as text); write it as Markdown']);
  });
});

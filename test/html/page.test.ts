import { appendFile, copyFile, cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Quad } from '@rdfjs/types';
import { expect } from 'chai';
import rdf from 'rdf-ext';
import { toHtml } from '../../src/render/html.js';
import { period, dateText } from '../../src/render/html/text.js';
import { toFramedJsonLd } from '../../src/render/jsonld.js';
import { prefixes } from '../../src/rdf/vocabulary.js';
import type { Site, SiteDocument } from '../../src/site/index.js';
import { built, defaultBase, servedText } from '../http/support.js';
import { readMicroformats, requireClients } from '../support/clients.js';
import { demoDir, escapeHtml, facts, fixtureProfiles, secondDir, type Entry } from '../support/fixtures.js';
import { fixturesDir } from '../support/profile.js';

/**
 * What the HTML pages say, read from the bytes the server sends: the demo
 * profile's homepage sections, dates and authors word for word, and for
 * every fixture profile the links and the metadata search engines read
 * (Google Scholar's citation_* tags, Open Graph), checked against its YAML.
 */

const xsd = (t: string) => rdf.namedNode(`${prefixes.xsd}${t}`);
const s = (local: string) => `${prefixes.schema}${local}`;

/** The text of a piece of HTML, tags dropped and character references read, spaces collapsed. */
function text(html: string): string {
  return html.replace(/<head>[\s\S]*<\/head>/, '')
    // Inline elements run into their neighbours; the others separate words.
    .replace(/<\/?(a|strong|em|b|span|time)\b[^>]*>/g, '').replace(/<[^>]*>/g, ' ')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&')
    .replace(/[ \t\r\n]+/g, ' ').trim();
}

function meta(html: string, name: string): string[] {
  return [...html.matchAll(new RegExp(`<meta (?:name|property)="${name}" content="([^"]*)"/>`, 'g'))].map((m) => text(m[1]));
}

/** Every page of a fixture's site, as the server sends it. */
async function pagesOf(dataDir: string): Promise<{ site: Site; pages: Map<string, string> }> {
  const b = await built({ dataDir });
  const pages = new Map<string, string>();
  for (const d of b.site.documents) {
    pages.set(d.path, servedText(b.representations, d.path, 'text/html')!);
  }
  return { site: b.site, pages };
}

describe('the HTML pages of the demo profile', () => {
  let site: Site;
  let pages: Map<string, string>;
  before(async () => {
    ({ site, pages } = await pagesOf(demoDir));
  });
  const page = (path: string) => pages.get(path)!;
  const section = (id: string) => {
    const html = page('/');
    const start = html.indexOf(`<section id="${id}"`);
    expect(start, `section #${id}`).to.be.greaterThan(-1);
    return html.slice(start, html.indexOf('</section>', start));
  };

  describe('the homepage', () => {
    it('shows every section of the profile, in order', () => {
      const ids = [...page('/').matchAll(/<section id="([^"]+)"/g)].map((m) => m[1]);
      expect(ids).to.deep.equal(['about', 'news', 'research', 'publications', 'awards', 'software', 'group', 'theses', 'teaching', 'service', 'colleagues', 'contact', 'lists']);
    });

    it('starts with the name, the current position with its date, and the research summary', () => {
      const html = page('/');
      const intro = html.slice(html.indexOf('<header class="intro"'), html.indexOf('</header>', html.indexOf('<header class="intro"')));
      expect(intro).to.include('<h1 class="p-name">Jonathan Mace</h1>').and.include('id="me"');
      expect(text(intro)).to.include('Cloud Reliability group, Microsoft Research (Redmond, WA), since Oct 2022');
      expect(text(intro)).to.include('My current research focuses observability and tracing');
      expect(intro, 'a past position is not current').to.not.include('Tenure-track');
    });

    it('lists past positions and studies under "Previously", with their years', () => {
      const about = text(section('about'));
      const previously = about.slice(about.indexOf('Previously'));
      expect(previously).to.include('Tenure-track faculty, Max Planck Institute for Software Systems, 2018\u2009–\u2009Sep 2022');
      expect(previously).to.include('Graduate student, Brown University, 2011\u2009–\u20092018');
    });

    it('dates the news, newest first, each linking to its own page and to what it is about', () => {
      const news = section('news');
      const dates = [...news.matchAll(/<time class="dt-published" datetime="([^"]+)">/g)].map((m) => m[1]);
      expect(dates).to.have.length(10);
      expect(dates).to.deep.equal([...dates].sort().reverse());
      expect(news).to.include('<a class="date u-url" href="/news/2023-01-tvcg-accepted#id"><time class="dt-published" datetime="2023-01">Jan 2023</time></a>');
      expect(news).to.include('href="/publications/tracing-visualisation-interview-study#id"');
    });

    it('shows each research project with its papers and its code, which links to the code\'s page', () => {
      const research = section('research');
      expect(research).to.include('href="/projects/hindsight#id"');
      expect(text(research)).to.include('Code Hindsight source code on MPI\'s GitLab');
      expect(research).to.include('href="/software/hindsight-code#id"');
      expect(text(research)).to.include('Pivot Tracing Past project');
    });

    it('lists publications with co-authors, venue, status and awards, and carries no citation_* tags', () => {
      const pubs = section('publications');
      expect(text(pubs)).to.include('Distributed Tracing in Practice Jonathan Mace, Rebecca Isaacs, Austin Parker, Daniel Spoonhower Book');
      expect(text(pubs)).to.include('Groundhog: Reconciling Efficiency and Request Isolation in FaaS Jonathan Mace EuroSys 2023, accepted');
      expect(text(pubs)).to.include('PhD thesis, Brown University Advisor: Rodrigo Fonseca Honorable Mention');
      expect(pubs).to.include('<span class="prize"><a href="/awards/sosp-2015-best-paper#id">Best Paper Award at SOSP 2015</a></span>');
      expect(page('/'), 'Scholar indexes one paper per page').to.not.include('citation_');
    });

    it('lists current group members with role and years, and former ones with where they went', () => {
      const group = text(section('group'));
      expect(group).to.include('Matheus Stolet PhD student, since 2021');
      expect(group).to.include('Arpan Gujarati Postdoc, 2020\u2009–\u20092021 now at University of British Columbia');
      expect(group).to.include('Franco Caspe Erasmus Masters student, 2021 now PhD student at Queen Mary University of London');
      expect(group).to.include('Nicolas Schäfer Masters student, 2019\u2009–\u20092020 now at SAP');
    });

    it('shows theses, teaching, service, colleagues and the postal address', () => {
      expect(text(section('theses'))).to.include('Efficient DNN Serving').and.include('Nicolas Schäfer Masters thesis');
      expect(text(section('teaching'))).to.include('Distributed Systems, Saarland University Summer semester 2021 · Teaching assistant: Thomas Davidson and Vaastav Anand');
      expect(text(section('service'))).to.include('co-General Chair, SOSP 2023 (Koblenz, Germany), with Peter Druschel and Antoine Kaufmann');
      expect(text(section('colleagues'))).to.include('Anja Feldmann').and.include('Yiting Xia');
      expect(section('contact')).to.include('<address>').and.include('Saarland Informatics Campus E1 5').and.include('66123 Saarbrücken').and.include('Germany');
    });

    it('is a ProfilePage for Open Graph too, and links its sections from the header', () => {
      expect(meta(page('/'), 'og:type')).to.deep.equal(['profile']);
      expect(page('/')).to.include('<nav aria-label="Sections"><ul><li><a href="#news">News</a></li>');
    });
  });

  describe('the entity pages', () => {
    it('show where an entity is mentioned: a member\'s group and role, a course they assisted', () => {
      const member = text(page('/people/vaastav-anand'));
      expect(member).to.include('Organizations Cloud Software Systems Group PhD student, since 2020');
      expect(member).to.include('Teaching Distributed Systems Teaching assistant, Summer semester 2021');
    });

    it('show a person\'s papers, and a project\'s papers and code', () => {
      expect(text(page('/people/rodrigo-fonseca'))).to.include('Theses A Universal Architecture for Cross-Cutting Tools in Distributed Systems Advisor, 2018');
      expect(text(page('/people/austin-parker'))).to.include('Publications Distributed Tracing in Practice Apr 2020');
      const project = text(page('/projects/clockwork'));
      expect(project).to.include('Publications Serving DNNs like Clockwork');
      expect(project).to.include('Code Clockwork source code');
      expect(text(page('/software/clockwork-code'))).to.include('Hosted on MPI\'s GitLab');
    });

    it('give each publication Google Scholar\'s citation tags: title, authors in a stable order, date, venue', () => {
      const book = page('/publications/distributed-tracing-in-practice');
      expect(meta(book, 'citation_title')).to.deep.equal(['Distributed Tracing in Practice']);
      // The owner first, then by family name: the data keeps authors unordered.
      expect(meta(book, 'citation_author')).to.deep.equal(['Jonathan Mace', 'Rebecca Isaacs', 'Austin Parker', 'Daniel Spoonhower']);
      expect(meta(book, 'citation_publication_date')).to.deep.equal(['2020/04']);
      const paper = page('/publications/pivot-tracing-sosp-2015');
      expect(meta(paper, 'citation_conference_title')).to.deep.equal(['SOSP 2015']);
      expect(meta(paper, 'citation_journal_title')).to.deep.equal([]);
      expect(meta(page('/publications/tracing-visualisation-interview-study'), 'citation_journal_title'))
        .to.deep.equal(['IEEE Transactions on Visualization and Computer Graphics']);
      expect(meta(page('/publications/universal-architecture-cross-cutting-tools'), 'citation_dissertation_institution')).to.deep.equal(['Brown University']);
      for (const d of site.documents.filter((x) => x.path.startsWith('/publications/'))) {
        expect(meta(page(d.path), 'citation_pdf_url'), `${d.path}: the data has no PDF`).to.deep.equal([]);
      }
      for (const d of site.documents.filter((x) => !x.path.startsWith('/publications/'))) expect(page(d.path), d.path).to.not.include('citation_');
    });

    it('give works the Open Graph type article or book, and every page a canonical link', () => {
      expect(meta(page('/publications/pivot-tracing-sosp-2015'), 'og:type')).to.deep.equal(['article']);
      expect(meta(page('/publications/efficient-dnn-serving-thesis'), 'og:type')).to.deep.equal(['article']);
      expect(meta(page('/publications/distributed-tracing-in-practice'), 'og:type')).to.deep.equal(['book']);
      expect(meta(page('/people/rodrigo-fonseca'), 'og:type')).to.deep.equal(['website']);
      for (const d of site.documents) expect(page(d.path), d.path).to.include(`<link rel="canonical" href="${d.url}"/>`);
    });

    it('head a news item by its date and show its text in full', () => {
      const news = page('/news/2020-04-book-out');
      expect(news).to.include('<h1>News, <time datetime="2020-04">Apr 2020</time></h1>');
      expect(text(news)).to.include('Distributed Tracing in Practice is out! It\'s a book about distributed tracing');
    });
  });

  describe('talks (test/fixtures/valid/as-written)', () => {
    let talkPages: Map<string, string>;
    before(async () => {
      ({ pages: talkPages } = await pagesOf(path.join(fixturesDir, 'valid', 'as-written')));
    });
    const main = (html: string) => text(html.slice(html.indexOf('<main'), html.indexOf('</main>')));

    it('are listed on the homepage by year: with whom, where (the event, or the place), when, what they presented, their slides', () => {
      const html = talkPages.get('/')!;
      const talks = html.slice(html.indexOf('<section id="talks"'), html.indexOf('</section>', html.indexOf('<section id="talks"')));
      expect(text(talks)).to.equal('Talks 1843 On the Notes with Charles Babbage Turin, 2 Oct 1843 '
        + '1840 The Analytical Engine Congress of Italian Scientists, Turin 1840, Sep 1840 Presents: Sketch of the Analytical Engine Slides');
      expect(html).to.include('<a href="#talks">Talks</a>');
    });

    it('have pages of their own, naming the speakers and the event they were given at, and are listed on their speakers\' pages', () => {
      expect(main(talkPages.get('/talks/engine-at-turin')!)).to.include('Talk · Sep 1840 The Analytical Engine Slides')
        .and.include('Given at Congress of Italian Scientists, Turin 1840').and.include('Speakers Ada Lovelace');
      expect(main(talkPages.get('/people/charles-babbage')!)).to.include('Talks On the Notes speaker, 2 Oct 1843');
    });
  });

  describe('rendering from triples alone', () => {
    const base = 'https://example.org/';
    const work = rdf.namedNode(`${base}publications/w#id`);
    const render = (quads: Quad[]) => toHtml({
      url: `${base}publications/w`, quads, entities: [work.value], jsonld: toFramedJsonLd(quads, work.value), base,
      alternates: [], siteLinks: [{ href: '/', label: 'Home' }], siteName: 'Someone',
    });
    const paper = (url: string): Quad[] => [
      rdf.quad(work, rdf.namedNode(`${prefixes.rdf}type`), rdf.namedNode(s('ScholarlyArticle'))),
      rdf.quad(work, rdf.namedNode(s('name')), rdf.literal('W')),
      rdf.quad(work, rdf.namedNode(s('url')), rdf.namedNode(url)),
    ];

    it('gives citation_pdf_url only where the data names a PDF', () => {
      expect(meta(render(paper('https://example.org/w.pdf?x=1&y=2')), 'citation_pdf_url')).to.deep.equal(['https://example.org/w.pdf?x=1&y=2']);
      expect(meta(render(paper('https://example.org/w.html')), 'citation_pdf_url')).to.deep.equal([]);
    });

    it('renders the same bytes from the same triples, whatever their order', () => {
      const quads = paper('https://example.org/w.pdf');
      expect(render([...quads].reverse())).to.equal(render(quads));
    });
  });

  describe('dates', () => {
    const lit = (v: string, t: string) => rdf.literal(v, xsd(t));

    it('are shown at the precision they were written: 2018, Sep 2022, 30 Sep 2022', () => {
      expect(dateText(lit('2018', 'gYear'))).to.equal('2018');
      expect(dateText(lit('2022-09', 'gYearMonth'))).to.equal('Sep 2022');
      expect(dateText(lit('2022-09-30', 'date'))).to.equal('30 Sep 2022');
      expect(dateText(lit('2022-09-30T10:00:00Z', 'dateTime'))).to.equal('30 Sep 2022');
      expect(dateText(lit('sometime', 'string'))).to.equal('sometime');
    });

    it('make periods: a range, "since" for a current role, one year once', () => {
      const t = (m: { value: string } | undefined) => text(m?.value ?? '');
      expect(t(period(lit('2018', 'gYear'), lit('2022-09', 'gYearMonth')))).to.equal('2018\u2009–\u2009Sep 2022');
      expect(t(period(lit('2022-10', 'gYearMonth'), undefined))).to.equal('since Oct 2022');
      expect(t(period(lit('2021', 'gYear'), undefined, false)), 'not a role: just its date').to.equal('2021');
      expect(t(period(lit('2021', 'gYear'), lit('2021', 'gYear')))).to.equal('2021');
    });
  });
});

for (const fixture of fixtureProfiles) {
  describe(`the HTML pages of the ${fixture.name} profile, checked against its YAML`, () => {
    const yaml = facts(fixture.dir);
    let site: Site;
    let pages: Map<string, string>;
    before(async () => {
      ({ site, pages } = await pagesOf(fixture.dir));
    });
    const page = (path: string) => pages.get(path)!;
    const nameOf = (id: string) => (id === yaml.person.id ? yaml.person.name : yaml.list('people').find((p) => p.id === id)?.name) as string;

    it('head the homepage with the scholar\'s name, and carry no citation_* tags there', () => {
      expect(page('/')).to.include(`<h1 class="p-name">${escapeHtml(yaml.person.name)}</h1>`).and.include('id="me"');
      expect(page('/'), 'Scholar indexes one paper per page').to.not.include('citation_');
      expect(meta(page('/'), 'og:type')).to.deep.equal(['profile']);
    });

    it('link only to what their document\'s triples mention, and back to the profile', () => {
      for (const d of site.documents) {
        const iris = new Set(d.slice().flatMap((q) => [q.subject.value, q.object.value]));
        // (The site header's links to the homepage's sections are every page's, not the document's.)
        const hrefs = [...page(d.path).replace(/<nav aria-label="Sections">.*?<\/nav>/, '').matchAll(/ href="([^"]+)"/g)].map((m) => m[1].replace(/&amp;/g, '&'));
        expect(hrefs, d.path).to.include('/');
        for (const href of hrefs.filter((h) => h.includes('#') && !h.startsWith('#'))) {
          expect(iris.has(new URL(href, defaultBase).href), `${d.path} links ${href}`).to.equal(true);
        }
      }
    });

    it('give every page a canonical link, and only publications the citation tags', () => {
      for (const d of site.documents) expect(page(d.path), d.path).to.include(`<link rel="canonical" href="${d.url}"/>`);
      for (const d of site.documents.filter((x) => !x.path.startsWith('/publications/'))) expect(page(d.path), d.path).to.not.include('citation_');
    });

    it('give each publication its title, its authors (in their order where the data gives one), its date and a PDF only where the data has one', () => {
      for (const work of yaml.list('publications')) {
        const html = page(`/publications/${work.id}`);
        if (work.name) expect(meta(html, 'citation_title'), work.id).to.deep.equal([work.name]);
        const authors = ((work.authors ?? []) as string[]).map(nameOf);
        if (work.authorOrder === 'unknown') expect(meta(html, 'citation_author'), work.id).to.have.members(authors);
        else expect(meta(html, 'citation_author'), work.id).to.deep.equal(authors);
        if (/^\d{4}(-\d{2}(-\d{2})?)?$/.test(String(work.datePublished ?? ''))) {
          expect(meta(html, 'citation_publication_date'), work.id).to.deep.equal([String(work.datePublished).replace(/-/g, '/')]);
        }
        expect(meta(html, 'citation_pdf_url'), work.id).to.deep.equal(work.pdf ? [work.pdf] : []);
      }
    });

    it('give works the Open Graph type book or article, and people\'s pages website', () => {
      for (const work of yaml.list('publications')) {
        expect(meta(page(`/publications/${work.id}`), 'og:type'), work.id).to.deep.equal([work.type === 'Book' ? 'book' : 'article']);
      }
      for (const person of yaml.list('people')) expect(meta(page(`/people/${person.id}`), 'og:type'), person.id).to.deep.equal(['website']);
    });

    it('head each news item by its date and show its text', () => {
      for (const item of yaml.list('news') as Entry[]) {
        const html = page(`/news/${item.id}`);
        expect(html, item.id).to.include(`<h1>News, <time datetime="${item.date}">`);
        expect(text(html), item.id).to.include(text(String(item.text)).split(/[*_`[]/)[0].trim().slice(0, 40));
      }
    });
  });
}

describe('an entity\'s picture', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-picture-'));
    await cp(path.join(fixturesDir, 'profiles', 'custom'), dir, { recursive: true });
    // block.jpg: 37 x 23 pixels (test/fixtures/images/README.md).
    await copyFile(path.join(fixturesDir, 'images', 'block.jpg'), path.join(dir, 'files', 'plot.jpg'));
    // Her site shows no projects on its homepage (site.yaml's sections): this one does.
    await writeFile(path.join(dir, 'site.yaml'), (await readFile(path.join(dir, 'site.yaml'), 'utf8')).replace('sections: [about, selected,', 'sections: [about, research, selected,'));
    await appendFile(path.join(dir, 'profile.yaml'), `projects:
  - id: dryland
    name: Dryland Restoration
    description: Restoring holm oak woodlands after drought.
    image: files/plot.jpg
    imageCaption: Holm oak seedlings in a restored plot
    currentMembers: [ines-albrecht]
  - id: seed-banks
    name: Seed Banks
    description: Seeds kept for the next drought.
    image: https://images.example/seed-banks.png
`);
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('shows a project\'s image at the top of its page, described by its caption, in its own proportions, and not again among its facts', async () => {
    const b = await built({ dataDir: dir });
    const page = servedText(b.representations, '/projects/dryland', 'text/html')!;
    expect(page).to.include('<p class="picture"><img src="/files/plot.jpg" alt="Holm oak seedlings in a restored plot" width="37" height="23"/></p>\n</header>');
    expect(text(page.slice(page.indexOf('</header>')))).not.to.include('Holm oak seedlings');
    // An image elsewhere, whose size the build cannot read, is shown without one; the project's name describes it.
    expect(servedText(b.representations, '/projects/seed-banks', 'text/html')).to.include('<p class="picture"><img src="https://images.example/seed-banks.png" alt="Seed Banks"/></p>');
  });

  it('shows a project\'s image beside it on the homepage, 96 px wide in its own proportions, as al-folio\'s project cards do', async () => {
    const home = servedText((await built({ dataDir: dir })).representations, '/', 'text/html')!;
    expect(home).to.include('<article class="project">\n<img class="thumb" src="/files/plot.jpg" alt="Holm oak seedlings in a restored plot" width="96" height="60" loading="lazy"/>\n<h3>');
  });
});

describe('the CV page of a scholar who keeps her own CV as a PDF', () => {
  it('links her PDF (site.yaml\'s cvPdf, a file of the profile) at its top, in the site\'s language', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-cv-pdf-'));
    try {
      await cp(path.join(fixturesDir, 'profiles', 'custom'), dir, { recursive: true });
      await copyFile(path.join(dir, 'files', 'strong-verbs.pdf'), path.join(dir, 'files', 'Lebenslauf Albrecht.pdf'));
      await appendFile(path.join(dir, 'site.yaml'), 'cvPdf: files/Lebenslauf Albrecht.pdf\n');
      const cv = servedText((await built({ dataDir: dir })).representations, '/cv.html')!;
      expect(cv).to.include('<p class="cv-pdf"><a href="/files/Lebenslauf%20Albrecht.pdf" type="application/pdf">Diesen Lebenslauf als PDF herunterladen</a></p>');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

export type { SiteDocument };

describe('the pages of a mathematician\'s profile', () => {
  let dir: string;
  let pages: Map<string, string>;
  const work = '/publications/lp-estimates';
  const title = '$L^p$ estimates for $\\bar\\partial$ and \\(\\mathbb{Z}_2\\)-covers, not $\\frac{1$';
  before(async () => {
    // The second profile, with a paper whose title and abstract hold TeX math, and a news item that is a list.
    dir = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-math-pages-'));
    await cp(secondDir, dir, { recursive: true });
    await writeFile(path.join(dir, 'math.yaml'), `publications:
  - id: lp-estimates
    name: '${title}'
    authors: [zoe-angstrom-lukasiewicz]
    datePublished: 2024
    abstract: |
      We prove *for $p<2$* that [$\\|f\\|_p$](https://example.org/norms) is bounded:

      $$\\sum_{i=1}^n x_i \\le C$$
news:
  - id: accepted-2024
    date: 2024-05
    about: [lp-estimates]
    text: |
      - Two papers accepted, one on $L^p$ estimates
      - A talk at the colloquium
`);
    ({ pages } = await pagesOf(dir));
    pages.set('/cv', servedText((await built({ dataDir: dir })).representations, '/cv.html')!);
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const page = (p: string) => pages.get(p)!;
  const typeset = (tex: string) => new RegExp(`<math aria-label="[^"]*" xmlns="http://www.w3.org/1998/Math/MathML"(?: display="block")?><semantics>(?:(?!</math>).)*<annotation encoding="application/x-tex">${tex.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}</annotation></semantics></math>`);

  it('typesets a title\'s math as MathML on the work\'s page, its list entries and the CV, the math KaTeX cannot read as written', () => {
    for (const p of [work, '/', '/publications/', '/cv']) {
      const html = page(p);
      expect(html, p).to.match(typeset('L^p')).and.match(typeset('\\bar\\partial')).and.match(typeset('\\mathbb{Z}_2'));
      expect(html, p).to.include('-covers, not $\\frac{1$');
    }
    expect(page(work)).to.match(/<h1><span class="katex"><math [^]*-covers, not \$\\frac\{1\$<\/h1>/);
  });

  it('typesets an abstract\'s math, in emphasis, in a link\'s text and as display math', () => {
    const html = page(work);
    expect(html).to.match(typeset('p&lt;2')).and.match(typeset('\\|f\\|_p')).and.match(/<a href="https:\/\/example.org\/norms" rel="nofollow noopener"><span class="katex"><math /);
    expect(html).to.match(/<math aria-label="[^"]*" xmlns="http:\/\/www.w3.org\/1998\/Math\/MathML" display="block"><semantics>(?:(?!<\/math>).)*<annotation encoding="application\/x-tex">\\sum_\{i=1\}\^n x_i \\le C</);
  });

  it('keeps the TeX as written in the page\'s title, its meta tags and its structured data', () => {
    const html = page(work);
    const written = escapeHtml(title);
    expect(html).to.include(`<title>${written}`).and.include(`<meta name="citation_title" content="${written}"/>`).and.include(`<meta property="og:title" content="${written}"/>`);
    const island = /<script type="application\/ld\+json">\n([^]*?)\n<\/script>/.exec(html)![1];
    expect(island).to.include(JSON.stringify(title));
    const turtle = html.slice(html.indexOf('<script type="text/turtle">'));
    expect(turtle.slice(0, turtle.indexOf('</script>'))).to.include(JSON.stringify(title).slice(1, -1)).and.not.include('<math');
  });

  it('shows on the homepage a news item that starts with a list as a list, never its Markdown\'s "- "', () => {
    const home = page('/');
    const item = home.slice(home.indexOf('href="/news/accepted-2024#id"'));
    expect(item.slice(0, item.indexOf('</div></li>\n'))).to.match(/<div class="e-content"><ul>\n<li>Two papers accepted, one on <span class="katex"><math [^]*<\/li>\n<li>A talk at the colloquium<\/li>\n<\/ul>/);
    expect(text(home)).to.not.include('- Two papers').and.not.include('- A talk');
  });

  it('names a work and a news item with math to microformats readers by their text as written, not the MathML\'s text beside its TeX', async function () {
    requireClients(this, ['mf2py']);
    const items = (await readMicroformats(page('/'), defaultBase)).items as Array<{ type: string[]; properties: Record<string, unknown[]>; children?: unknown[] }>;
    const all = (list: typeof items): typeof items => list.flatMap((i) => [i, ...all([...(i.children ?? []), ...Object.values(i.properties).flat()].filter((v): v is typeof items[number] => typeof v === 'object' && v !== null && 'type' in v))]);
    const names = (type: string) => all(items).filter((i) => i.type.includes(type)).map((i) => i.properties.name);
    expect(names('h-cite')).to.deep.include([title]);
    expect(names('h-entry')).to.deep.include(['Two papers accepted, one on $L^p$ estimates A talk at the colloquium']);
  });

  it('shows that news item as a list where the paper it is about lists what mentions it', () => {
    const html = page(work);
    const mentions = html.slice(html.indexOf('<div class="mentions">'));
    expect(mentions).to.match(/<a href="\/news\/accepted-2024#id">May 2024<\/a> <div class="text"><ul>\n<li>Two papers accepted, one on <span class="katex"><math /);
    expect(text(html)).to.not.include('- Two papers').and.not.include('- A talk');
  });
});

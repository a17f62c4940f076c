import { expect } from 'chai';
import rdf from 'rdf-ext';
import type { Profile } from '../../src/pipeline.js';
import { Graph, namedNode } from '../../src/rdf/graph.js';
import { sortQuads } from '../../src/rdf/quads.js';
import { schema } from '../../src/rdf/vocabulary.js';
import { buildSite, type Site } from '../../src/site/index.js';
import { defaultSettings } from '../../src/site/settings.js';
import { built, defaultBase } from '../http/support.js';
import { facts, GENERATED_PAPERS, generatedProfile, scaleProfiles } from '../support/fixtures.js';
import { checkVocabulary, loadVocabulary } from '../support/vocabulary.js';
import { nameOf } from '../../src/render/names.js';

const ME = `${defaultBase}#me`;
const PAGE_SIZE = defaultSettings.listings.pageSize;
const HOME_ENTRIES = defaultSettings.listings.collections.find((c) => c.slug === 'publications')!.onHome!;

describe('the listings of the generated profile, and its homepage', function () {
  this.timeout(120_000);
  let site: Site;
  let graph: Graph;
  before(async () => {
    const b = await built({ dataDir: generatedProfile.dir });
    site = b.site;
    graph = new Graph([...b.profile.graph]);
  });
  const doc = (url: string) => site.documents.find((d) => d.url === url)!;
  const works = () => graph.subjects(schema('author'), namedNode(ME)).map((w) => w.value);
  const pagesOf = (slug: string) => site.documents.filter((d) => d.url === `${defaultBase}${slug}/` || d.url.startsWith(`${defaultBase}${slug}/page/`));

  it(`keeps on the homepage the ${HOME_ENTRIES} most recent publications, not the whole graph`, () => {
    const home = new Graph(doc(defaultBase).slice());
    const shown = home.subjects(schema('author'), namedNode(ME)).map((w) => w.value);
    expect(works()).to.have.length(GENERATED_PAPERS);
    expect(shown).to.have.length(HOME_ENTRIES);
    const year = (w: string) => graph.text(namedNode(w), schema('datePublished'))!.slice(0, 4);
    const oldestShown = shown.map(year).sort()[0];
    const newerHidden = works().filter((w) => !shown.includes(w) && year(w) > oldestShown);
    expect(newerHidden, 'a hidden work newer than one shown').to.deep.equal([]);
    expect(doc(defaultBase).slice().length).to.be.lessThan(graph.quads.length / 4);
    // Nothing of a hidden work is left: no triple about it, none pointing at it.
    const hidden = new Set(works().filter((w) => !shown.includes(w)));
    expect(doc(defaultBase).slice().filter((q) => hidden.has(q.subject.value) || hidden.has(q.object.value))).to.deep.equal([]);
  });

  it(`lists every publication once, newest first, ${PAGE_SIZE} to a page, positions counting on across pages`, () => {
    const pages = pagesOf('publications');
    expect(pages).to.have.length(Math.ceil(GENERATED_PAPERS / PAGE_SIZE));
    expect(pages[0].url).to.equal(`${defaultBase}publications/`);
    const listed: Array<{ position: number; item: string }> = [];
    for (const page of pages) {
      const g = new Graph(page.slice());
      const list = g.node(namedNode(page.url), schema('mainEntity'))!;
      expect(g.text(list, schema('numberOfItems'))).to.equal(String(GENERATED_PAPERS));
      for (const e of g.nodes(list, schema('itemListElement'))) {
        listed.push({ position: Number(g.text(e, schema('position'))), item: g.node(e, schema('item'))!.value });
      }
    }
    listed.sort((a, b) => a.position - b.position);
    expect(listed.map((l) => l.position)).to.deep.equal(Array.from({ length: GENERATED_PAPERS }, (_, i) => i + 1));
    expect(new Set(listed.map((l) => l.item))).to.deep.equal(new Set(works()));
    const dates = listed.map((l) => graph.text(namedNode(l.item), schema('datePublished'))!.slice(0, 4));
    expect(dates).to.deep.equal([...dates].sort().reverse());
  });

  it('links the pages to each other, the first to the homepage, and the homepage to the first', () => {
    const pages = pagesOf('publications');
    pages.forEach((page, i) => {
      const g = new Graph(page.slice());
      const self = namedNode(page.url);
      expect(g.node(self, schema('isPartOf'))!.value).to.equal(i === 0 ? defaultBase : pages[0].url);
      expect(g.text(self, schema('position'))).to.equal(String(i + 1));
      const related = g.nodes(self, schema('relatedLink')).map((n) => n.value).sort();
      expect(related).to.deep.equal([pages[i - 1]?.url, pages[i + 1]?.url].filter(Boolean).sort());
    });
    const home = new Graph(doc(defaultBase).slice());
    expect(home.nodes(namedNode(defaultBase), schema('relatedLink')).map((n) => n.value))
      .to.have.members([`${defaultBase}people/`, `${defaultBase}publications/`]);
  });

  it('describes each listed publication as its own page does, and each person by name', () => {
    const first = new Graph(pagesOf('publications')[0].slice());
    const item = first.node(first.nodes(first.node(namedNode(`${defaultBase}publications/`), schema('mainEntity'))!, schema('itemListElement'))[0], schema('item'))!;
    expect(first.about(item).length).to.equal(graph.about(item).length);
    const people = new Graph(pagesOf('people').flatMap((d) => d.slice()));
    const someone = namedNode(`${defaultBase}people/${facts(generatedProfile.dir).someone.id}#id`);
    expect(people.label(someone)).to.be.a('string');
  });

  it('puts every page of every listing in the sitemap', () => {
    for (const page of [...pagesOf('publications'), ...pagesOf('people')]) expect(site.sitemap.body).to.include(`<loc>${page.url}</loc>`);
  });
});

describe('the listings\' terms', () => {
  for (const profile of scaleProfiles) {
    it(`are current schema.org, within their domains and ranges, on the ${profile.name} profile`, async () => {
      const vocab = await loadVocabulary();
      const { site } = await built({ dataDir: profile.dir });
      const listings = site.documents.filter((d) => d.root && new Graph(d.slice()).is(namedNode(d.root), schema('CollectionPage')));
      expect(listings.length).to.be.greaterThan(1);
      const violations = listings.flatMap((d) => checkVocabulary(d.slice(), vocab));
      expect(violations).to.deep.equal([]);
    });
  }
});

describe('a listing whose URL an entity already has', () => {
  it('stops the site from building, saying which', () => {
    const base = 'https://example.org/';
    const q = (s: string, p: string, o: string) => rdf.quad(rdf.namedNode(s), rdf.namedNode(p), rdf.namedNode(o));
    const graph = new Graph(sortQuads([
      q(base, schema('mainEntity'), `${base}#me`),
      q(`${base}#me`, 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type', schema('Person')),
      q(`${base}x`, schema('author'), `${base}#me`),
      rdf.quad(rdf.namedNode(`${base}people/`), rdf.namedNode(schema('name')), rdf.literal('squatter')),
      q(`${base}people/a`, 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type', schema('Person')),
    ]));
    const profile: Profile = { graph, base, origins: new Map() };
    expect(() => buildSite(profile, { name: 'A profile', lastModified: new Date(0), nameOf })).to.throw(/listing page https:\/\/example\.org\/people\/ has the URL of an entity/);
  });
});

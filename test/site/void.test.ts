import type { Quad } from '@rdfjs/types';
import { expect } from 'chai';
import { prefixes, rdf as rdfNs } from '../../src/rdf/vocabulary.js';
import { buildSite, type Site } from '../../src/site/index.js';
import { built, defaultBase } from '../http/support.js';
import { facts, fixtureProfiles } from '../support/fixtures.js';
import { nameOf } from '../../src/render/names.js';

const v = (local: string) => `${prefixes.void}${local}`;
const dctermsNs = prefixes.dcterms;
const dataset = 'http://localhost:3000/.well-known/void#dataset';

for (const fixture of fixtureProfiles) {
  describe(`the VoID description, sitemap and robots.txt of the ${fixture.name} profile`, () => {
    let site: Site;
    let graph: Quad[];
    before(async () => {
      ({ site } = await built({ dataDir: fixture.dir }));
      // The dataset the dumps hold: the profile's graph and what the listing pages say of themselves.
      graph = site.dataset.slice();
    });
    const values = (subject: string, predicate: string) =>
      site.void.slice().filter((q) => q.subject.value === subject && q.predicate.value === predicate).map((q) => q.object.value);

    it('lives at /.well-known/void and describes the dataset, framed by the description', () => {
      expect(site.void.url).to.equal('http://localhost:3000/.well-known/void');
      expect(site.void.root).to.equal(site.void.url);
      expect(values(site.void.url, rdfNs('type'))).to.deep.equal([v('DatasetDescription')]);
      expect(values(site.void.url, `${prefixes.foaf}primaryTopic`)).to.deep.equal([dataset]);
      expect(values(dataset, rdfNs('type'))).to.have.members([v('Dataset'), 'http://schema.org/Dataset']);
    });

    it('describes the dataset in schema.org too, for dataset search: name, description, creator, date and a download per dump', () => {
      const s = (local: string) => `http://schema.org/${local}`;
      expect(values(dataset, s('name'))).to.have.length(1);
      expect(values(dataset, s('description'))[0]).to.match(/^The facts of the scholarly profile of .+: \d+ triples about \d+ entities/);
      const scholar = graph.find((q) => q.subject.value === site.base && q.predicate.value === s('mainEntity'))!.object.value;
      expect(values(dataset, s('creator'))).to.deep.equal([scholar]);
      expect(values(dataset, s('dateModified'))).to.deep.equal(values(dataset, `${prefixes.dcterms}modified`));
      const downloads = site.void.slice().filter((q) => q.subject.value === dataset && q.predicate.value === s('distribution')).map((q) => q.object.value);
      const urls = downloads.map((d) => site.void.slice().find((q) => q.subject.value === d && q.predicate.value === s('contentUrl'))!.object.value);
      expect(urls).to.have.members(values(dataset, v('dataDump')));
      // A licence only where the profile states one (the second does; the demo's homepage states none).
      const stated = facts(fixture.dir).data.license;
      expect(values(dataset, s('license'))).to.deep.equal(stated ? [stated] : []);
      expect(values(dataset, `${prefixes.dcterms}license`)).to.deep.equal(stated ? [stated] : []);
    });

    it('counts exactly the triples, entities, properties and classes of the dataset', () => {
      expect(values(dataset, v('triples'))).to.deep.equal([String(graph.length)]);
      const entities = new Set(graph.filter((q) => q.subject.termType === 'NamedNode' && q.subject.value.startsWith(defaultBase)).map((q) => q.subject.value));
      expect(values(dataset, v('entities'))).to.deep.equal([String(entities.size)]);
      expect(values(dataset, v('properties'))).to.deep.equal([String(new Set(graph.map((q) => q.predicate.value)).size)]);
      const classes = new Set(graph.filter((q) => q.predicate.value === rdfNs('type')).map((q) => q.object.value));
      expect(values(dataset, v('classes'))).to.deep.equal([String(classes.size)]);
      expect(values(dataset, v('documents'))).to.deep.equal([String(site.documents.length)]);
    });

    it('partitions the entities by class, with a count for each', () => {
      const people = graph.filter((q) => q.predicate.value === rdfNs('type') && q.object.value === `${prefixes.schema}Person`).length;
      const partition = site.void.slice().find((q) => q.predicate.value === v('class') && q.object.value === `${prefixes.schema}Person`)!.subject;
      expect(site.void.slice().filter((q) => q.subject.equals(partition) && q.predicate.value === v('entities')).map((q) => q.object.value)).to.deep.equal([String(people)]);
    });

    it('names the vocabularies used: schema.org and FOAF, and BIBO where the data orders authors', () => {
      // The terms of the data (rdf:type and RDF collections are the RDF model's own).
      const terms = [...graph.map((q) => q.predicate.value), ...graph.filter((q) => q.predicate.value === rdfNs('type')).map((q) => q.object.value)]
        .filter((t) => !t.startsWith(prefixes.rdf));
      const used = [prefixes.schema, prefixes.foaf, prefixes.bibo].filter((ns) => terms.some((t) => t.startsWith(ns)));
      expect(terms.filter((t) => !used.some((ns) => t.startsWith(ns))), 'no other vocabulary').to.deep.equal([]);
      expect(used).to.include.members([prefixes.schema, prefixes.foaf]);
      expect(values(dataset, v('vocabulary'))).to.have.members(used);
    });

    it('lists the dumps with their media types, and the URI space and example resource', () => {
      expect(values(dataset, v('dataDump'))).to.have.members([`${defaultBase}dataset.ttl`, `${defaultBase}dataset.nt`, `${defaultBase}dataset.jsonld`, `${defaultBase}dataset.rdf`]);
      expect(values(`${defaultBase}dataset.nt`, `${dctermsNs}format`)).to.deep.equal(['application/n-triples']);
      expect(values(dataset, v('uriSpace'))).to.deep.equal([defaultBase]);
      expect(values(dataset, v('exampleResource'))).to.deep.equal([`${defaultBase}#me`]);
      expect(values(dataset, v('rootResource'))).to.deep.equal([defaultBase]);
      expect(values(dataset, `${dctermsNs}modified`)).to.deep.equal(['2024-05-06T07:08:09Z']);
      expect(values(dataset, v('sparqlEndpoint')), 'none yet').to.deep.equal([]);
    });

    it('names the SPARQL endpoint when there is one', async () => {
      const { profile } = await built({ dataDir: fixture.dir });
      const withEndpoint = buildSite(profile, { name: 'A profile', lastModified: new Date(0), nameOf, sparqlEndpoint: `${defaultBase}sparql` });
      expect(withEndpoint.void.slice().filter((q) => q.predicate.value === v('sparqlEndpoint')).map((q) => q.object.value)).to.deep.equal([`${defaultBase}sparql`]);
    });

    it('lists every HTML document in the sitemap, with its date, and the news feed where there is one', () => {
      const locs = [...site.sitemap.body.matchAll(/<loc>([^<]*)<\/loc><lastmod>2024-05-06<\/lastmod>/g)].map((m) => m[1]);
      expect(locs).to.have.members([...site.documents.map((d) => d.url), site.void.url, ...(site.feed ? [site.feed.url] : [])]);
      expect(site.sitemap.url).to.equal(`${defaultBase}sitemap.xml`);
      expect(site.sitemap.body).to.match(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<urlset xmlns="http:\/\/www.sitemaps.org\/schemas\/sitemap\/0.9">/);
    });

    it('points robots.txt, at the root of the origin, at the sitemap', () => {
      expect(site.robots.url).to.equal('http://localhost:3000/robots.txt');
      expect(site.robots.body).to.include('User-agent: *').and.include(`Sitemap: ${defaultBase}sitemap.xml\n`);
    });

    it('keeps robots.txt at the origin\'s root when the base has a path, and the VoID description under the base', async () => {
      const { site: nested } = await built({ dataDir: fixture.dir, base: 'https://scholar.example/~jm/' });
      expect(nested.void.url).to.equal('https://scholar.example/~jm/.well-known/void');
      expect(nested.robots.url).to.equal('https://scholar.example/robots.txt');
      expect(nested.robots.body).to.include('Sitemap: https://scholar.example/~jm/sitemap.xml');
      expect(nested.documents[0].path).to.equal('/~jm/');
    });
  });
}

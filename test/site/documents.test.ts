import type { Quad } from '@rdfjs/types';
import { expect } from 'chai';
import rdf from 'rdf-ext';
import { foaf, rdf as rdfNs, schema } from '../../src/graph/namespaces.js';
import { buildDocuments, documentUrlOf, labelPredicates, type SiteDocument } from '../../src/site/documents.js';
import { built, defaultBase } from '../http/support.js';
import { sameGraph } from '../support/profile.js';

const TYPE = rdfNs('type');

describe('the documents of the site', () => {
  let graph: Quad[];
  let documents: SiteDocument[];
  before(async () => {
    const { profile, site } = await built();
    graph = [...profile.graph];
    documents = site.documents;
  });

  const byUrl = () => new Map(documents.map((d) => [d.url, d]));

  it('gives every IRI the graph mints under the base a document, in whatever position it appears', () => {
    const minted = new Set<string>();
    for (const q of graph) for (const t of [q.subject, q.predicate, q.object]) if (t.termType === 'NamedNode' && t.value.startsWith(defaultBase)) minted.add(t.value);
    expect(minted.size).to.be.greaterThan(80);
    const urls = byUrl();
    const homeless = [...minted].filter((iri) => !urls.get(documentUrlOf(iri, defaultBase)!)?.entities.includes(iri));
    expect(homeless).to.deep.equal([]);
  });

  it('has one document per document URL, each at the path of its URL', () => {
    expect(new Set(documents.map((d) => d.url)).size).to.equal(documents.length);
    for (const d of documents) expect(d.path).to.equal(new URL(d.url).pathname);
    expect(documents.map((d) => d.url)).to.include.members([defaultBase, `${defaultBase}people/rodrigo-fonseca`, `${defaultBase}organizations/mpi-sws`]);
  });

  it('describes the profile page and the person together at /, the page framing the person', () => {
    const home = byUrl().get(defaultBase)!;
    expect(home.root).to.equal(defaultBase);
    expect(home.entities).to.deep.equal([defaultBase, `${defaultBase}#me`]);
    expect(home.title).to.equal('Jonathan Mace');
    expect(home.quads.some((q) => q.subject.value === defaultBase && q.predicate.value === schema('mainEntity'))).to.equal(true);
  });

  it('puts every triple of the graph into the documents that should hold it, owned nodes into one', () => {
    // Blank nodes are numbered per document: keep the documents' apart, then merge.
    const served = documents.flatMap((d, i) => d.quads.map((q) => rdf.quad(apart(q.subject, i), q.predicate, apart(q.object, i))));
    const ground = new Map<string, Quad>();
    const blank: Quad[] = [];
    for (const q of served) {
      if (q.subject.termType === 'BlankNode' || q.object.termType === 'BlankNode') blank.push(q);
      else ground.set(show(q), q); // a label may sit in several documents, next to each link to it
    }
    expect(sameGraph(graph, [...ground.values(), ...blank])).to.equal(true);
  });

  it('holds only its entities\' triples, the nodes they own, and the type and label of what they link to', () => {
    for (const d of documents) {
      const own = new Set(d.entities);
      const owned = new Set<string>();
      for (const q of d.quads) if (q.object.termType === 'BlankNode') owned.add(q.object.value);
      for (const q of d.quads) {
        const s = q.subject;
        if (s.termType === 'BlankNode') {
          expect(owned.has(s.value), `${d.url}: blank node _:${s.value} is not owned by anything in the document`).to.equal(true);
        } else if (!own.has(s.value)) {
          expect([TYPE, ...labelPredicates], `${d.url}: ${s.value} ${q.predicate.value}`).to.include(q.predicate.value);
        }
      }
    }
  });

  it('carries the type and the name of everything a document links to, so it reads on its own', () => {
    const group = byUrl().get(`${defaultBase}organizations/cloud-software-systems-group`)!;
    const member = `${defaultBase}people/vaastav-anand#id`;
    const about = group.quads.filter((q) => q.subject.value === member).map((q) => `${q.predicate.value} ${q.object.value}`);
    expect(about).to.have.members([`${TYPE} ${schema('Person')}`, `${TYPE} ${foaf('Person')}`, `${schema('name')} Vaastav Anand`, `${foaf('name')} Vaastav Anand`]);
  });

  it('includes the roles an entity owns, with what they point to', () => {
    const group = byUrl().get(`${defaultBase}organizations/cloud-software-systems-group`)!;
    const roles = group.quads.filter((q) => q.predicate.value === schema('member') && q.object.termType === 'BlankNode');
    expect(roles.length).to.equal(10);
    for (const r of roles) {
      const role = group.quads.filter((q) => q.subject.equals(r.object));
      expect(role.map((q) => q.predicate.value)).to.include.members([TYPE, schema('member'), schema('roleName')]);
    }
  });

  it('includes nested owned nodes: a course\'s instances and their teaching assistants\' roles', () => {
    const course = byUrl().get(`${defaultBase}teaching/distributed-systems-course`)!;
    const instance = course.quads.find((q) => q.predicate.value === schema('hasCourseInstance'))!.object;
    const contributors = course.quads.filter((q) => q.subject.equals(instance) && q.predicate.value === schema('contributor'));
    expect(contributors).to.have.length(2);
    for (const c of contributors) expect(course.quads.some((q) => q.subject.equals(c.object) && q.predicate.value === schema('roleName'))).to.equal(true);
  });

  it('numbers blank nodes b0, b1, … per document', () => {
    const home = byUrl().get(defaultBase)!;
    const labels = [...new Set(home.quads.flatMap((q) => [q.subject, q.object]).filter((t) => t.termType === 'BlankNode').map((t) => t.value))];
    expect(labels.sort()).to.deep.equal(labels.map((_, i) => `b${i}`).sort());
  });

  it('titles unnamed things by what they say, and named ones by their name', () => {
    const urls = byUrl();
    expect(urls.get(`${defaultBase}people/rodrigo-fonseca`)!.title).to.equal('Rodrigo Fonseca');
    expect(urls.get(`${defaultBase}awards/sosp-2015-best-paper`)!.title).to.equal('Best Paper Award at SOSP 2015');
    expect(urls.get(`${defaultBase}news/leaving-mpi-sws`)!.title).to.match(/^I am leaving MPI-SWS at the end of September 2022\..*…$/);
  });

  it('is a pure function of the graph: building twice gives the same documents', () => {
    const again = buildDocuments(graph, defaultBase);
    expect(again.map((d) => d.url)).to.deep.equal(documents.map((d) => d.url));
    for (let i = 0; i < again.length; i++) expect(again[i].quads.map(show)).to.deep.equal(documents[i].quads.map(show));
  });

  it('maps IRIs to document URLs by dropping the fragment, and ignores IRIs outside the base', () => {
    expect(documentUrlOf(`${defaultBase}people/x#id`, defaultBase)).to.equal(`${defaultBase}people/x`);
    expect(documentUrlOf(`${defaultBase}#me`, defaultBase)).to.equal(defaultBase);
    expect(documentUrlOf(defaultBase, defaultBase)).to.equal(defaultBase);
    expect(documentUrlOf('https://github.com/JonathanMace#x', defaultBase)).to.equal(undefined);
  });

  it('frames a document by its entity when the page itself is not described', () => {
    const base = 'https://example.org/';
    const q = (s: string, p: string, o: string) => rdf.quad(rdf.namedNode(s), rdf.namedNode(p), rdf.literal(o));
    const [doc] = buildDocuments([q(`${base}things/a#one`, schema('name'), 'One'), q(`${base}things/a#two`, schema('name'), 'Two')], base);
    expect(doc.url).to.equal(`${base}things/a`);
    expect(doc.root).to.equal(`${base}things/a#one`);
    expect(doc.entities).to.deep.equal([`${base}things/a#one`, `${base}things/a#two`]);
  });
});

function show(q: Quad): string {
  return `${q.subject.termType}:${q.subject.value} ${q.predicate.value} ${q.object.termType}:${q.object.value}`;
}

function apart<T extends Quad['subject'] | Quad['object']>(t: T, document: number): T {
  return (t.termType === 'BlankNode' ? rdf.blankNode(`d${document}_${t.value}`) : t) as T;
}

import type { Quad } from '@rdfjs/types';
import { expect } from 'chai';
import rdf from 'rdf-ext';
import { foaf, prefixes, rdf as rdfNs, schema } from '../../src/rdf/vocabulary.js';
import { Graph, namedNode } from '../../src/rdf/graph.js';
import { nameOf } from '../../src/render/names.js';
import { buildDocuments, documentUrlOf, summaryPredicates, type SiteDocument } from '../../src/site/documents.js';
import { built, defaultBase } from '../http/support.js';
import { demoDir, facts, fixtureProfiles, type Entry } from '../support/fixtures.js';
import { documentTitle, sameGraph } from '../support/profile.js';

const TYPE = rdfNs('type');

for (const fixture of fixtureProfiles) {
  describe(`the documents of the ${fixture.name} profile's site`, () => {
    const yaml = facts(fixture.dir);
    let graph: Quad[];
    let documents: SiteDocument[];
    before(async () => {
      const { profile, site } = await built({ dataDir: fixture.dir });
      graph = [...profile.graph];
      documents = site.documents;
    });

    const byUrl = () => new Map(documents.map((d) => [d.url, d]));

    it('gives every IRI the graph mints under the base a document, in whatever position it appears', () => {
      const minted = new Set<string>();
      for (const q of graph) for (const t of [q.subject, q.predicate, q.object]) if (t.termType === 'NamedNode' && t.value.startsWith(defaultBase)) minted.add(t.value);
      // One IRI per entry of the data, and the profile page's own.
      expect(minted.size).to.equal(yaml.ids.length + 1);
      const urls = byUrl();
      const homeless = [...minted].filter((iri) => !urls.get(documentUrlOf(iri, defaultBase)!)?.entities.includes(iri));
      expect(homeless).to.deep.equal([]);
    });

    it('has one document per document URL, each at the path of its URL', () => {
      expect(new Set(documents.map((d) => d.url)).size).to.equal(documents.length);
      for (const d of documents) expect(d.path).to.equal(new URL(d.url).pathname);
      expect(documents.map((d) => d.url)).to.include.members([defaultBase, `${defaultBase}people/${yaml.someone.id}`, `${defaultBase}organizations/${yaml.list('organizations')[0].id}`]);
    });

    it('describes the profile page and the person together at /, the page framing the person, with the whole graph when no section is cut', () => {
      const home = byUrl().get(defaultBase)!;
      expect(home.root).to.equal(defaultBase);
      expect(home.entities).to.deep.equal([defaultBase, `${defaultBase}#me`]);
      expect(documentTitle(home)).to.equal(yaml.person.name);
      const quads = home.slice();
      expect(quads.some((q) => q.subject.value === defaultBase && q.predicate.value === schema('mainEntity'))).to.equal(true);
      // The fixtures' sections are all short enough to be shown whole: the
      // homepage holds every triple, and its links to the listings.
      const listing = (iri: string) => iri.startsWith(defaultBase) && /^\/[^/]+\/$/.test(new URL(iri).pathname);
      const links = quads.filter((q) => listing(q.subject.value) || (q.subject.value === defaultBase && q.predicate.value === schema('relatedLink')));
      expect(links.length).to.be.greaterThan(0);
      expect(sameGraph(quads.filter((q) => !links.includes(q)), graph)).to.equal(true);
    });

    it('puts every triple about an entity into the entity\'s own document', () => {
      const urls = byUrl();
      let checked = 0;
      for (const q of graph) {
        if (q.subject.termType !== 'NamedNode' || !q.subject.value.startsWith(defaultBase)) continue;
        const doc = urls.get(documentUrlOf(q.subject.value, defaultBase)!)!;
        const held = doc.slice().some((d) => d.subject.equals(q.subject) && d.predicate.equals(q.predicate)
          && (q.object.termType === 'BlankNode' ? d.object.termType === 'BlankNode' : d.object.equals(q.object)));
        expect(held, `${doc.url} lacks ${show(q)}`).to.equal(true);
        checked++;
      }
      expect(checked).to.be.greaterThan(graph.length / 2);
    });

    it('holds only its entities\' triples, the nodes they own, the links pointing at them, and a summary of every node it mentions', () => {
      const inGraph = new Set(graph.filter((q) => q.subject.termType !== 'BlankNode' && q.object.termType !== 'BlankNode').map(show));
      // (Listings describe their items instead: test/site/listings.test.ts.)
      for (const d of documents.filter((x) => x.url !== defaultBase && !x.url.endsWith('/') && !x.url.includes('/page/'))) {
        const own = new Set(d.entities);
        const owned = new Set<string>();
        const quads = d.slice();
        for (const q of quads) if (q.object.termType === 'BlankNode') owned.add(q.object.value);
        for (const q of quads) {
          const s = q.subject;
          if (q.object.termType !== 'BlankNode' && s.termType !== 'BlankNode') expect(inGraph.has(show(q)), `${d.url}: ${show(q)} is not in the graph`).to.equal(true);
          if (s.termType === 'BlankNode') {
            expect(owned.has(s.value), `${d.url}: blank node _:${s.value} is not owned by anything in the document`).to.equal(true);
          } else if (!own.has(s.value)) {
            const incoming = (q.object.termType === 'NamedNode' && own.has(q.object.value)) || q.object.termType === 'BlankNode';
            const summary = summaryPredicates.includes(q.predicate.value) && (q.predicate.value === TYPE || q.object.termType === 'Literal');
            expect(incoming || summary, `${d.url}: ${show(q)}`).to.equal(true);
          }
        }
      }
    });

    it('gives a thesis advisor\'s page the thesis\'s role naming them, with the link to it and the thesis\'s name and type', () => {
      const theses = yaml.list('publications').filter((w) => w.contributors);
      expect(theses, 'the fixture has a thesis with an advisor').to.not.be.empty;
      for (const thesis of theses) {
        const work = `${defaultBase}publications/${thesis.id}#id`;
        for (const c of thesis.contributors as Entry[]) {
          const quads = byUrl().get(`${defaultBase}people/${c.person}`)!.slice();
          const role = quads.find((q) => q.predicate.value === schema('contributor') && q.object.value === `${defaultBase}people/${c.person}#id`)!.subject;
          expect(role.termType).to.equal('BlankNode');
          expect(quads.some((q) => q.subject.value === work && q.predicate.value === schema('contributor') && q.object.equals(role))).to.equal(true);
          expect(quads.some((q) => q.subject.equals(role) && q.predicate.value === schema('roleName') && q.object.value === c.roleName)).to.equal(true);
          const about = quads.filter((q) => q.subject.value === work).map((q) => `${q.predicate.value} ${q.object.value}`);
          expect(about).to.include.members([`${schema('name')} ${thesis.name}`, `${TYPE} ${schema('Thesis')}`]);
        }
      }
    });

    it('holds the works of every co-author, each with its name, date and type, and what points at each project', () => {
      const urls = byUrl();
      for (const work of yaml.list('publications').filter((w) => w.authors && w.name && w.datePublished)) {
        const iri = `${defaultBase}publications/${work.id}#id`;
        for (const author of (work.authors as string[]).filter((a) => a !== yaml.person.id)) {
          const quads = urls.get(`${defaultBase}people/${author}`)!.slice();
          expect(quads.some((q) => q.subject.value === iri && q.predicate.value === schema('author')), `${author}: ${work.id}`).to.equal(true);
          expect(quads.filter((q) => q.subject.value === iri).map((q) => q.predicate.value)).to.include.members([schema('name'), schema('datePublished'), TYPE]);
        }
      }
      const about = (e: Entry) => [e.about ?? []].flat() as string[];
      for (const project of yaml.list('projects')) {
        const iri = `${defaultBase}projects/${project.id}#id`;
        const pointing = urls.get(`${defaultBase}projects/${project.id}`)!.slice()
          .filter((q) => q.predicate.value === schema('about') && q.object.value === iri).map((q) => q.subject.value);
        expect(pointing, project.id).to.have.members([
          ...yaml.list('publications').filter((w) => about(w).includes(project.id)).map((w) => `${defaultBase}publications/${w.id}#id`),
          ...yaml.list('talks').filter((t) => about(t).includes(project.id)).map((t) => `${defaultBase}talks/${t.id}#id`),
          ...yaml.list('code').filter((c) => about(c).includes(project.id)).map((c) => `${defaultBase}software/${c.id}#id`),
          ...[...yaml.list('news'), ...yaml.list('announcements')].filter((n) => about(n).includes(project.id)).map((n) => `${defaultBase}news/${n.id}#id`),
        ]);
      }
    });

    it('summarises each co-author on a paper\'s page by types, names and other names (王晓燕 beside Wáng Xiǎoyàn), and the link to the paper', () => {
      const work = yaml.list('publications').find((w) => (w.authors ?? []).length > 1)!;
      const doc = byUrl().get(`${defaultBase}publications/${work.id}`)!;
      for (const author of (work.authors as string[]).filter((a) => a !== yaml.person.id)) {
        const iri = `${defaultBase}people/${author}#id`;
        const person = yaml.list('people').find((p) => p.id === author)!;
        const name = person.name as string;
        const others = [person.alternateName ?? []].flat().map((other) => `${schema('alternateName')} ${other as string}`);
        const about = doc.slice().filter((q) => q.subject.value === iri).map((q) => `${q.predicate.value} ${q.object.value}`);
        expect(about, author).to.have.members([`${TYPE} ${schema('Person')}`, `${TYPE} ${foaf('Person')}`, `${schema('name')} ${name}`, `${foaf('name')} ${name}`,
          ...others, `${foaf('made')} ${defaultBase}publications/${work.id}#id`]);
      }
    });

    it('titles every entry of the data that has a name by that name, and every award by its text', () => {
      const urls = byUrl();
      let checked = 0;
      const paths: Record<string, string> = { people: 'people', organizations: 'organizations', groups: 'organizations', projects: 'projects', publications: 'publications', awards: 'awards' };
      for (const [collection, dir] of Object.entries(paths)) {
        for (const entry of yaml.list(collection)) {
          const title = collection === 'awards' ? entry.award : entry.name;
          if (title === undefined) continue;
          expect(documentTitle(urls.get(`${defaultBase}${dir}/${entry.id}`)!), `${collection}: ${entry.id}`).to.equal(title);
          checked++;
        }
      }
      expect(checked).to.be.greaterThan(5);
    });

    it('puts the page\'s main entity first, so that the JSON-LD nests the person right under the ProfilePage', () => {
      const home = byUrl().get(defaultBase)!;
      expect(show(home.slice()[0])).to.equal(`NamedNode:${defaultBase} ${schema('mainEntity')} NamedNode:${defaultBase}#me`);
    });

    it('numbers blank nodes b0, b1, … per document', () => {
      const home = byUrl().get(defaultBase)!;
      const labels = [...new Set(home.slice().flatMap((q) => [q.subject, q.object]).filter((t) => t.termType === 'BlankNode').map((t) => t.value))];
      expect(labels.sort()).to.deep.equal(labels.map((_, i) => `b${i}`).sort());
    });

    it('titles every document as the homepage names the links to it', () => {
      const home = new Graph(byUrl().get(defaultBase)!.slice());
      const differ = documents.filter((d) => d.url !== defaultBase && d.root)
        .filter((d) => documentTitle(d) !== nameOf(home, namedNode(d.root!)))
        .map((d) => `${d.url}: "${documentTitle(d)}" vs "${nameOf(home, namedNode(d.root!))}"`);
      expect(differ).to.deep.equal([]);
    });

    it('is a pure function of the graph: building twice gives the same documents', () => {
      const again = buildDocuments(graph, defaultBase, { nameOf });
      expect(again.map((d) => d.url)).to.deep.equal(documents.map((d) => d.url));
      for (let i = 0; i < again.length; i++) expect(again[i].slice().map(show)).to.deep.equal(documents[i].slice().map(show));
    });

  });
}

describe('what the demo profile\'s documents hold', () => {
  let documents: SiteDocument[];
  before(async () => {
    ({ site: { documents } } = await built({ dataDir: demoDir }));
  });

  const byUrl = () => new Map(documents.map((d) => [d.url, d]));

  it('gives an entity\'s document the links pointing at it: a member\'s page holds the group, the role and its name', () => {
    const member = `${defaultBase}people/vaastav-anand#id`;
    const group = `${defaultBase}organizations/cloud-software-systems-group#id`;
    const doc = byUrl().get(`${defaultBase}people/vaastav-anand`)!.slice();
    const role = doc.find((q) => q.predicate.value === schema('member') && q.object.value === member && q.subject.termType === 'BlankNode')!.subject;
    const about = (s: Quad['subject']) => doc.filter((q) => q.subject.equals(s)).map((q) => `${q.predicate.value} ${q.object.value}`);
    expect(about(role)).to.include.members([`${schema('roleName')} PhD student`, `${schema('startDate')} 2020`, `${TYPE} ${schema('Role')}`]);
    expect(doc.some((q) => q.subject.value === group && q.predicate.value === schema('member') && q.object.equals(role))).to.equal(true);
    expect(about(rdf.namedNode(group))).to.include.members([`${schema('name')} Cloud Software Systems Group`, `${TYPE} ${schema('ResearchOrganization')}`]);
    // Only the owner's link to this member's role, not to the other members' roles.
    expect(doc.filter((q) => q.subject.value === group && q.predicate.value === schema('member'))).to.have.length(1);
  });

  it('follows a role up through the nodes that own it: a teaching assistant\'s page holds the course, its instance and the role', () => {
    const doc = byUrl().get(`${defaultBase}people/thomas-davidson`)!.slice();
    const course = `${defaultBase}teaching/distributed-systems-course#id`;
    const instance = doc.find((q) => q.subject.value === course && q.predicate.value === schema('hasCourseInstance'))!.object;
    const roles = doc.filter((q) => q.subject.equals(instance) && q.predicate.value === schema('contributor')).map((q) => q.object);
    const ta = roles.find((r) => doc.some((q) => q.subject.equals(r) && q.object.value === `${defaultBase}people/thomas-davidson#id`));
    expect(ta, 'the role naming Thomas Davidson').to.not.equal(undefined);
    expect(doc.some((q) => q.subject.equals(ta!) && q.predicate.value === schema('roleName') && q.object.value === 'Teaching assistant')).to.equal(true);
    expect(doc.some((q) => q.subject.value === course && q.predicate.value === schema('name') && q.object.value === 'Distributed Systems')).to.equal(true);
  });

  it('holds the works of a person and the papers and code of a project, each with its name and date', () => {
    const urls = byUrl();
    const author = urls.get(`${defaultBase}people/austin-parker`)!.slice();
    const book = `${defaultBase}publications/distributed-tracing-in-practice#id`;
    expect(author.some((q) => q.subject.value === book && q.predicate.value === schema('author'))).to.equal(true);
    expect(author.filter((q) => q.subject.value === book).map((q) => q.predicate.value))
      .to.include.members([schema('name'), schema('datePublished'), TYPE]);
    const project = urls.get(`${defaultBase}projects/hindsight`)!.slice();
    const pointing = project.filter((q) => q.predicate.value === schema('about') && q.object.value === `${defaultBase}projects/hindsight#id`).map((q) => q.subject.value);
    expect(pointing).to.have.members([`${defaultBase}publications/hindsight-nsdi-2023#id`, `${defaultBase}software/hindsight-code#id`]);
  });

  it('names linked awards by their text and linked news by their date and text, and carries only literal labels', () => {
    const paper = byUrl().get(`${defaultBase}publications/clockwork-osdi-2020`)!.slice();
    const award = `${defaultBase}awards/osdi-2020-distinguished-artifact#id`;
    const news = `${defaultBase}news/2020-11-osdi-artifact-award#id`;
    const of = (iri: string) => paper.filter((q) => q.subject.value === iri).map((q) => q.predicate.value);
    expect(of(award)).to.have.members([TYPE, schema('award'), schema('startDate')]);
    expect(of(news)).to.have.members([TYPE, TYPE, schema('about'), schema('datePublished'), schema('text')]);
    // The author is summarised by name and types (and links to the paper, foaf:made), not by the
    // person's other links: schema:award is a label on an award, but a link on a person.
    expect(new Set(of(`${defaultBase}#me`))).to.deep.equal(new Set([TYPE, schema('name'), foaf('name'), foaf('made')]));
  });

  it('carries the type and the name of everything a document links to, so it reads on its own', () => {
    const group = byUrl().get(`${defaultBase}organizations/cloud-software-systems-group`)!.slice();
    const member = `${defaultBase}people/vaastav-anand#id`;
    const about = group.filter((q) => q.subject.value === member).map((q) => `${q.predicate.value} ${q.object.value}`);
    expect(about).to.have.members([`${TYPE} ${schema('Person')}`, `${TYPE} ${foaf('Person')}`, `${schema('name')} Vaastav Anand`, `${foaf('name')} Vaastav Anand`]);
  });

  it('includes the roles an entity owns, with what they point to', () => {
    const group = byUrl().get(`${defaultBase}organizations/cloud-software-systems-group`)!.slice();
    const roles = group.filter((q) => q.predicate.value === schema('member') && q.object.termType === 'BlankNode');
    expect(roles.length).to.equal(10);
    for (const r of roles) {
      const role = group.filter((q) => q.subject.equals(r.object));
      expect(role.map((q) => q.predicate.value)).to.include.members([TYPE, schema('member'), schema('roleName')]);
    }
  });

  it('includes nested owned nodes: a course\'s instances and their teaching assistants\' roles', () => {
    const course = byUrl().get(`${defaultBase}teaching/distributed-systems-course`)!.slice();
    const instance = course.find((q) => q.predicate.value === schema('hasCourseInstance'))!.object;
    const contributors = course.filter((q) => q.subject.equals(instance) && q.predicate.value === schema('contributor'));
    expect(contributors).to.have.length(2);
    for (const c of contributors) expect(course.some((q) => q.subject.equals(c.object) && q.predicate.value === schema('roleName'))).to.equal(true);
  });

  it('titles unnamed things by what they say, and named ones by their name', () => {
    const title = (url: string) => documentTitle(byUrl().get(url)!);
    expect(title(`${defaultBase}people/rodrigo-fonseca`)).to.equal('Rodrigo Fonseca');
    expect(title(`${defaultBase}awards/sosp-2015-best-paper`)).to.equal('Best Paper Award at SOSP 2015');
    // The homepage names the Blueprint paper's venue but not its title: none is made up.
    expect(title(`${defaultBase}publications/blueprint-sosp-2023`)).to.equal('Untitled article about Blueprint');
    expect(title(`${defaultBase}news/leaving-mpi-sws`)).to.match(/^I am leaving MPI-SWS at the end of September 2022\..*…$/);
  });

});

describe('the documents of any graph', () => {
  it('applies the same rule to any graph: incoming links through blank nodes, summaries of what is mentioned, text for the nameless', () => {
    const base = 'https://example.org/';
    const n = (local: string) => rdf.namedNode(`${base}${local}`);
    const lit = (v: string) => rdf.literal(v);
    const q = (s: Quad['subject'], p: string, o: Quad['object']) => rdf.quad(s, rdf.namedNode(p), o);
    const [outer, inner] = [rdf.blankNode('outer'), rdf.blankNode('inner')];
    const graph = [
      q(n('e#id'), schema('name'), lit('E')),
      q(n('owner#id'), schema('name'), lit('Owner')),
      q(n('owner#id'), schema('description'), lit('not a summary')),
      q(n('owner#id'), `${prefixes.schema}part`, outer),
      q(outer, schema('startDate'), rdf.literal('2020', rdf.namedNode('http://www.w3.org/2001/XMLSchema#gYear'))),
      q(outer, `${prefixes.schema}role`, inner),
      q(inner, schema('member'), n('e#id')),
      q(n('note#id'), schema('about'), n('e#id')),
      q(n('note#id'), schema('text'), lit('A note')),
      q(n('note#id'), schema('award'), n('other#id')),
      q(n('other#id'), schema('name'), lit('Other')),
    ];
    const doc = buildDocuments(graph, base, { nameOf }).find((d) => d.url === `${base}e`)!;
    const shown = doc.slice().map((x) => `${x.subject.termType === 'BlankNode' ? '_' : x.subject.value.slice(base.length)} ${x.predicate.value.slice(prefixes.schema.length)} ${x.object.termType === 'BlankNode' ? '_' : x.object.value.replace(base, '')}`);
    expect(shown).to.have.members([
      'e#id name E',
      'owner#id name Owner', 'owner#id part _', '_ startDate 2020', '_ role _', '_ member e#id',
      'note#id about e#id', 'note#id text A note',
    ]);
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
    const [doc] = buildDocuments([q(`${base}things/a#one`, schema('name'), 'One'), q(`${base}things/a#two`, schema('name'), 'Two')], base, { nameOf });
    expect(doc.url).to.equal(`${base}things/a`);
    expect(doc.root).to.equal(`${base}things/a#one`);
    expect(doc.entities).to.deep.equal([`${base}things/a#one`, `${base}things/a#two`]);
  });
});

function show(q: Quad): string {
  return `${q.subject.termType}:${q.subject.value} ${q.predicate.value} ${q.object.termType}:${q.object.value}`;
}


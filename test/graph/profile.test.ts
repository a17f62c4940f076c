import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DatasetCore, Quad, Term } from '@rdfjs/types';
import { expect } from 'chai';
import rdf from 'rdf-ext';
import { LineCounter, parseDocument, isMap, type Node as YamlNode } from 'yaml';
import type { Profile } from '../../src/pipeline.js';
import { profileDataset } from '../../src/publish/profile-site.js';
import { bibo, foaf, rdf as rdfNs, schema, xsd } from '../../src/rdf/vocabulary.js';
import { demoDir, facts, fixtureProfiles, type Entry } from '../support/fixtures.js';
import { buildProfile, defaultBase, fixturesDir, missingFrom, parseTurtle, sameGraph } from '../support/profile.js';

const base = defaultBase;
const n = (iri: string) => rdf.namedNode(iri);
const objects = (g: DatasetCore, s: Term | null, p: string): Term[] => [...g.match(s as Quad['subject'], n(p), null)].map((q) => q.object);
const subjects = (g: DatasetCore, p: string, o: Term | null): Term[] => [...g.match(null, n(p), o as Quad['object'])].map((q) => q.subject);
const ofType = (g: DatasetCore, type: string) => subjects(g, rdfNs('type'), n(type));
const value = (g: DatasetCore, s: Term, p: string) => objects(g, s, p).map((o) => o.value);
const me = n(`${base}#me`);

/** A date as the data writes it (2018, 2022-09 or 2022-09-30) becomes a literal of the matching XSD type. */
const dateLiteral = (written: unknown) => {
  const text = String(written);
  return rdf.literal(text, n(xsd(/^\d{4}$/.test(text) ? 'gYear' : /^\d{4}-\d{2}$/.test(text) ? 'gYearMonth' : 'date')));
};

/** The items of an RDF collection, in order. */
const listItems = (g: DatasetCore, head: Term): string[] => {
  const items: string[] = [];
  for (let node = head; node.value !== rdfNs('nil'); node = objects(g, node, rdfNs('rest'))[0]) {
    expect(items.length, 'a list that ends').to.be.below(1000);
    items.push(value(g, node, rdfNs('first'))[0]);
  }
  return items;
};

describe('the demo profile graph', () => {
  let profile: Profile;
  let g: DatasetCore;
  before(async () => {
    profile = await buildProfile(demoDir);
    g = profile.graph;
  });

  it('is isomorphic to the reviewed golden graph, with what the listing pages say, as lodfolio dump prints them', async () => {
    const golden = parseTurtle(await readFile(path.join(fixturesDir, 'golden', 'profile.ttl'), 'utf8'));
    const built = profileDataset(profile);
    const onlyBuilt = missingFrom(built, golden);
    const onlyGolden = missingFrom(golden, built);
    expect({ onlyBuilt, onlyGolden }, 'regenerate with `npx tsx src/main.ts dump test/fixtures/profiles/demo > test/fixtures/golden/profile.ttl` after reviewing the change')
      .to.deep.equal({ onlyBuilt: [], onlyGolden: [] });
    expect(sameGraph(built, golden)).to.equal(true);
  });

  it('describes the person in schema.org and FOAF alike', () => {
    expect(value(g, me, rdfNs('type'))).to.have.members([schema('Person'), foaf('Person')]);
    expect(value(g, me, schema('name'))).to.deep.equal(['Jonathan Mace']);
    expect(value(g, me, foaf('name'))).to.deep.equal(['Jonathan Mace']);
  });

  it('keeps MPI-SWS as a past position and Microsoft Research as the current one', () => {
    const roles = objects(g, me, schema('worksFor'));
    const byOrg = Object.fromEntries(roles.map((r) => [value(g, r, schema('worksFor'))[0], r]));
    const mpi = byOrg[`${base}organizations/mpi-sws#id`];
    const msr = byOrg[`${base}organizations/cloud-reliability-group#id`];
    expect(value(g, mpi, schema('roleName'))).to.deep.equal(['Tenure-track faculty']);
    expect(objects(g, mpi, schema('startDate'))).to.deep.include(rdf.literal('2018', n(xsd('gYear'))));
    expect(objects(g, mpi, schema('endDate'))).to.deep.include(rdf.literal('2022-09', n(xsd('gYearMonth'))));
    expect(objects(g, msr, schema('endDate'))).to.have.length(0);
    expect(value(g, n(`${base}organizations/cloud-reliability-group#id`), schema('parentOrganization')))
      .to.deep.equal([`${base}organizations/microsoft-research#id`]);
  });

  it('has the Brown graduate study with its years and the advisor on the thesis', () => {
    const [study] = objects(g, me, schema('alumniOf'));
    expect(value(g, study, schema('alumniOf'))).to.deep.equal([`${base}organizations/brown-university#id`]);
    expect(value(g, study, schema('startDate'))).to.deep.equal(['2011']);
    expect(value(g, study, schema('endDate'))).to.deep.equal(['2018']);
    const thesis = n(`${base}publications/universal-architecture-cross-cutting-tools#id`);
    const [advising] = objects(g, thesis, schema('contributor'));
    expect(value(g, advising, schema('contributor'))).to.deep.equal([`${base}people/rodrigo-fonseca#id`]);
    expect(value(g, advising, schema('roleName'))).to.deep.equal(['Advisor']);
  });

  it('has every section of the homepage', () => {
    const count = (type: string) => ofType(g, type).length;
    // The Saarland affiliation came with the MPI-SWS position, which ended in September 2022.
    const membership = objects(g, me, schema('memberOf'));
    expect(membership.flatMap((r) => value(g, r, schema('memberOf'))), 'affiliation').to.deep.equal([`${base}organizations/saarland-university#id`]);
    expect(membership.flatMap((r) => value(g, r, schema('endDate')))).to.deep.equal(['2022-09']);
    expect(subjects(g, schema('datePublished'), null).filter((s) => s.value.startsWith(`${base}news/`)), 'news').to.have.length(10);
    expect(objects(g, me, schema('award')), 'awards').to.have.length(5);
    expect(count(schema('ScholarlyArticle')), 'papers').to.equal(7);
    expect(count(schema('Book')), 'book').to.equal(1);
    expect(count(schema('Thesis')), 'theses').to.equal(3);
    expect(count(schema('ResearchProject')), 'projects').to.equal(4);
    expect(count(schema('SoftwareSourceCode')), 'code').to.equal(4);
    expect(count(foaf('OnlineAccount')), 'software accounts').to.equal(4);
    expect(count(schema('Course')), 'courses').to.equal(2);
    expect(objects(g, me, schema('colleague')), 'MPI colleagues').to.have.length(5);
    expect(value(g, me, schema('subjectOf')), 'research statement').to.deep.equal([`${base}documents/research-statement-2021#id`]);
    const [address] = objects(g, me, schema('address'));
    expect(value(g, address, schema('postalCode')), 'address').to.deep.equal(['66123']);
    const sosp = n(`${base}venues/sosp-2023#id`);
    expect(objects(g, sosp, schema('organizer')).flatMap((r) => value(g, r, schema('roleName'))), 'service').to.deep.equal(Array(3).fill('co-General Chair'));
  });

  it('has the group with five current PhD students, the intern, and four former members, its head among them since the move', () => {
    const group = n(`${base}organizations/cloud-software-systems-group#id`);
    const roles = objects(g, group, schema('member'));
    const current = roles.filter((r) => objects(g, r, schema('endDate')).length === 0);
    const former = roles.filter((r) => objects(g, r, schema('endDate')).length > 0);
    expect(current.flatMap((r) => value(g, r, schema('roleName')))).to.have.members(
      ['PhD student', 'PhD student', 'PhD student', 'PhD student', 'PhD student', 'Visiting MSc intern']);
    expect(former.flatMap((r) => value(g, r, schema('roleName')))).to.have.members(['Group head', 'Postdoc', 'Erasmus Masters student', 'Masters student']);
    expect(objects(g, group, foaf('member')), 'foaf:member reads through the current roles only').to.have.length(current.length);
    expect(value(g, group, rdfNs('type'))).to.include(foaf('Group'));
  });

  it('links works to their makers both ways in FOAF', () => {
    const book = n(`${base}publications/distributed-tracing-in-practice#id`);
    expect(objects(g, book, foaf('maker'))).to.have.length(4);
    expect(value(g, me, foaf('made'))).to.include(book.value);
  });

  it('records where each entity was defined', () => {
    const at = (file: string) => path.relative(process.cwd(), path.join(demoDir, file));
    expect(profile.origins.get(`${base}people/rodrigo-fonseca#id`)).to.include({ file: at('people.yaml') });
    expect(profile.origins.get(`${base}#me`)).to.include({ file: at('person.yaml'), line: 4, column: 3 });
  });
});

for (const fixture of fixtureProfiles) {
  describe(`the ${fixture.name} profile graph, checked against its YAML`, () => {
    const yaml = facts(fixture.dir);
    const { person, list } = yaml;
    const org = (id: string) => `${base}organizations/${id}#id`;
    let profile: Profile;
    let g: DatasetCore;
    before(async () => {
      profile = await buildProfile(fixture.dir);
      g = profile.graph;
    });

    it('has a profile page whose main entity and primary topic is the person', () => {
      expect(value(g, n(base), rdfNs('type'))).to.include.members([schema('ProfilePage'), foaf('PersonalProfileDocument')]);
      expect(value(g, n(base), schema('mainEntity'))).to.deep.equal([me.value]);
      expect(value(g, n(base), foaf('primaryTopic'))).to.deep.equal([me.value]);
    });

    it('describes the person in schema.org and FOAF alike, by the name in the data', () => {
      expect(value(g, me, rdfNs('type'))).to.include.members([schema('Person'), foaf('Person')]);
      expect(value(g, me, schema('name'))).to.deep.equal([person.name]);
      expect(value(g, me, foaf('name'))).to.deep.equal([person.name]);
    });

    it('makes every position, study and membership a role, with its dates at the precision written and no end while current', () => {
      const kinds: Array<[string, string]> = [['positions', 'worksFor'], ['education', 'alumniOf'], ['memberships', 'memberOf']];
      let checked = 0;
      for (const [field, property] of kinds) {
        const roles = objects(g, me, schema(property as 'worksFor'));
        for (const entry of (person[field] ?? []) as Entry[]) {
          const role = roles.find((r) => value(g, r, schema(property as 'worksFor')).includes(org(entry.organization)));
          expect(role, `${field}: ${entry.organization}`).to.not.equal(undefined);
          expect(value(g, role!, rdfNs('type')), `${field}: ${entry.organization}`).to.not.be.empty;
          if (entry.roleName) expect(value(g, role!, schema('roleName'))).to.deep.equal([entry.roleName]);
          for (const date of ['startDate', 'endDate'] as const) {
            const found = objects(g, role!, schema(date));
            expect(found, `${field}: ${entry.organization} ${date}`).to.deep.equal(entry[date] === undefined ? [] : [dateLiteral(entry[date])]);
          }
          checked++;
        }
      }
      expect(checked).to.be.greaterThan(0);
    });

    it('links each organisation to its parent, as the data says', () => {
      for (const o of list('organizations')) {
        expect(value(g, n(org(o.id)), schema('parentOrganization')), o.id).to.deep.equal(o.parentOrganization ? [org(o.parentOrganization)] : []);
      }
    });

    it('names each contributor to a work in a role: the advisor of a thesis', () => {
      for (const work of list('publications').filter((w) => w.contributors)) {
        const roles = objects(g, n(`${base}publications/${work.id}#id`), schema('contributor'));
        const seen = roles.map((r) => ({ person: value(g, r, schema('contributor'))[0], roleName: value(g, r, schema('roleName'))[0] }));
        expect(seen, work.id).to.have.deep.members((work.contributors as Entry[]).map((c) => ({ person: `${base}people/${c.person}#id`, roleName: c.roleName })));
      }
    });

    it('has as many of each kind of entry as the data lists, and none of the kinds it leaves out', () => {
      // Entries are counted where their collection mints them (a paper's link to its code is no entry of `code`).
      const count = (type: string, under: string) => ofType(g, type).filter((t) => t.value.startsWith(`${base}${under}`)).length;
      const publications = (type: string) => list('publications').filter((p) => (p.type ?? 'ScholarlyArticle') === type).length;
      expect(count(schema('ScholarlyArticle'), 'publications/'), 'articles').to.equal(publications('ScholarlyArticle'));
      expect(count(schema('Book'), 'publications/'), 'books').to.equal(publications('Book'));
      expect(count(schema('Thesis'), 'publications/'), 'theses').to.equal(publications('Thesis'));
      expect(count(schema('ResearchProject'), 'projects/'), 'projects').to.equal(list('projects').length);
      expect(count(schema('SoftwareSourceCode'), 'software/'), 'code').to.equal(list('code').length);
      expect(count(foaf('OnlineAccount'), 'software/'), 'accounts').to.equal(list('onlineAccounts').length);
      expect(count(schema('Course'), 'teaching/'), 'courses').to.equal(list('courses').length);
      expect(count(foaf('Group'), 'organizations/'), 'groups').to.equal(list('groups').length);
      const news = [...list('news'), ...list('announcements')].map((e) => `${base}news/${e.id}#id`);
      expect(ofType(g, schema('CreativeWork')).map((t) => t.value).filter((iri) => iri.startsWith(`${base}news/`)), 'news').to.have.members(news);
      expect(objects(g, me, schema('award')), 'awards').to.have.length((person.awards ?? []).length);
      expect(objects(g, me, schema('colleague')), 'colleagues').to.have.length((person.colleagues ?? []).length);
      expect(value(g, me, schema('subjectOf')), 'research statement').to.deep.equal(person.researchStatement ? [`${base}documents/${person.researchStatement}#id`] : []);
      const address = objects(g, me, schema('address'));
      expect(address.flatMap((a) => value(g, a, schema('postalCode'))), 'address').to.deep.equal(person.address?.postalCode ? [person.address.postalCode] : []);
      if (!list('events').some((e) => e.organizers)) expect(subjects(g, schema('organizer'), null), 'service').to.deep.equal([]);
      for (const event of list('events').filter((e) => e.organizers)) {
        const roles = objects(g, n(`${base}venues/${event.id}#id`), schema('organizer'));
        expect(roles.flatMap((r) => value(g, r, schema('roleName'))), event.id).to.have.members((event.organizers as Entry[]).map((o) => o.roleName));
      }
    });

    it('has each group\'s current and former members as the data lists them, and each current member once in foaf:member', () => {
      for (const group of list('groups')) {
        const iri = n(org(group.id));
        const roles = objects(g, iri, schema('member'));
        const members = group.members as Entry[];
        const names = (rs: Term[]) => rs.flatMap((r) => value(g, r, schema('roleName')));
        expect(names(roles.filter((r) => objects(g, r, schema('endDate')).length === 0)), 'current')
          .to.have.members(members.filter((m) => m.endDate === undefined).map((m) => m.roleName));
        expect(names(roles.filter((r) => objects(g, r, schema('endDate')).length > 0)), 'former')
          .to.have.members(members.filter((m) => m.endDate !== undefined).map((m) => m.roleName));
        expect(objects(g, iri, foaf('member'))).to.have.length(new Set(members.filter((m) => m.endDate === undefined).map((m) => m.person)).size);
        expect(value(g, iri, rdfNs('type'))).to.include(foaf('Group'));
      }
    });

    it('links every work to each of its authors in FOAF both ways, and lists them in order unless the order is unknown', () => {
      const works = list('publications').filter((w) => w.authors);
      expect(works).to.not.be.empty;
      const iriOf = (id: string) => (id === person.id ? me.value : `${base}people/${id}#id`);
      for (const work of works) {
        const iri = n(`${base}publications/${work.id}#id`);
        const authors = (work.authors as string[]).map(iriOf);
        expect(value(g, iri, foaf('maker')), work.id).to.have.members(authors);
        expect(value(g, iri, schema('author')), work.id).to.have.members(authors);
        expect(value(g, me, foaf('made')).includes(iri.value), work.id).to.equal(authors.includes(me.value));
        const lists = objects(g, iri, bibo('authorList'));
        if (work.authorOrder === 'unknown') expect(lists, `${work.id}: no order is made up`).to.deep.equal([]);
        else expect(lists.map((head) => listItems(g, head)), work.id).to.deep.equal([authors]);
      }
      for (const work of list('publications').filter((w) => w.editors)) {
        const iri = n(`${base}publications/${work.id}#id`);
        expect(objects(g, iri, bibo('editorList')).map((head) => listItems(g, head)), work.id).to.deep.equal([(work.editors as string[]).map(iriOf)]);
      }
    });

    it('keeps the precision of every date', () => {
      const dates = [...g].filter((q) => q.object.termType === 'Literal' && /Date|date/.test(q.predicate.value));
      expect(dates).to.not.be.empty;
      for (const q of dates) {
        const datatype = (q.object as { datatype: Term }).datatype.value;
        const expected = /^\d{4}$/.test(q.object.value) ? 'gYear' : /^\d{4}-\d{2}$/.test(q.object.value) ? 'gYearMonth' : 'date';
        expect(datatype, `${q.subject.value} ${q.predicate.value}`).to.equal(xsd(expected));
      }
    });

    it('mints every IRI under the configured base', async () => {
      const other = await buildProfile(fixture.dir, 'https://scholar.example/~jm/');
      const iris = [...other.graph].flatMap((q) => [q.subject, q.object]).filter((t) => t.termType === 'NamedNode' && t.value.startsWith(base));
      expect(iris, 'nothing under the default base').to.deep.equal([]);
      const minted = [...other.graph].flatMap((q) => [q.subject, q.object]).filter((t) => t.termType === 'NamedNode' && t.value.startsWith('https://scholar.example/~jm/'));
      expect(new Set(minted.map((t) => t.value)).size).to.equal(new Set([...g].flatMap((q) => [q.subject, q.object]).filter((t) => t.termType === 'NamedNode' && t.value.startsWith(base)).map((t) => t.value)).size);
      expect(sameGraph(other.graph, g)).to.equal(false);
      expect(other.graph.size).to.equal(g.size);
    });

    it('records where each entity was defined: the file, line and column of its entry', async () => {
      const position = async (collection: string, index?: number) => {
        const file = yaml.fileOf(collection);
        const lines = new LineCounter();
        const doc = parseDocument(await readFile(file, 'utf8'), { lineCounter: lines });
        const entry = doc.getIn(index === undefined ? [collection] : [collection, index], true) as YamlNode;
        expect(isMap(entry), `${file}: ${collection}`).to.equal(true);
        const { line, col } = lines.linePos(entry.range![0]);
        return { file, line, column: col };
      };
      expect(profile.origins.get(me.value)).to.include(await position('person'));
      expect(profile.origins.get(`${base}people/${yaml.someone.id}#id`)).to.include(await position('people', 0));
    });
  });
}

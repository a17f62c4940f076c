import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DatasetCore, Quad, Term } from '@rdfjs/types';
import { expect } from 'chai';
import rdf from 'rdf-ext';
import type { Profile } from '../../src/pipeline.js';
import { foaf, rdf as rdfNs, schema, xsd } from '../../src/rdf/vocabulary.js';
import { buildProfile, defaultBase, fixturesDir, missingFrom, parseTurtle, sameGraph } from '../support/profile.js';

const base = defaultBase;
const n = (iri: string) => rdf.namedNode(iri);
const objects = (g: DatasetCore, s: Term | null, p: string): Term[] => [...g.match(s as Quad['subject'], n(p), null)].map((q) => q.object);
const subjects = (g: DatasetCore, p: string, o: Term | null): Term[] => [...g.match(null, n(p), o as Quad['object'])].map((q) => q.subject);
const ofType = (g: DatasetCore, type: string) => subjects(g, rdfNs('type'), n(type));
const value = (g: DatasetCore, s: Term, p: string) => objects(g, s, p).map((o) => o.value);
const me = n(`${base}#me`);

describe('the default profile graph', () => {
  let profile: Profile;
  let g: DatasetCore;
  before(async () => {
    profile = await buildProfile();
    g = profile.graph;
  });

  it('is isomorphic to the reviewed golden graph', async () => {
    const golden = parseTurtle(await readFile(path.join(fixturesDir, 'golden', 'profile.ttl'), 'utf8'));
    const built = [...g];
    const onlyBuilt = missingFrom(built, golden);
    const onlyGolden = missingFrom(golden, built);
    expect({ onlyBuilt, onlyGolden }, 'regenerate with `npx lodfolio dump > test/fixtures/golden/profile.ttl` after reviewing the change')
      .to.deep.equal({ onlyBuilt: [], onlyGolden: [] });
    expect(sameGraph(built, golden)).to.equal(true);
  });

  it('has a profile page whose main entity and primary topic is the person', () => {
    expect(value(g, n(base), rdfNs('type'))).to.include.members([schema('ProfilePage'), foaf('PersonalProfileDocument')]);
    expect(value(g, n(base), schema('mainEntity'))).to.deep.equal([me.value]);
    expect(value(g, n(base), foaf('primaryTopic'))).to.deep.equal([me.value]);
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
    expect(value(g, me, schema('affiliation')), 'affiliation').to.deep.equal([`${base}organizations/saarland-university#id`]);
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

  it('has the group with five current PhD students, the intern, and three former members', () => {
    const group = n(`${base}organizations/cloud-software-systems-group#id`);
    const roles = objects(g, group, schema('member'));
    const current = roles.filter((r) => objects(g, r, schema('endDate')).length === 0);
    const former = roles.filter((r) => objects(g, r, schema('endDate')).length > 0);
    expect(current.flatMap((r) => value(g, r, schema('roleName')))).to.have.members(
      ['Group head', 'PhD student', 'PhD student', 'PhD student', 'PhD student', 'PhD student', 'Visiting MSc intern']);
    expect(former.flatMap((r) => value(g, r, schema('roleName')))).to.have.members(['Postdoc', 'Erasmus Masters student', 'Masters student']);
    expect(objects(g, group, foaf('member')), 'foaf:member reads through the roles').to.have.length(10);
    expect(value(g, group, rdfNs('type'))).to.include(foaf('Group'));
  });

  it('links works to their makers both ways in FOAF', () => {
    const book = n(`${base}publications/distributed-tracing-in-practice#id`);
    expect(objects(g, book, foaf('maker'))).to.have.length(4);
    expect(value(g, me, foaf('made'))).to.include(book.value);
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
    const other = await buildProfile(undefined, 'https://scholar.example/~jm/');
    const iris = [...other.graph].flatMap((q) => [q.subject, q.object]).filter((t) => t.termType === 'NamedNode' && !t.value.startsWith('http://schema.org/') && !t.value.startsWith('http://xmlns.com/foaf/'));
    expect(iris).to.not.be.empty;
    expect(iris.filter((t) => !t.value.startsWith('https://scholar.example/~jm/'))).to.deep.equal([]);
    expect(sameGraph(other.graph, g)).to.equal(false);
    expect(other.graph.size).to.equal(g.size);
  });

  it('records where each entity was defined', () => {
    expect(profile.origins.get(`${base}people/rodrigo-fonseca#id`)).to.include({ file: 'data/people.yaml' });
    expect(profile.origins.get(`${base}#me`)).to.include({ file: 'data/person.yaml', line: 4, column: 3 });
  });
});

import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Quad } from '@rdfjs/types';
import { expect } from 'chai';
import rdf from 'rdf-ext';
import { isomorphic } from 'rdf-isomorphic';
import { alignmentOfPart, applyAlignment, readAlignment } from '../../src/graph/align.js';
import { JsonLdReader, KeptEntries, toQuadsWithJsonLd } from '../../src/graph/tordf.js';
import { expandShorthands } from '../../src/graph/shorthands.js';
import { loadOntology, type Ontology } from '../../src/ontology.js';
import { Graph } from '../../src/rdf/graph.js';
import { loadSource } from '../../src/source/load.js';
import { resolveIds } from '../../src/source/resolve.js';
import { checkSchema, compileSchema } from '../../src/source/schema.js';
import { fixtureProfiles } from '../support/fixtures.js';
import { writeGeneratedProfile } from '../support/generate.js';
import { defaultBase, fixturesDir } from '../support/profile.js';

/** The data of a profile folder, checked and its ids resolved. */
async function resolvedOf(ontology: Ontology, dir: string): Promise<Record<string, unknown>> {
  const source = await loadSource(dir);
  expect(checkSchema(compileSchema(ontology.schema), source)).to.deep.equal([]);
  return resolveIds(source, ontology.iris, ontology.referenceKeys, defaultBase).data;
}

/** Resolved data as the pipeline hands it to the JSON-LD reading: the shorthands expanded (in a copy). */
function pageOf(ontology: Ontology, resolved: Record<string, unknown>): Record<string, unknown> {
  const page = structuredClone({ id: defaultBase, ...resolved });
  expandShorthands(page, ontology.shorthands);
  return page;
}

/** N-Triples-like lines, blank node labels included: equal sets, the very same graph. */
const lines = (quads: readonly Quad[]) => new Set(quads.map((q) =>
  `${q.subject.termType} ${q.subject.value} ${q.predicate.value} ${q.object.termType} ${q.object.value} ${q.object.termType === 'Literal' ? `${q.object.datatype.value}@${q.object.language}` : ''}`));

describe('reading the data as RDF through the JSON-LD context', () => {
  let ontology: Ontology;
  let generated: string;
  before(async () => {
    ontology = await loadOntology();
    generated = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-tordf-'));
    await writeGeneratedProfile(generated, { papers: 60 });
  });
  after(() => rm(generated, { recursive: true, force: true }));

  const profiles = () => [...fixtureProfiles.map((p) => ({ name: p.name, dir: p.dir })), { name: 'a generated profile of 60 papers', dir: generated }];

  for (const which of ['demo', 'second', 'generated']) {
    it(`gives the ${which} profile the graph jsonld.js gives it, blank node labels included`, async () => {
      const { dir } = profiles().find((p) => p.name === which || (which === 'generated' && p.dir === generated))!;
      const page = pageOf(ontology, await resolvedOf(ontology, dir));
      const reference = await toQuadsWithJsonLd(structuredClone(page), ontology.context);
      const reader = new JsonLdReader(ontology.context);
      const direct = await reader.toQuads(page);
      expect(reader.fallbacks, 'conversions left to jsonld.js').to.equal(0);
      expect(direct.length).to.be.above(300);
      expect(isomorphic(direct, reference)).to.equal(true);
      expect(lines(direct)).to.deep.equal(lines(reference));
    });
  }

  it('reads type-scoped and property-scoped terms, lists, numbers and booleans as jsonld.js does', async () => {
    const context = { '@context': {
      '@version': 1.1, s: 'http://schema.org/', id: '@id', type: '@type', xsd: 'http://www.w3.org/2001/XMLSchema#',
      Role: { '@id': 's:Role', '@context': { date: { '@id': 's:startDate', '@type': 'xsd:date' } } },
      Thing: 's:Thing', date: { '@id': 's:datePublished', '@type': 'xsd:date' }, size: 's:size', flag: 's:flag',
      roles: { '@id': 's:member', '@context': { who: { '@id': 's:member', '@type': '@id' } } },
      people: { '@id': 's:author', '@type': '@id', '@container': '@list' }, empty: { '@id': 's:editor', '@container': '@list' },
      things: '@included',
    } };
    const data = { id: 'http://example.org/', type: 'Thing', date: 2019, size: 1.5, flag: true, empty: [], unknown: 'dropped',
      roles: [{ type: 'Role', who: 'http://example.org/a', date: '2020-01', nested: { date: '2021' } }, { type: 'Thing', date: '2022-02-02' }],
      people: ['http://example.org/a', 'http://example.org/b'],
      things: [{ id: 'http://example.org/c', type: ['Thing', 'Role'], date: 2001, size: 3, roles: { type: 'Role', date: '1999' } }] };
    const reference = await toQuadsWithJsonLd(structuredClone(data), context);
    const reader = new JsonLdReader(context);
    const direct = await reader.toQuads(structuredClone(data));
    expect(reader.fallbacks).to.equal(0);
    expect(direct.length).to.equal(reference.length);
    expect(lines(direct)).to.deep.equal(lines(reference));
  });

  it('reads language maps and strings in a language as jsonld.js does', async () => {
    const context = { '@context': {
      '@version': 1.1, s: 'http://schema.org/', id: '@id', type: '@type', Thing: 's:Thing', things: '@included',
      description: { '@id': 's:description', '@container': '@language' },
      name: 's:name', alternateName: { '@id': 's:alternateName', '@language': 'de' },
    } };
    const data = { id: 'http://example.org/', type: 'Thing', name: { '@value': 'Zoë', '@language': 'nb-NO' },
      description: { en: 'A scholar', de: ['Eine Forscherin', 'Wissenschaftlerin'], '@none': 'plain', fr: null },
      things: [{ id: 'http://example.org/a', type: 'Thing', alternateName: 'Ding', description: 'no map, no language' }] };
    const reference = await toQuadsWithJsonLd(structuredClone(data), context);
    const reader = new JsonLdReader(context);
    const direct = await reader.toQuads(structuredClone(data));
    expect(reader.fallbacks).to.equal(0);
    expect(direct.filter((q) => q.object.termType === 'Literal' && q.object.language).map((q) => `${q.object.value}@${(q.object as { language: string }).language}`))
      .to.have.members(['Zoë@nb-no', 'A scholar@en', 'Eine Forscherin@de', 'Wissenschaftlerin@de', 'Ding@de']);
    expect(direct.length).to.equal(reference.length);
    expect(lines(direct)).to.deep.equal(lines(reference));
  });

  it('reads a reverse property of references (an award\'s recipients) as jsonld.js does', async () => {
    const context = { '@context': {
      '@version': 1.1, s: 'http://schema.org/', id: '@id', type: '@type', Thing: 's:Thing', things: '@included',
      recipients: { '@reverse': 's:award', '@type': '@id' },
    } };
    const data = { id: 'http://example.org/', type: 'Thing',
      things: [{ id: 'http://example.org/prize', type: 'Thing', recipients: ['http://example.org/a', 'http://example.org/b'] }, { recipients: 'http://example.org/a' }] };
    const reference = await toQuadsWithJsonLd(structuredClone(data), context);
    const reader = new JsonLdReader(context);
    const direct = await reader.toQuads(structuredClone(data));
    expect(reader.fallbacks).to.equal(0);
    expect(direct.filter((q) => q.predicate.value === 'http://schema.org/award').map((q) => `${q.subject.value} ${q.object.value}`))
      .to.include.members(['http://example.org/a http://example.org/prize', 'http://example.org/b http://example.org/prize']);
    expect(lines(direct)).to.deep.equal(lines(reference));
  });

  it('hands what it does not handle (here a relative IRI) to jsonld.js rather than guess', async () => {
    const context = { '@context': { s: 'http://schema.org/', id: '@id', url: { '@id': 's:url', '@type': '@id' } } };
    const data = { id: 'http://example.org/', url: 'relative/page' };
    const reader = new JsonLdReader(context);
    expect(lines(await reader.toQuads(data))).to.deep.equal(lines(await toQuadsWithJsonLd(data, context)));
    expect(reader.fallbacks).to.equal(1);
  });
});

describe('reading the data as RDF again, the entries that did not change kept (build --watch)', () => {
  let ontology: Ontology;
  let generated: string;
  before(async () => {
    ontology = await loadOntology();
    generated = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-kept-'));
    await writeGeneratedProfile(generated, { papers: 60 });
  });
  after(() => rm(generated, { recursive: true, force: true }));

  type Data = Record<string, any>;
  const first = (d: Data) => d.publications[0];
  // In turn, each on the data the one before left: the tests compare every conversion with a whole one.
  const edits: Array<[string, (d: Data) => void]> = [
    ['the first reading', () => {}],
    ['nothing changed', () => {}],
    ['the first work retitled', (d) => { first(d).name = `${first(d).name}, Revisited`; }],
    ['an author added to the first work (a list cell before every later list\'s)', (d) => { first(d).authors = [...first(d).authors ?? [], d.person.id]; }],
    ['a DOI given to the first work (a blank node before every later entry\'s)', (d) => { first(d).doi = '10.5555/kept.1'; }],
    ['the first work removed', (d) => { d.publications.shift(); }],
    ['a person renamed', (d) => { d.people[0].name = `${d.people[0].name} Jr.`; }],
    ['a membership ended (the group\'s role no longer read through)', (d) => {
      for (const group of d.groups ?? []) for (const member of group.members ?? []) if (member.endDate === undefined) member.endDate = '2024';
    }],
    ['a membership\'s end taken back', (d) => { for (const group of d.groups ?? []) for (const member of group.members ?? []) delete member.endDate; }],
  ];

  for (const which of ['demo', 'second', 'memberships', 'generated']) {
    it(`gives the ${which} profile, after each of several edits, the quads and alignment of a whole conversion, blank node labels included`, async () => {
      const dir = which === 'generated' ? generated : path.join(fixturesDir, 'profiles', which);
      const data = await resolvedOf(ontology, dir) as Data;
      const alignment = readAlignment(ontology.alignment);
      const reader = new JsonLdReader(ontology.context);
      const kept = new KeptEntries((quads) => alignmentOfPart(quads, alignment));
      let last = new Set<Quad>();
      for (const [what, edit] of edits) {
        if (what.includes('work') && !data.publications?.length) continue;
        if (what.includes('person') && !data.people?.length) continue;
        edit(data);
        const { quads, derived } = await reader.toQuadsKeeping(pageOf(ontology, data), kept);
        const whole = await reader.toQuads(pageOf(ontology, data));
        expect(lines(quads), what).to.deep.equal(lines(whole));
        const aligned = new Graph(whole);
        applyAlignment(aligned, alignment);
        expect(derived, `${what}: the alignment, entry by entry`).not.to.equal(undefined);
        expect(lines([...quads, ...derived!]), what).to.deep.equal(lines([...aligned]));
        // The page's own quads are made again; every entry's are taken as they were.
        if (what === 'nothing changed') expect(quads.filter((q) => q.subject.value !== defaultBase && !last.has(q)), 'quads made again').to.deep.equal([]);
        last = new Set(quads);
      }
      expect(reader.fallbacks).to.equal(0);
    });
  }

  it('aligns an entry that names another entry\'s named role together with that entry, as the whole graph reads the role through', async () => {
    const context = { '@context': {
      s: 'http://schema.org/', id: '@id', type: '@type', Role: 's:Role', things: '@included',
      prize: { '@id': 's:award', '@type': '@id' }, title: 's:award',
    } };
    const data = { id: 'http://example.org/', things: [
      { id: 'http://example.org/project', prize: 'http://example.org/best-paper' },
      { id: 'http://example.org/best-paper', type: 'Role', title: 'Best paper' },
    ] };
    // Read through the role, the project's award is its text: the project alone would give the role itself.
    const alignment = readAlignment([rdf.quad(rdf.namedNode('http://schema.org/award'), rdf.namedNode('http://www.w3.org/2000/01/rdf-schema#subPropertyOf'), rdf.namedNode('http://example.org/honour'))]);
    const reader = new JsonLdReader(context);
    const kept = new KeptEntries((quads) => alignmentOfPart(quads, alignment));
    for (const time of ['first', 'again']) {
      const { quads, derived } = await reader.toQuadsKeeping(structuredClone(data), kept);
      const whole = new Graph(await reader.toQuads(structuredClone(data)));
      applyAlignment(whole, alignment);
      expect(derived, time).not.to.equal(undefined);
      expect(derived!.map((q) => `${q.subject.value} ${q.predicate.value} ${q.object.value}`), time).to.include('http://example.org/project http://example.org/honour Best paper');
      expect(lines([...quads, ...derived!]), time).to.deep.equal(lines([...whole]));
    }
    expect(reader.fallbacks).to.equal(0);
  });
});

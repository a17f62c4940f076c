import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Quad } from '@rdfjs/types';
import { expect } from 'chai';
import { isomorphic } from 'rdf-isomorphic';
import { JsonLdReader, toQuadsWithJsonLd } from '../../src/graph/tordf.js';
import { expandShorthands } from '../../src/graph/shorthands.js';
import { loadOntology, type Ontology } from '../../src/ontology.js';
import { loadSource } from '../../src/source/load.js';
import { resolveIds } from '../../src/source/resolve.js';
import { checkSchema, compileSchema } from '../../src/source/schema.js';
import { fixtureProfiles } from '../support/fixtures.js';
import { writeGeneratedProfile } from '../support/generate.js';
import { defaultBase } from '../support/profile.js';

/** The data of a profile folder as the pipeline hands it to the JSON-LD reading: checked, resolved, shorthands expanded. */
async function pageOf(ontology: Ontology, dir: string): Promise<Record<string, unknown>> {
  const source = await loadSource(dir);
  expect(checkSchema(compileSchema(ontology.schema), source)).to.deep.equal([]);
  const resolved = resolveIds(source, ontology.iris, ontology.referenceKeys, defaultBase);
  expandShorthands(resolved.data, ontology.shorthands);
  return { id: defaultBase, ...resolved.data };
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
      const page = await pageOf(ontology, dir);
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

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { projectRoot } from '../../src/config.js';
import type { Profile } from '../../src/pipeline.js';
import { Graph, namedNode, type Node } from '../../src/rdf/graph.js';
import { schema, xsd } from '../../src/rdf/vocabulary.js';
import { buildProfile, defaultBase, fixturesDir } from '../support/profile.js';

/** test/fixtures/valid/as-written: each field in a form people write and the format once refused. */
describe('data written as people write it', () => {
  let profile: Profile;
  let g: Graph;
  const iri = (p: string) => namedNode(`${defaultBase}${p}`);
  const me = iri('#me');
  const work = (id: string) => iri(`publications/${id}#id`);
  const identifiers = (node: Node) => g.nodes(node, schema('identifier')).map((i) => `${g.text(i, schema('propertyID'))} ${g.text(i, schema('value'))}`);
  before(async () => {
    profile = await buildProfile(path.join(fixturesDir, 'valid', 'as-written'));
    g = new Graph([...profile.graph]);
  });

  it('takes a single page, `pages: 145`, and publishes it as text', () => {
    const pages = g.literal(work('notes'), schema('pagination'));
    expect([pages?.value, pages?.datatype.value]).to.deep.equal(['145', xsd('string')]);
  });

  it('reads an ORCID iD with a lower-case check character, or as its URL, and publishes the iD in its one form', () => {
    expect(identifiers(me)).to.deep.equal(['ORCID 0000-0002-1694-233X']);
    expect(g.values(me, schema('sameAs')).map((t) => t.value)).to.include('https://orcid.org/0000-0002-1694-233X');
    expect(identifiers(iri('people/charles-babbage#id'))).to.deep.equal(['ORCID 0000-0002-1825-0097']);
  });

  it('takes one value wherever a list is allowed: a URL in sameAs, an id in a list of references, one role, one keyword', () => {
    expect(g.values(me, schema('sameAs')).map((t) => t.value)).to.include('https://en.wikipedia.org/wiki/Ada_Lovelace');
    expect(g.nodes(me, schema('knowsAbout')).map((t) => t.value)).to.deep.equal([iri('topics/computing#id').value]);
    expect(g.nodes(me, schema('worksFor')).map((r) => g.text(r, schema('roleName')))).to.deep.equal(['Translator']);
    expect(g.nodes(work('notes'), schema('author')).map((t) => t.value)).to.deep.equal([me.value]);
    expect(g.text(work('notes'), schema('keywords'))).to.equal('engines');
  });

  it('publishes an ISBN written with spaces hyphenated as its groups were written', () => {
    expect(g.text(work('sketch'), schema('isbn'))).to.equal('978-0-306-40615-7');
    expect(identifiers(work('sketch'))).to.deep.equal(['ISBN 978-0-306-40615-7']);
  });

  it('publishes a software release\'s version as written, and a dataset\'s creators as its authors', () => {
    expect(g.text(work('engine-simulator'), schema('softwareVersion'))).to.equal('1.10');
    expect(g.nodes(work('bernoulli-tables'), schema('author')).map((t) => t.value)).to.deep.equal([me.value]);
  });

  it('publishes a talk as an event with its speaker, its date, the event it was part of and the work it presented', () => {
    const talk = iri('talks/engine-at-turin#id');
    expect(g.types(talk)).to.deep.equal([schema('Event')]);
    expect(g.nodes(talk, schema('performer')).map((t) => t.value)).to.deep.equal([me.value]);
    expect(g.text(talk, schema('startDate'))).to.equal('1840-09');
    expect(g.nodes(talk, schema('superEvent')).map((t) => t.value)).to.deep.equal([iri('venues/turin-congress-1840#id').value]);
    expect(g.nodes(talk, schema('workFeatured')).map((t) => t.value)).to.deep.equal([work('sketch').value]);
  });

  it('says where a talk given outside any event was given', () => {
    const talk = iri('talks/notes-at-home#id');
    expect(g.nodes(talk, schema('performer')).map((t) => t.value)).to.have.members([me.value, iri('people/charles-babbage#id').value]);
    expect(g.nodes(talk, schema('location')).map((t) => t.value)).to.deep.equal([iri('places/turin#id').value]);
    expect(g.nodes(talk, schema('superEvent'))).to.deep.equal([]);
  });

  it('lets every list field of an entry take a single value too: the schema has no list field that only takes a list', () => {
    const schemaJson = JSON.parse(readFileSync(path.join(projectRoot, 'ontology', 'profile.schema.json'), 'utf8')) as { properties: Record<string, unknown> };
    const onlyLists: string[] = [];
    const visit = (node: unknown, at: string): void => {
      if (!node || typeof node !== 'object') return;
      const s = node as { properties?: Record<string, { type?: unknown; else?: unknown }> };
      for (const [name, field] of Object.entries(s.properties ?? {})) if (field.type === 'array') onlyLists.push(`${at}.${name}`);
      for (const [key, child] of Object.entries(node)) visit(child, `${at}/${key}`);
    };
    // The collections themselves (the top level's properties) are lists of entries; every other list is a field.
    for (const [name, collection] of Object.entries(schemaJson.properties)) visit(collection, name);
    visit((schemaJson as { $defs?: unknown }).$defs, '$defs');
    expect(onlyLists).to.deep.equal([]);
  });
});

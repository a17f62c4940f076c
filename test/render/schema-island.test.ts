import { expect } from 'chai';
import type { Quad } from '@rdfjs/types';
import { Graph, namedNode } from '../../src/rdf/graph.js';
import { bibo, prefixes } from '../../src/rdf/vocabulary.js';
import { HEADLINE_LENGTH, headlineOf, IRI_TERMS, SUPERCLASSES, toSchemaIsland } from '../../src/render/schema-island.js';
import type { SiteDocument } from '../../src/site/index.js';
import { built, parseRdf, sameTriples, servedText } from '../http/support.js';
import { fixtureProfiles } from '../support/fixtures.js';
import { documentTitle, missingFrom } from '../support/profile.js';
import { embeddedIslands, embeddedTurtle, islandQuads, islandTriples, lexical, splitBreadcrumbs, schemaOrgContext, schemaOrgSuperclasses } from '../support/structured-data.js';

/** The served HTML of a document. */
function pageOf(b: Awaited<ReturnType<typeof built>>, doc: SiteDocument): string {
  return servedText(b.representations, doc.path)!;
}

describe('the schema.org island', function () {
  this.timeout(120_000);

  it('names as IRIs exactly the terms schema.org\'s context reads as IRIs', () => {
    const declared = Object.entries(schemaOrgContext['@context'])
      .filter(([, v]) => typeof v === 'object' && v !== null && (v as Record<string, unknown>)['@type'] === '@id').map(([k]) => k);
    expect([...IRI_TERMS].sort()).to.deep.equal(declared.sort());
  });

  it('gives an Article a headline of at most 110 characters, its title cut at a word when longer', () => {
    const short = 'Tokenisation across languages';
    expect(headlineOf(short)).to.equal(short);
    const long = `${'Morphological segmentation of low-resource Uralic languages by transfer from Finnish, '.repeat(2)}and more`;
    const headline = headlineOf(long);
    expect([...headline].length).to.be.at.most(HEADLINE_LENGTH);
    expect(headline.endsWith('…')).to.equal(true);
    expect(long.startsWith(headline.slice(0, -1))).to.equal(true);
    expect(long[headline.length - 1], 'cut at a word').to.match(/[\s,]/);
    const unbroken = 'x'.repeat(200);
    expect([...headlineOf(unbroken)].length).to.equal(HEADLINE_LENGTH);
  });

  it('leaves out only the superclasses schema.org 30.0 gives a type', () => {
    for (const [type, supers] of Object.entries(SUPERCLASSES)) {
      for (const s of supers ?? []) expect(schemaOrgSuperclasses(type).has(s), `${s} of ${type}`).to.equal(true);
    }
  });

  for (const profile of fixtureProfiles) {
    describe(`on the ${profile.name} profile`, () => {
      let b: Awaited<ReturnType<typeof built>>;
      before(async () => { b = await built({ dataDir: profile.dir }); });
      const pages = () => [...b.site.documents, b.site.void];

      it('holds every schema.org triple of each page\'s document and nothing else but headlines and a breadcrumb (dates by their lexical form, types schema.org entails left out)', async () => {
        for (const doc of pages()) {
          const islands = embeddedIslands(pageOf(b, doc));
          const expected = lexical(islandTriples(doc.slice(), b.site.base));
          // A document with no schema.org triple (the VoID description) has no island.
          expect(islands, doc.path).to.have.length(expected.length > 0 ? 1 : 0);
          const { rest, breadcrumbs } = splitBreadcrumbs(islands.length === 0 ? [] : await islandQuads(islands[0]));
          const fromIsland = lexical(rest);
          // The breadcrumb: home, then the page, on every page with an island but the homepage.
          if (doc.url === b.site.base || islands.length === 0) {
            expect(breadcrumbs, doc.path).to.deep.equal([]);
          } else {
            const trail = new Graph(breadcrumbs);
            const [list] = trail.ofType(`${prefixes.schema}BreadcrumbList`);
            const items = trail.nodes(list, `${prefixes.schema}itemListElement`)
              .map((i) => ({ position: trail.text(i, `${prefixes.schema}position`), item: trail.node(i, `${prefixes.schema}item`)?.value, name: trail.text(i, `${prefixes.schema}name`) }))
              .sort((x, y) => Number(x.position) - Number(y.position));
            expect(items, doc.path).to.deep.equal([
              { position: '1', item: b.site.base, name: b.site.name },
              { position: '2', item: doc.url, name: documentTitle(doc) },
            ]);
          }
          expect(missingFrom(expected, fromIsland), `${doc.path}: missing from the island`).to.deep.equal([]);
          expect(missingFrom(fromIsland, expected), `${doc.path}: in the island, not in the document`).to.deep.equal([]);
          expect(sameTriples(fromIsland, expected), doc.path).to.equal(true);
        }
      });

      it('is plain schema.org: the schema.org context, one type per object, no @reverse, no FOAF or BIBO, no typed values, absolute IRIs', () => {
        for (const doc of pages()) {
          const island = embeddedIslands(pageOf(b, doc))[0];
          if (!island) continue;
          for (const item of [island].flat() as Array<Record<string, unknown>>) expect(item['@context'], doc.path).to.equal('https://schema.org');
          const text = JSON.stringify(island);
          expect(text, doc.path).to.not.match(/@reverse|"foaf:|"bibo:|XMLSchema|"@value":"[^"]*","@type"|"@type":\[/);
          // Every @id is absolute (or a blank node's label).
          for (const m of text.matchAll(/"@id":"([^"]*)"/g)) expect(m[1], doc.path).to.match(/^(https?:|mailto:|tel:|urn:|_:)/);
        }
      });

      it('lists authors in the order of the work\'s bibo:authorList', () => {
        let checked = 0;
        for (const doc of b.site.documents) {
          const quads = doc.slice();
          const g = new Graph(quads);
          for (const work of doc.entities) {
            const head = g.node(namedNode(work), bibo('authorList'));
            if (!head) continue;
            const island = toSchemaIsland(quads, doc.root) as Record<string, unknown>;
            const node = findNode(island, work);
            const authors = (node?.author as Array<{ '@id'?: string }>).map((a) => a['@id']);
            expect(authors, doc.path).to.deep.equal(g.list(head).map((t) => t.value));
            checked++;
          }
        }
        // The second profile's works have ordered authors; the demo's state no order.
        if (profile.name === 'second') expect(checked).to.be.greaterThan(0);
      });

      it('embeds the document\'s complete graph as a Turtle data block that parses to the same triples', async () => {
        for (const doc of pages()) {
          const blocks = embeddedTurtle(pageOf(b, doc));
          expect(blocks, doc.path).to.have.length(1);
          const quads: Quad[] = await parseRdf(blocks[0], 'text/turtle', doc.url);
          expect(sameTriples(quads, doc.slice()), doc.path).to.equal(true);
          expect(blocks[0], doc.path).to.match(/^\n# <!\[CDATA\[\n[\s\S]*# \]\]>\n$/);
        }
      });
    });
  }
});

/** The node object with this @id, wherever the island writes it in full. */
function findNode(value: unknown, id: string): Record<string, unknown> | undefined {
  if (Array.isArray(value)) {
    for (const v of value) { const found = findNode(v, id); if (found) return found; }
  } else if (typeof value === 'object' && value !== null) {
    const o = value as Record<string, unknown>;
    if (o['@id'] === id && Object.keys(o).length > 1) return o;
    for (const [k, v] of Object.entries(o)) {
      if (k === '@context') continue;
      const found = findNode(v, id);
      if (found) return found;
    }
  }
  return undefined;
}


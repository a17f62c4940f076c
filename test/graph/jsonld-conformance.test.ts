import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Quad } from '@rdfjs/types';
import { expect } from 'chai';
import { Parser } from 'n3';
import { isomorphic } from 'rdf-isomorphic';
import { projectRoot } from '../../src/config.js';
import { UnsupportedJsonLd } from '../../src/graph/context.js';
import { JsonLdReader } from '../../src/graph/tordf.js';
import { dedupeQuads } from '../../src/rdf/quads.js';

/**
 * The W3C JSON-LD 1.1 toRdf tests (test/fixtures/json-ld-api/README.md)
 * through the direct reading of tordf.ts alone, without the jsonld.js
 * fallback: a document it reads must give the expected graph; one it does
 * not handle must raise UnsupportedJsonLd, so that jsonld.js takes over; an
 * invalid one must never give a graph. The tests it cannot be given (remote
 * documents, processing options) are listed in skipped.json with the reason.
 */

const dir = path.join(projectRoot, 'test', 'fixtures', 'json-ld-api');
const file = (name: string) => readFileSync(path.join(dir, name), 'utf8');

interface Entry {
  '@id': string;
  '@type': string[];
  name: string;
  input: string;
  expect?: string;
  expectErrorCode?: string;
  option?: Record<string, unknown>;
}

const manifest = JSON.parse(file('toRdf-manifest.jsonld')) as { sequence: Entry[] };
const skipped = JSON.parse(file('skipped.json')) as Record<string, string>;

/** What the direct reading makes of a test's input: its quads, or 'unsupported'. */
function readDirectly(input: unknown): Quad[] | 'unsupported' {
  const { '@context': context, ...data } = (typeof input === 'object' && input !== null && !Array.isArray(input) ? input : {}) as Record<string, unknown>;
  const reader = new JsonLdReader(context === undefined ? {} : { '@context': context });
  try {
    return reader.direct(Array.isArray(input) ? input : data);
  } catch (error) {
    if (error instanceof UnsupportedJsonLd) return 'unsupported';
    throw error;
  }
}

/** The tests the direct reading gave a graph for (checked or not: see below). */
const read = new Set<string>();

describe('The W3C JSON-LD 1.1 toRdf tests, read by the direct conversion alone', () => {
  for (const test of manifest.sequence.filter((t) => !(t['@id'] in skipped))) {
    const negative = test['@type'].includes('jld:NegativeEvaluationTest');
    it(`${negative ? 'gives no graph for' : 'reads, or leaves to jsonld.js,'} ${test['@id'].slice(1)}: ${test.name}`, () => {
      const quads = readDirectly(JSON.parse(file(test.input)));
      if (quads === 'unsupported') return;
      read.add(test['@id']);
      expect(negative, `a graph for an invalid document (jsonld.js: ${test.expectErrorCode})`).to.equal(false);
      if (!test.expect) return; // a syntax test: reading without an error is all it asks
      const expected = new Parser({ format: 'N-Quads' }).parse(file(test.expect));
      const got = dedupeQuads(quads);
      expect(isomorphic(got, expected), `got:\n${got.map(line).join('\n')}\nexpected:\n${expected.map(line).join('\n')}`).to.equal(true);
    });
  }

  it('reads language maps and language-tagged values itself, and a good part of the rest', () => {
    // Strings in a language: by value (0004, 0005, e002), by the context's default and a term's (e018, e022);
    // language maps (e030, e035, m009).
    for (const id of ['#t0004', '#t0005', '#te002', '#te018', '#te022', '#te030', '#te035', '#tm009']) expect(read.has(id), id).to.equal(true);
    expect(read.size).to.be.at.least(55);
  });

  it('skips only tests the manifest has, each for a reason', () => {
    const ids = new Set(manifest.sequence.map((t) => t['@id']));
    for (const [id, reason] of Object.entries(skipped)) {
      expect(ids.has(id), id).to.equal(true);
      expect(reason, id).to.match(/^\w.{10,}/);
    }
  });
});

function line(q: Quad): string {
  const term = (t: Quad['object']) => (t.termType === 'Literal' ? `${JSON.stringify(t.value)}${t.language ? `@${t.language}` : `^^<${t.datatype.value}>`}` : t.termType === 'BlankNode' ? `_:${t.value}` : `<${t.value}>`);
  return `${term(q.subject)} ${term(q.predicate)} ${term(q.object)}${q.graph.termType === 'DefaultGraph' ? '' : ` ${term(q.graph as Quad['object'])}`} .`;
}

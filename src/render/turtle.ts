import type { Quad } from '@rdfjs/types';
import { Writer } from 'n3';
import { usedPrefixes } from '../rdf/prefixes.js';
import { sortQuads } from '../rdf/quads.js';
import type { DumpQuads, DumpWriter } from './dump.js';

/**
 * Turtle with the prefixes it uses. With `base`, IRIs under the site are
 * written relative to an explicit `@base`, so the text reads the same
 * whatever URL it was fetched from (`x` or `x.ttl`).
 */
export function toTurtle(quads: Iterable<Quad>, base?: string): string {
  const sorted = sortQuads(quads);
  return write(sorted, { prefixes: usedPrefixes(sorted), baseIRI: base, writeBase: base !== undefined });
}

export function toNTriples(quads: Iterable<Quad>): string {
  return write(sortQuads(quads), { format: 'N-Triples' });
}

/** The dumps' Turtle by subjects (render/dump.ts): the prefixes and `@base`, then each subject's statements. */
export function turtleDump(dataset: DumpQuads, base?: string): DumpWriter {
  // (The prefixes a set of quads uses do not depend on their order.)
  const options = { prefixes: usedPrefixes(dataset.quads), baseIRI: base, writeBase: base !== undefined };
  const head = write([], options);
  return { head, tail: '', subjects: dataset.sortedSubjects(), write: (runs) => write(runs.flat(), options).slice(head.length) };
}

/** The dumps' N-Triples by subjects: a line per triple, nothing around them; the subjects Turtle's. */
export function ntriplesDump(dataset: DumpQuads): DumpWriter {
  return { head: '', tail: '', subjects: dataset.sortedSubjects(), write: (runs) => write(runs.flat(), { format: 'N-Triples' }) };
}

/** Sorted input gives stable output, so ETags and diffs only change with the data. */
function write(sorted: Quad[], options: ConstructorParameters<typeof Writer>[0]): string {
  const writer = new Writer(options);
  writer.addQuads(sorted);
  let result = '';
  writer.end((error, output) => {
    if (error) throw error;
    result = output;
  });
  return result;
}

/**
 * Turtle for a `<script>` data block (RDF 1.1 Turtle §7,
 * "Embedding Turtle in HTML documents"): IRIs absolute, so that none is
 * written `</…>`, and inside string literals `<` and `>` as the UCHAR escapes
 * `\u003C` and `\u003E`, so that no data can write `</script` (which would
 * close the element), `<!--` or `]]>` (which would end the CDATA section
 * an XHTML reader needs). Characters XML forbids are escaped the same way.
 * Also `]` in IRIs, where `]]>` could otherwise end an IRI. The same triples.
 */
export function turtleForScript(quads: Iterable<Quad>): string {
  // Each string literal and each IRI escaped as a whole: a page's block is kilobytes, and it was built a character at a time.
  return toTurtle(quads).replace(SCRIPT_TOKEN, (token: string) => (token[0] === '"'
    ? token.replace(STRING_UNSAFE, (c) => (c[0] === '\\' ? c : uchar(c)))
    : token.replace(IRI_UNSAFE, uchar)));
}

/** A string literal (its escapes, `\\"` among them, inside it) or an IRI, from its opening quote or `<` to its end. */
const SCRIPT_TOKEN = /"(?:[^"\\]|\\[\s\S])*"?|<[^>]*>?/g;
/** In a string: an escape, left as it is, or a character a data block may not hold as it is. */
const STRING_UNSAFE = /\\[\s\S]|[<>\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
/** In an IRI, past its `<` (its `>` ends it): `]`, and what a string may not hold. */
const IRI_UNSAFE = /(?!^)[<\]\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

function uchar(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

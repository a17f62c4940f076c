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
  const text = toTurtle(quads);
  let out = '';
  let state: 'out' | 'iri' | 'string' = 'out';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (state === 'string') {
      if (c === '\\') { out += c + text[++i]; continue; }
      if (c === '"') state = 'out';
      out += SCRIPT_UNSAFE.test(c) ? uchar(c) : c;
    } else if (state === 'iri') {
      if (c === '>') { state = 'out'; out += c; continue; }
      out += c === ']' || SCRIPT_UNSAFE.test(c) ? uchar(c) : c;
    } else {
      if (c === '"') state = 'string';
      else if (c === '<') state = 'iri';
      out += c;
    }
  }
  return out;
}

const SCRIPT_UNSAFE = /^[<>\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]$/;

function uchar(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

import type { Quad } from '@rdfjs/types';
import { prefixes, rdf, xsd } from '../rdf/vocabulary.js';
import { subjectGroups, type DumpWriter } from './dump.js';

/**
 * RDF/XML (https://www.w3.org/TR/rdf-syntax-grammar/), for the tools that
 * still ask for it first (rapper, roqet, rdflib's default). A small writer in
 * the plainest form of the syntax: one `rdf:Description` per subject, one
 * property element per triple, blank nodes by `rdf:nodeID`, literals with
 * `rdf:datatype` or `xml:lang`, every IRI absolute. No npm package that is
 * kept up writes RDF/XML without a large dependency tree; this is the whole
 * of what the format needs.
 */

const RDF = prefixes.rdf;
const XSD_STRING = xsd('string');
const RDF_LANG_STRING = rdf('langString');

/** rdf: names that may not be used as property elements (RDF/XML grammar, 7.2.5 and 7.2.26). */
const FORBIDDEN_PROPERTIES = new Set(['Description', 'RDF', 'ID', 'about', 'parseType', 'resource', 'nodeID', 'datatype', 'li', 'aboutEach', 'aboutEachPrefix', 'bagID']
  .map((local) => `${RDF}${local}`));

/** Thrown for a graph RDF/XML cannot express (a predicate with no XML name, a character XML forbids). */
export class RdfXmlError extends Error {}

export function toRdfXml(quads: readonly Quad[]): string {
  const dump = rdfXmlDump(quads);
  return dump.head + dump.write(dump.subjects, true) + dump.tail;
}

/**
 * RDF/XML by subjects (render/dump.ts): the namespaces, named in order of
 * first use over every subject first, then a description per subject.
 */
export function rdfXmlDump(quads: readonly Quad[]): DumpWriter {
  const namespaces = new Map<string, string>([[RDF, 'rdf']]);
  for (const [prefix, ns] of Object.entries(prefixes)) if (!namespaces.has(ns)) namespaces.set(ns, prefix);
  const used = new Set<string>([RDF]);
  const subjects = subjectGroups(quads);
  const names = new Map<string, string>();
  for (const own of subjects) {
    for (const { predicate: { value: iri } } of own) {
      if (names.has(iri)) continue;
      if (FORBIDDEN_PROPERTIES.has(iri)) throw new RdfXmlError(`<${iri}> cannot be a property in RDF/XML`);
      const [ns, local] = splitIri(iri);
      if (!namespaces.has(ns)) namespaces.set(ns, `ns${namespaces.size}`);
      used.add(ns);
      names.set(iri, `${namespaces.get(ns)}:${local}`);
    }
  }

  const description = (own: readonly Quad[]): string => {
    const subject = own[0].subject;
    const about = subject.termType === 'BlankNode' ? `rdf:nodeID="${nodeId(subject.value)}"` : `rdf:about="${attribute(subject.value)}"`;
    let body = `  <rdf:Description ${about}>\n`;
    for (const q of own) {
      const name = names.get(q.predicate.value)!;
      const o = q.object;
      if (o.termType === 'NamedNode') body += `    <${name} rdf:resource="${attribute(o.value)}"/>\n`;
      else if (o.termType === 'BlankNode') body += `    <${name} rdf:nodeID="${nodeId(o.value)}"/>\n`;
      else if (o.termType === 'Literal') {
        let attrs = '';
        if (o.language) attrs = ` xml:lang="${attribute(o.language)}"`;
        else if (o.datatype.value !== XSD_STRING && o.datatype.value !== RDF_LANG_STRING) attrs = ` rdf:datatype="${attribute(o.datatype.value)}"`;
        body += `    <${name}${attrs}>${text(o.value)}</${name}>\n`;
      } else {
        throw new RdfXmlError(`a ${o.termType} cannot be written in RDF/XML`);
      }
    }
    return `${body}  </rdf:Description>\n`;
  };

  const declarations = [...namespaces.entries()].filter(([ns]) => used.has(ns))
    .map(([ns, prefix]) => `\n    xmlns:${prefix}="${attribute(ns)}"`).join('');
  return {
    head: `<?xml version="1.0" encoding="UTF-8"?>\n<rdf:RDF${declarations}>\n`,
    tail: '</rdf:RDF>\n',
    subjects,
    write: (runs) => runs.map(description).join(''),
  };
}

/** Namespace and local name: the longest tail of the IRI that is an XML name. */
function splitIri(iri: string): [string, string] {
  const match = /[A-Za-z_][A-Za-z0-9_.-]*$/.exec(iri);
  if (!match || match.index === 0) throw new RdfXmlError(`<${iri}> has no local name RDF/XML can write as an element`);
  return [iri.slice(0, match.index), match[0]];
}

/** rdf:nodeID must be an XML name; labels that are not get a safe spelling. */
function nodeId(label: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.-]*$/.test(label) ? label : `b_${Buffer.from(label).toString('hex')}`;
}

/** Characters XML 1.0 cannot carry at all, even as references. */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function checked(value: string): string {
  if (NOT_XML.test(value)) throw new RdfXmlError(`${JSON.stringify(value.slice(0, 40))} holds a character XML 1.0 cannot carry`);
  return value;
}

/** Element content; `\r` as a reference, or XML parsers would turn it into `\n`. */
function text(value: string): string {
  return checked(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

/** Attribute values; whitespace as references, or attribute normalisation would turn it into spaces. */
function attribute(value: string): string {
  return checked(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
    .replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

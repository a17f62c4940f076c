import type { Quad, Term } from '@rdfjs/types';
import { prefixes } from '../graph/namespaces.js';
import { compactIri, jsonForScript } from './jsonld.js';

/**
 * A minimal HTML view of one document, rendered from the document's own
 * triples (a later issue makes the real page). The JSON-LD of the same
 * document is embedded for search engines. The markup is also well-formed
 * XML, so the same bytes serve `application/xhtml+xml`.
 */

export interface HtmlLink {
  href: string;
  label: string;
  /** Media type, for `<link rel="alternate">`. */
  type?: string;
}

export interface HtmlInput {
  /** The document's URL: IRIs sharing it get in-page anchors. */
  url: string;
  title: string;
  quads: readonly Quad[];
  /** Subjects to show, in order (the root first). */
  entities: readonly string[];
  /** The document's JSON-LD, embedded as is. */
  jsonld: object;
  /** The base: IRIs under it link by path, so the page works on any host that serves the site. */
  base: string;
  /** The same document in the other formats. */
  alternates: readonly HtmlLink[];
  /** Site-wide links for the footer (home, dataset, VoID). */
  siteLinks: readonly HtmlLink[];
  stylesheet?: string;
}

const RDF_TYPE = `${prefixes.rdf}type`;
const LABELS = [`${prefixes.schema}name`, `${prefixes.foaf}name`, `${prefixes.rdfs}label`, `${prefixes.schema}headline`, `${prefixes.foaf}accountName`];

export function toHtml(input: HtmlInput): string {
  const bySubject = new Map<string, Quad[]>();
  for (const q of input.quads) {
    const key = key_(q.subject);
    const list = bySubject.get(key);
    if (list) list.push(q); else bySubject.set(key, [q]);
  }
  const basePath = new URL(input.base).pathname;
  const label = (iri: string): string | undefined => {
    for (const p of LABELS) {
      const q = bySubject.get(`<${iri}`)?.find((x) => x.predicate.value === p);
      if (q) return q.object.value;
    }
    return undefined;
  };
  const href = (iri: string): string | undefined => {
    if (iri.startsWith(input.base)) return basePath + iri.slice(input.base.length);
    return /^(https?|mailto):/i.test(iri) ? iri : undefined;
  };
  const shown = new Set<string>();

  const properties = (subject: Term, depth: number): string => {
    const key = key_(subject);
    shown.add(key);
    const rows = new Map<string, string[]>();
    for (const q of bySubject.get(key) ?? []) {
      if (q.predicate.value === RDF_TYPE) continue;
      const name = propertyLabel(q.predicate.value);
      const cell = rows.get(name) ?? [];
      cell.push(value(q.object, depth));
      rows.set(name, cell);
    }
    if (rows.size === 0) return '';
    const items = [...rows.keys()].sort().map((name) =>
      `<dt>${escape(name)}</dt>${rows.get(name)!.map((v) => `<dd>${v}</dd>`).join('')}`);
    return `<dl>${items.join('\n')}</dl>`;
  };

  const types = (subject: Term): string => {
    const names = (bySubject.get(key_(subject)) ?? []).filter((q) => q.predicate.value === RDF_TYPE).map((q) => compactIri(q.object.value)).sort();
    return names.length > 0 ? `<p class="types">${names.map(escape).join(' · ')}</p>` : '';
  };

  const value = (o: Term, depth: number): string => {
    if (o.termType === 'Literal') {
      const lang = o.language ? ` lang="${escape(o.language)}" xml:lang="${escape(o.language)}"` : '';
      return lang ? `<span${lang}>${escape(o.value)}</span>` : escape(o.value);
    }
    if (o.termType === 'BlankNode') {
      // Owned nodes (roles, addresses) read in place, once.
      if (shown.has(key_(o)) || depth > 8) return `<span class="node">${escape(`_:${o.value}`)}</span>`;
      return `<div class="node">${types(o)}${properties(o, depth + 1)}</div>`;
    }
    const link = href(o.value);
    const text = escape(label(o.value) ?? o.value);
    return link ? `<a href="${escape(link)}">${text}</a>` : text;
  };

  const sections = input.entities.filter((iri) => bySubject.has(`<${iri}`)).map((iri, i) => {
    const hash = iri.startsWith(`${input.url}#`) ? iri.slice(input.url.length + 1) : '';
    const id = hash ? ` id="${escape(hash)}"` : '';
    const heading = i === 0 ? `<h1>${escape(input.title)}</h1>` : `<h2>${escape(label(iri) ?? iri)}</h2>`;
    const subject = { termType: 'NamedNode', value: iri } as Term;
    return `<section${id}>\n${heading}\n${types(subject)}\n${properties(subject, 0)}\n</section>`;
  });

  const head = [
    '<meta charset="utf-8"/>',
    '<meta name="viewport" content="width=device-width, initial-scale=1"/>',
    `<title>${escape(input.title)}</title>`,
    input.stylesheet ? `<link rel="stylesheet" href="${escape(input.stylesheet)}"/>` : '',
    ...input.alternates.map((a) => `<link rel="alternate" type="${escape(a.type ?? '')}" href="${escape(a.href)}" title="${escape(a.label)}"/>`),
    `<script type="application/ld+json">\n${jsonForScript(input.jsonld)}\n</script>`,
  ].filter(Boolean);
  const links = (list: readonly HtmlLink[]) => list.map((a) => `<a href="${escape(a.href)}"${a.type ? ` type="${escape(a.type)}"` : ''}>${escape(a.label)}</a>`).join(' · ');
  return '<!DOCTYPE html>\n' +
    '<html xmlns="http://www.w3.org/1999/xhtml" lang="en" xml:lang="en">\n' +
    `<head>\n${head.join('\n')}\n</head>\n` +
    `<body>\n<main>\n${sections.join('\n')}\n</main>\n` +
    `<footer>\n<p>This document as ${links(input.alternates)}.</p>\n<p>${links(input.siteLinks)}</p>\n</footer>\n` +
    '</body>\n</html>\n';
}

/** `knowsAbout` → `knows about`; other vocabularies keep their prefix (`foaf:knows`). */
function propertyLabel(iri: string): string {
  const compact = compactIri(iri);
  if (compact.includes(':')) return compact;
  return compact.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}

function key_(term: Term): string {
  return term.termType === 'BlankNode' ? `_:${term.value}` : `<${term.value}`;
}

/** Text and attribute values, for HTML and XHTML alike. */
export function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
    // Characters XML forbids would make the XHTML ill-formed; HTML shows them as nothing useful either.
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD');
}

import { formats, formatsOf } from '../formats.js';
import { defaultWords, type Words } from '../labels.js';
import { prefixedName } from '../rdf/prefixes.js';
import { escape, html, phrase } from './escape.js';
import { jsonForScript } from './jsonld.js';
import { pathOf } from '../site/layout.js';

/**
 * The endpoint as a person sees it: a page with a query box, the prefixes
 * the data uses and example queries over the profile. It works without
 * JavaScript: the form and the examples are plain GET links, and a browser
 * asking for a query gets this page back with the results as a table. A
 * small script, when it runs, does the same in place (fetching SPARQL JSON).
 * Everything taken from data or requests is escaped; the markup is
 * well-formed XML, like the site's other pages.
 */

export interface Example {
  title: string;
  description: string;
  query: string;
}

export interface PageContext {
  /**
   * The endpoint's path: the form's action and the examples' links. An
   * absolute URL for an endpoint elsewhere (a SPARQL store the site points
   * at), whose answers the page then shows.
   */
  path: string;
  /** IRIs under the base link to their documents, by path. */
  base: string;
  /** Whose profile (the scholar's name), for the title. */
  title: string;
  triples: number;
  /** Prefix → namespace, of the vocabularies the data uses. */
  prefixes: Record<string, string>;
  examples: readonly Example[];
  /** This server's limits; none for a store elsewhere, which has its own. */
  limits?: { timeoutMs: number; maxRows: number; maxQueryBytes: number };
  stylesheet?: string;
  /** The words of the site's language. */
  words: Words;
}

/** SPARQL JSON results (https://www.w3.org/TR/sparql11-results-json/). */
export interface SolutionsJson {
  head: { vars?: string[] };
  results?: { bindings: Array<Record<string, JsonTerm>> };
  boolean?: boolean;
}

interface JsonTerm { type: 'uri' | 'literal' | 'bnode' | 'triple'; value: unknown; datatype?: string; 'xml:lang'?: string }

export interface PageView {
  query?: string;
  error?: { status: number; message: string };
  solutions?: SolutionsJson;
  /** A CONSTRUCT or DESCRIBE result, as Turtle. */
  graph?: string;
  /** The row cap was reached: there may be more. */
  capReached?: boolean;
}

/** Rows the page shows; the full result is there for programs, by Accept. */
const SHOWN_ROWS = 1000;

export function renderPage(context: PageContext, view: PageView = {}): string {
  const { words } = context;
  const prologue = Object.entries(context.prefixes).map(([p, ns]) => `PREFIX ${p}: <${ns}>`).join('\n');
  const query = view.query ?? context.examples[0]?.query ?? `${prologue}\n\nSELECT * WHERE { ?s ?p ?o } LIMIT 10`;
  const link = (q: string) => `${context.path}?query=${encodeURIComponent(q)}`;
  const title = words.text('sparql-title', { site: context.title });
  const language = escape(words.language);
  return '<!DOCTYPE html>\n' +
    `<html xmlns="http://www.w3.org/1999/xhtml" lang="${language}" xml:lang="${language}">\n<head>\n` +
    '<meta charset="utf-8"/>\n<meta name="viewport" content="width=device-width, initial-scale=1"/>\n' +
    `<title>${escape(title)}</title>\n` +
    (context.stylesheet ? `<link rel="stylesheet" href="${escape(context.stylesheet)}"/>\n` : '') +
    `<link rel="alternate" type="${formats.turtle.mediaType}" href="${escape(context.path)}" title="${escape(words.text('sparql-service-description'))}"/>\n` +
    `<style>${STYLE}</style>\n</head>\n<body>\n<main>\n` +
    `<h1>${escape(title)}</h1>\n` +
    `<p>${phrase(words, 'sparql-intro', { triples: String(context.triples), sparql: html`<a href="https://www.w3.org/TR/sparql11-query/">SPARQL 1.1</a>` })}</p>\n` +
    `<form id="sparql-form" method="get" action="${escape(context.path)}">\n` +
    `<p><label for="sparql-query">${escape(words.text('sparql-query'))}</label></p>\n` +
    `<textarea id="sparql-query" name="query" rows="14" cols="80" spellcheck="false">${escape(query)}</textarea>\n` +
    `<p><button type="submit">${escape(words.text('sparql-run'))}</button></p>\n</form>\n` +
    `<section id="sparql-results" aria-live="polite">${results(context, view)}</section>\n` +
    `<h2>${escape(words.text('sparql-examples'))}</h2>\n<ul class="examples">\n` +
    context.examples.map((e) => `<li><a href="${escape(link(e.query))}" data-query="${escape(e.query)}">${escape(e.title)}</a>: ${escape(e.description)}</li>`).join('\n') +
    '\n</ul>\n' +
    `<h2>${escape(words.text('sparql-prefixes'))}</h2>\n` +
    `<pre>${escape(prologue)}</pre>\n` +
    `<h2>${escape(words.text('sparql-for-programs'))}</h2>\n` +
    `<p>${phrase(words, 'sparql-protocol', {
      get: html`<code>GET ${context.path}?query=…</code>`, post: html`<code>application/sparql-query</code>`,
      results: labels(words, 'results'), graphs: labels(words, 'graph'),
    })}</p>\n` +
    `<pre>curl -H 'Accept: ${formats.csv.mediaType}' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 5' ${escape(absolute(context))}</pre>\n` +
    limitsNote(context) +
    `</main>\n<script>${script(words)}</script>\n</body>\n</html>\n`;
}

/** The formats of a kind by name: `JSON, XML, CSV or TSV`. */
function labels(words: Words, kind: 'results' | 'graph'): string {
  const names = formatsOf(kind).filter((f) => f.engine).map((f) => f.label);
  return words.text('or', { rest: names.slice(0, -1).join(words.text('list-comma')), last: names[names.length - 1] });
}

function limitsNote({ limits, path, words }: PageContext): string {
  if (!limits) return `<p>${phrase(words, 'sparql-store-limits', { endpoint: html`<code>${path}</code>` })}</p>\n`;
  const { timeoutMs, maxRows, maxQueryBytes } = limits;
  return `<p>${phrase(words, 'sparql-limits', {
    time: formatSeconds(timeoutMs), rows: String(maxRows), header: html`<code>X-SPARQL-MaxRows</code>`, bytes: String(maxQueryBytes),
  })}</p>\n`;
}

function absolute(context: PageContext): string {
  return new URL(context.path, context.base).href;
}

function results(context: PageContext, view: PageView): string {
  const { words } = context;
  if (view.error) return `<p class="error"><strong>${view.error.status}</strong> ${escape(view.error.message)}</p>`;
  if (view.graph !== undefined) return `<pre>${escape(view.graph)}</pre>`;
  const s = view.solutions;
  if (!s) return '';
  if (typeof s.boolean === 'boolean') return `<p class="answer">${escape(words.text(s.boolean ? 'sparql-yes' : 'sparql-no'))}</p>`;
  const vars = s.head.vars ?? [];
  const rows = s.results?.bindings ?? [];
  const shown = rows.slice(0, SHOWN_ROWS);
  const notes = [words.text('sparql-rows', {}, rows.length)];
  // (Only this server's own endpoint shows results, and it has limits.)
  if (view.capReached && context.limits) notes.push(words.text('sparql-capped', { rows: context.limits.maxRows }));
  if (rows.length > shown.length) notes.push(words.text('sparql-first-shown', { shown: shown.length }));
  return `<p>${escape(notes.join('; '))}.</p>\n<table>\n<thead><tr>${vars.map((v) => `<th>?${escape(v)}</th>`).join('')}</tr></thead>\n<tbody>\n` +
    shown.map((row) => `<tr>${vars.map((v) => `<td>${row[v] ? term(context, row[v]) : ''}</td>`).join('')}</tr>`).join('\n') +
    '\n</tbody>\n</table>';
}

function term(context: PageContext, t: JsonTerm): string {
  const value = typeof t.value === 'string' ? t.value : JSON.stringify(t.value);
  if (t.type === 'uri') {
    const href = value.startsWith(context.base) ? pathOf(context.base) + value.slice(context.base.length)
      : /^https?:/i.test(value) ? value : undefined;
    return href ? `<a href="${escape(href)}">${escape(value)}</a>` : escape(value);
  }
  if (t.type === 'bnode') return `_:${escape(value)}`;
  if (t.type === 'literal') {
    const lang = t['xml:lang'] ? `<small>@${escape(t['xml:lang'])}</small>` : '';
    const type = t.datatype ? `<small> ^^${escape(shorten(context, t.datatype))}</small>` : '';
    return `${escape(value)}${lang}${type}`;
  }
  return escape(value);
}

function shorten(context: PageContext, iri: string): string {
  return prefixedName(iri, context.prefixes) ?? `<${iri}>`;
}

/** A time limit as the page and error messages state it: `5 s`, `0.5 s`. */
export function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

const STYLE = '#sparql-query { width: 100%; font: 0.9rem/1.4 ui-monospace, monospace; } ' +
  'table { border-collapse: collapse; font-size: 0.9rem; } th, td { border: 1px solid #ccc; padding: 0.2rem 0.4rem; text-align: left; vertical-align: top; } ' +
  '.error { color: #b00; } pre { overflow-x: auto; }';

/**
 * Runs the form and the examples in place: POSTs the query, asks for SPARQL
 * JSON (or Turtle, for graphs), builds the table with DOM methods (so no
 * value is ever read as markup) and keeps the URL shareable (for an
 * endpoint on this origin; one elsewhere that refuses the page's origin is
 * visited with the query instead). Its words are the page's language's,
 * a count's form picked by the browser's plural rules for that language.
 * Written without `<` and `&` (the words are JSON that escapes them), so
 * the page stays well-formed XML.
 */
function script(words: Words): string {
  const said = {
    language: words.language, yes: words.text('sparql-yes'), no: words.text('sparql-no'), rows: words.countForms('sparql-rows'),
    running: words.text('sparql-running'), failed: words.template('sparql-failed'),
  };
  return `
(function () {
  var words = ${jsonForScript(said)};
  var form = document.getElementById('sparql-form');
  var box = document.getElementById('sparql-query');
  var out = document.getElementById('sparql-results');
  if (!form || !window.fetch || !window.URLSearchParams) return;
  function el(name, text) { var e = document.createElement(name); if (text !== undefined) e.textContent = text; return e; }
  function show(node) { out.replaceChildren(node); }
  function cell(t) {
    if (!t) return '';
    if (t.type === 'bnode') return '_:' + t.value;
    if (t.type !== 'literal') return String(t.value);
    return t.value + (t['xml:lang'] ? '@' + t['xml:lang'] : '') + (t.datatype ? ' ^^' + t.datatype : '');
  }
  function table(json) {
    if (typeof json.boolean === 'boolean') return el('p', json.boolean ? words.yes : words.no);
    var vars = json.head.vars || [];
    var rows = json.results.bindings;
    var t = el('table'); var head = el('tr');
    vars.forEach(function (v) { head.appendChild(el('th', '?' + v)); });
    t.appendChild(el('thead')).appendChild(head);
    var body = t.appendChild(el('tbody'));
    rows.slice(0, 1000).forEach(function (row) {
      var tr = body.appendChild(el('tr'));
      vars.forEach(function (v) { tr.appendChild(el('td', cell(row[v]))); });
    });
    var wrap = el('div');
    var count = words.rows[new Intl.PluralRules(words.language).select(rows.length)] || words.rows.other;
    wrap.appendChild(el('p', count.replace('{count}', rows.length) + '.'));
    wrap.appendChild(t);
    return wrap;
  }
  var here = form.action.indexOf(location.origin + '/') === 0;
  function run(query) {
    var url = form.action + '?query=' + encodeURIComponent(query);
    if (here) history.replaceState(null, '', url);
    show(el('p', words.running));
    fetch(form.action, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Accept': '${formats['sparql-json'].mediaType}, ${formats.turtle.mediaType};q=0.9' },
      body: new URLSearchParams({ query: query })
    }).then(function (response) {
      return response.text().then(function (text) {
        var type = response.headers.get('Content-Type') || '';
        if (!response.ok) { var p = el('p', text); p.className = 'error'; return show(p); }
        if (type.indexOf('json') !== -1) return show(table(JSON.parse(text)));
        show(el('pre', text));
      });
    }, function (error) {
      // A store elsewhere that does not answer this page's origin (no CORS): ask it directly instead.
      if (!here) { location.href = url; return; }
      show(el('p', words.failed.replace('{error}', function () { return String(error); })));
    });
  }
  form.addEventListener('submit', function (event) { event.preventDefault(); run(box.value); });
  document.querySelectorAll('a[data-query]').forEach(function (a) {
    a.addEventListener('click', function (event) {
      event.preventDefault();
      box.value = a.getAttribute('data-query');
      run(box.value);
    });
  });
})();
`;
}

/** Example queries over a profile published under `base`, about its scholar (the profile page's main entity). */
export function examples(base: string, scholar: string, words: Words = defaultWords()): Example[] {
  const scholarRef = scholar.startsWith(base) ? `<${scholar.slice(base.length)}>` : `<${scholar}>`;
  const schema = 'PREFIX schema: <http://schema.org/>';
  return [
    {
      title: words.text('example-publications'),
      description: words.text('example-publications-note'),
      query: `${schema}\n\nSELECT ?year ?title ?kind ?work WHERE {\n  VALUES ?kind { schema:ScholarlyArticle schema:Book schema:Thesis }\n` +
        '  ?work a ?kind ;\n        schema:datePublished ?date .\n  OPTIONAL { ?work schema:name ?title }\n  BIND (YEAR(?date) AS ?year)\n}\nORDER BY DESC(?year) ?title',
    },
    {
      title: words.text('example-members'),
      description: words.text('example-members-note'),
      query: `${schema}\n\nSELECT ?group ?name ?role ?since WHERE {\n  ?g schema:member ?membership ;\n     schema:name ?group .\n` +
        '  ?membership a schema:Role ;\n              schema:member ?person ;\n              schema:roleName ?role .\n' +
        '  ?person schema:name ?name .\n  OPTIONAL { ?membership schema:startDate ?since }\n' +
        '  FILTER NOT EXISTS { ?membership schema:endDate ?end }\n}\nORDER BY ?group ?role ?name',
    },
    {
      title: words.text('example-awards'),
      description: words.text('example-awards-note'),
      query: `${schema}\n\nSELECT ?date ?award ?for WHERE {\n  ?role a schema:Role ;\n        schema:award ?award .\n  FILTER isLiteral(?award)\n` +
        '  OPTIONAL { ?role schema:startDate ?date }\n' +
        '  OPTIONAL {\n    ?work schema:award ?role ;\n          schema:name ?for .\n    FILTER NOT EXISTS { ?work a schema:Person }\n  }\n}\nORDER BY DESC(?date)',
    },
    {
      title: words.text('example-describe'),
      description: words.text('example-describe-note'),
      query: `BASE <${base}>\n\nDESCRIBE ${scholarRef}`,
    },
  ];
}

import type { Words } from '../labels.js';
import { type Graph, namedNode } from '../rdf/graph.js';
import { newsOf } from '../site/news.js';
import { schema as s } from '../rdf/vocabulary.js';
import { escape } from './escape.js';
import { markdownBlock, withMath } from './markdown.js';
import { nameOf, siteNameOf } from './names.js';

/**
 * The profile's news as an Atom 1.0 feed (RFC 4287): the dated parts of
 * the profile page, newest first. Each entry's id is the news item's IRI,
 * so it stays the same across builds and hosts' caches; `updated` is the
 * item's own date, and the feed's is the newest of them, so the feed's
 * bytes change only when the news does.
 */

export interface FeedInput {
  /** The graph holding the profile page and its news (the home document's quads). */
  graph: Graph;
  base: string;
  /** Where the feed is served: its id and its rel=self link. */
  feedUrl: string;
  /** The words of the site's language. */
  words: Words;
}

export function toAtom({ graph, base, feedUrl, words }: FeedInput): string {
  const items = newsOf(graph.quads, base).map(namedNode)
    .map((n) => ({ node: n, date: graph.text(n, s('datePublished'))! }))
    .sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : a.node.value < b.node.value ? -1 : 1));
  const title = siteNameOf(graph, base, words);
  const page = graph.node(namedNode(base), s('mainEntity'));
  const author = page ? graph.label(page) : undefined;
  const updated = items.length > 0 ? timestamp(items[0].date) : '1970-01-01T00:00:00Z';
  const entries = items.map(({ node, date }) => {
    const text = graph.text(node, s('text')) ?? '';
    // Links are the entities' IRIs: under the base each dereferences to its page (hash IRIs need no redirect).
    const about = graph.nodes(node, s('about')).filter((a) => a.termType === 'NamedNode' && /^https?:/i.test(a.value));
    // A linked work's title with its math typeset, as the text above it has (the link's title attribute below keeps the TeX).
    const links = about.map((a) => `<li><a href="${escape(a.value)}">${withMath(nameOf(graph, a, words)).value}</a></li>`).join('');
    const content = `${markdownBlock(text, base).value}${links ? `<ul>${links}</ul>` : ''}`;
    return '  <entry>\n' +
      `    <id>${escape(node.value)}</id>\n` +
      `    <title>${escape(nameOf(graph, node, words))}</title>\n` +
      `    <updated>${timestamp(date)}</updated>\n` +
      `    <link rel="alternate" type="text/html" href="${escape(node.value)}"/>\n` +
      about.map((a) => `    <link rel="related" href="${escape(a.value)}" title="${escape(nameOf(graph, a, words))}"/>\n`).join('') +
      `    <content type="html">${escape(content)}</content>\n` +
      '  </entry>\n';
  });
  return '<?xml version="1.0" encoding="utf-8"?>\n' +
    '<feed xmlns="http://www.w3.org/2005/Atom">\n' +
    `  <id>${escape(feedUrl)}</id>\n` +
    `  <title>${escape(words.text('feed-title', { site: title }))}</title>\n` +
    `  <updated>${updated}</updated>\n` +
    (author ? `  <author><name>${escape(author)}</name></author>\n` : `  <author><name>${escape(title)}</name></author>\n`) +
    `  <link rel="self" type="application/atom+xml" href="${escape(feedUrl)}"/>\n` +
    `  <link rel="alternate" type="text/html" href="${escape(base)}"/>\n` +
    entries.join('') +
    '</feed>\n';
}

/** An xsd date of any precision as an RFC 3339 timestamp: `2023-01` → `2023-01-01T00:00:00Z`. */
function timestamp(date: string): string {
  const [year, month = '01', day = '01'] = date.slice(0, 10).split('-');
  return `${year}-${month}-${day}T00:00:00Z`;
}

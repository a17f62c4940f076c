import { defaultWords } from '../labels.js';
import { Graph, namedNode } from '../rdf/graph.js';
import { schema as s } from '../rdf/vocabulary.js';
import { titleOf } from './names.js';
import { entityPage } from './html/entity.js';
import { homePage } from './html/home.js';
import { listingPage } from './html/listing.js';
import { layout, type HtmlInput } from './html/page.js';
import { View } from './html/view.js';
import { defaultSettings } from '../site/settings.js';

/**
 * The HTML page of a document, rendered from the document's triples alone
 * (plus the site's URL layout), with the same document's JSON-LD embedded
 * for search engines. A ProfilePage with a main entity is the homepage
 * (html/home.ts); a CollectionPage is a listing (html/listing.ts); every
 * other document is an entity page (html/entity.ts).
 * The markup is also well-formed XML, so the same bytes serve
 * `application/xhtml+xml`.
 */

export type { HtmlInput, HtmlLink } from './html/page.js';

export function toHtml(input: HtmlInput): string {
  const g = new Graph(input.quads);
  const root = namedNode(input.entities[0] ?? input.url);
  const words = input.words ?? defaultWords();
  const title = titleOf(g, root, words);
  const siteName = input.siteName ?? title;
  const view = new View(g, input.base, input.url, siteName, words, input.images);
  const person = g.is(root, s('ProfilePage')) ? g.node(root, s('mainEntity')) : undefined;
  const content = person
    ? homePage(view, root, person, input.sections ?? defaultSettings.home, input.bibliography ?? [])
    : g.is(root, s('CollectionPage'))
      ? listingPage(view, root, title)
      : entityPage(view, input.entities, input.url, title, siteName, input.cite);
  return layout({ ...input, siteName }, title, content, words);
}

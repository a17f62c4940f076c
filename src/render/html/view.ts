import type { Literal, Term } from '@rdfjs/types';
import type { Words } from '../../labels.js';
import { type Graph, isNode, type Node, termKey } from '../../rdf/graph.js';
import { bibo, schema as s } from '../../rdf/vocabulary.js';
import { documentUrlOf } from '../../site/documents.js';
import type { ImageSize } from '../../source/images.js';
import { pathOf } from '../../site/layout.js';
import { html, join, list, type Content, type Markup } from '../escape.js';
import { withMath } from '../markdown.js';
import { kindName, kindOf, nameOf } from '../names.js';
import { dateKey, period, time } from './text.js';

/**
 * What every part of a page needs: the document's graph, the site's URL
 * layout and the words of its language. Links to IRIs under the base are
 * written as paths, so the pages work on any host that serves the site.
 */
export class View {
  readonly basePath: string;
  /**
   * What `name`, `link` and `byDateDesc` found for each node, by its key: a
   * long list (the CV's works, their authors) asks of the same nodes again
   * and again, and a sort twice per comparison.
   */
  private readonly names = new Map<string, string>();
  private readonly linked = new Map<string, Markup>();
  private readonly sortNames = new Map<string, string>();
  private readonly dateKeys = new Map<string, string>();

  constructor(readonly g: Graph, readonly base: string, readonly url: string, readonly siteName: string, readonly words: Words,
    /** The size of each image the page shows, by its URL (null: none known). */
    readonly images: Readonly<Record<string, ImageSize | null>> = {},
    /** A listed work's BibTeX, by its IRI. */
    readonly bibtex: (work: string) => string | undefined = () => undefined,
    /** How many of a work's authors a list of works shows before "and N more". */
    readonly authorsShown = Number.POSITIVE_INFINITY) {
    this.basePath = pathOf(base);
  }

  /** Where a link to an IRI goes: a path for IRIs under the base, http(s) and mailto as they are, else nowhere. */
  href(iri: string): string | undefined {
    if (iri.startsWith(this.base)) return this.basePath + iri.slice(this.base.length);
    return /^(https?|mailto):/i.test(iri) ? iri : undefined;
  }

  /**
   * A node's picture (a person's photo, a project's image): its first schema:image with a web address (`image`,
   * `url`), where the page links it, its caption, and its size when the build read one (a file of the profile), so
   * that it can be given a width and height in its own proportions.
   */
  picture(node: Node): { image: Node; url: string; src: string; caption?: string; size?: ImageSize } | undefined {
    for (const image of this.g.nodes(node, s('image'))) {
      const url = this.g.node(image, s('contentUrl'))?.value;
      if (!url || !/^https?:/i.test(url)) continue;
      return { image, url, src: this.href(url) ?? url, caption: this.g.text(image, s('caption')), size: this.images[url] ?? undefined };
    }
    return undefined;
  }

  /** The profile's own entities: those described by the homepage (`{base}`, `{base}#me`). */
  isOwner(node: Term): boolean {
    return node.termType === 'NamedNode' && documentUrlOf(node.value, this.base) === this.base;
  }

  /** A link to a node, named as `nameOf` names it; plain text where it has nowhere to go. */
  link(node: Node, text?: string): Markup {
    return text === undefined ? remembered(this.linked, node, (n) => this.linkTo(n, this.name(n), this.lang(n))) : this.linkTo(node, text, html``);
  }

  /** The link's text is shown with its math typeset (a work's title: `$L^p$ estimates`), marked with its language where it is not the page's. */
  private linkTo(node: Node, text: string, lang: Markup): Markup {
    const href = node.termType === 'NamedNode' ? this.href(node.value) : undefined;
    return href ? html`<a href="${href}"${lang}>${withMath(text)}</a>` : lang.value ? html`<span${lang}>${withMath(text)}</span>` : withMath(text);
  }

  /**
   * ` lang="ja" xml:lang="ja"` for a thing whose name is in another language than the page's: a work's title
   * where its `inLanguage` is not the site's (a screen reader reads it in that language's voice, a browser
   * picks its fonts); nothing for the rest.
   */
  lang(node: Node): Markup {
    const language = this.g.label(node) === undefined ? undefined : this.g.text(node, s('inLanguage'));
    const primary = (tag: string) => tag.toLowerCase().split('-')[0];
    return language && /^[A-Za-z]{2,3}(-[A-Za-z0-9]+)*$/.test(language) && primary(language) !== primary(this.words.language)
      ? html` lang="${language}" xml:lang="${language}"` : html``;
  }

  /**
   * What a link to a node says: its name; the profile page is the site's
   * name; an IRI the graph says nothing about (a web page) is itself.
   */
  name(node: Node): string {
    return remembered(this.names, node, (n) => this.nameOf(n));
  }

  private nameOf(node: Node): string {
    if (node.termType === 'NamedNode') {
      if (node.value === this.base && !this.g.label(node)) return this.siteName;
      // A web page elsewhere that the graph does not name (a service's homepage) is its address.
      if (!node.value.startsWith(this.base) && !this.g.label(node)) return node.value;
    }
    return nameOf(this.g, node, this.words);
  }

  /** Links to several nodes, in the order given. */
  links(nodes: readonly Node[]): Markup {
    return join(nodes.map((n) => this.link(n)));
  }

  /** "a, b and c", in the site's language. */
  list(items: readonly Content[]): Markup {
    return list(items, this.words);
  }

  /** The node's start and end dates, as a period. */
  period(node: Term): Markup | undefined {
    return period(this.g.literal(node, s('startDate')), this.g.literal(node, s('endDate')), this.g.isRole(node), this.words);
  }

  /** When a thing happened or appeared: its first date, by the precision it has. */
  when(node: Term): Literal | undefined {
    const g = this.g;
    return g.literal(node, s('datePublished')) ?? g.literal(node, s('startDate')) ?? g.literal(node, s('dateCreated'));
  }

  time(node: Term, className?: string): Markup | undefined {
    return time(this.when(node), this.words, className);
  }

  /**
   * A role read in place: the value it wraps, what it is called, its
   * period (`Rodrigo Fonseca, Advisor`; `Saarland University, PhD student, since 2019`).
   */
  role(role: Node, predicate: string, { showValue = true } = {}): Markup {
    const g = this.g;
    const value = g.node(role, predicate);
    const name = g.text(role, s('roleName'));
    return join([
      showValue && value ? this.link(value) : undefined,
      name,
      this.period(role),
    ]);
  }

  /** A postal address, one line per part, the country by name. */
  address(node: Node): Markup {
    const g = this.g;
    const line = (...parts: Array<string | undefined>) => parts.filter(Boolean).join(' ');
    const country = g.text(node, s('addressCountry'));
    const lines = [
      g.text(node, s('streetAddress')),
      line(g.text(node, s('postalCode')), g.text(node, s('addressLocality')), g.text(node, s('addressRegion'))),
      country ? this.words.region(country) : undefined,
    ].filter((l): l is string => !!l);
    return join(lines.map((l) => html`<span class="line">${l}</span>`), '');
  }

  /**
   * The authors of a work in their order: the work's bibo:authorList. Where
   * the data gives no order (no list), in a stable order: the profile's
   * owner first, then by family name (the last word of the name), then by
   * full name and IRI. Used for the byline and for `citation_author` alike.
   */
  authors(work: Node): Node[] {
    return this.ordered(work, bibo('authorList'), s('author'));
  }

  /** The editors of a work (a book), ordered as `authors` orders authors. */
  editors(work: Node): Node[] {
    return this.ordered(work, bibo('editorList'), s('editor'));
  }

  private ordered(work: Node, listPredicate: string, predicate: string): Node[] {
    const g = this.g;
    const list = g.node(work, listPredicate);
    if (list) return g.list(list).filter(isNode);
    const family = (n: Node) => (g.label(n) ?? '').trim().split(/\s+/).pop() ?? '';
    return g.nodes(work, predicate).map((a) => g.through(a, predicate)).sort((a, b) =>
      Number(this.isOwner(b)) - Number(this.isOwner(a))
      || this.words.compare(family(a), family(b))
      || this.words.compare(g.label(a) ?? '', g.label(b) ?? '')
      || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  }

  /** Author names (or the people given) with the owner's in bold, as publication lists show them; with `each`, each name in a span of that class. */
  byline(work: Node, people = this.authors(work), each?: string): Markup {
    const name = (a: Node) => (this.isOwner(a) ? html`<strong>${this.link(a)}</strong>` : this.link(a));
    return join(people.map((a) => (each ? html`<span class="${each}">${name(a)}</span>` : name(a))));
  }

  /** Newest first, then by name: the order of every dated list. */
  byDateDesc = (a: Node, b: Node): number =>
    this.dateKey(b).localeCompare(this.dateKey(a)) || this.words.compare(this.sortName(a), this.sortName(b));

  /** The sort key of the node's date (`when`): `2022-09-30`, `2022`; empty where it has none. */
  dateKey(node: Node): string {
    return remembered(this.dateKeys, node, (n) => dateKey(this.when(n)));
  }

  private sortName(node: Node): string {
    return remembered(this.sortNames, node, (n) => nameOf(this.g, n, this.words));
  }

  /** What kind of thing a node is, in the site's language: `Article`. */
  kind(node: Term): string {
    const kind = kindOf(this.g, node);
    // An article given at a conference (its venue a publication event, not a journal) is called a conference paper.
    if (kind.key === 'article' && this.g.nodes(node, s('publication')).some((v) => kindOf(this.g, v).key === 'venue')) return this.words.text('kind-conference-paper');
    return kindName(this.words, kind);
  }

  /** The node-valued values of a property, unwrapped from roles where a role wraps them. */
  values(node: Term, predicate: string): Node[] {
    return this.g.nodes(node, predicate).map((v) => this.g.through(v, predicate)).filter(isNode);
  }
}

/**
 * A node's entry in `map`, made by `make` on first asking. An IRI is its own
 * key (no IRI starts with `_:`, as a blank node's key does): a string
 * already hashed, where a key made for each look-up costs more than the
 * look-up.
 */
function remembered<T>(map: Map<string, T>, node: Node, make: (node: Node) => T): T {
  const key = node.termType === 'NamedNode' ? node.value : termKey(node);
  let value = map.get(key);
  if (value === undefined) {
    value = make(node);
    map.set(key, value);
  }
  return value;
}

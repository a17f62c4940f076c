import type { Term } from '@rdfjs/types';
import { defaultWords, WORD, type Words } from '../labels.js';
import { type Graph, type Node } from '../rdf/graph.js';
import { bibo, foaf, schema as s, voidTerm } from '../rdf/vocabulary.js';
import { mathSegment } from '../source/tex-math.js';
import { markdownWords } from './markdown.js';

/**
 * The one place that decides what to call things: a node's name (the text
 * of every link to it, and its document's title, so the two agree), its
 * kind (decided by class IRI, as a closed key that code may test) and the
 * names of properties. The words themselves are data, in the language
 * asked for (ontology/labels.ttl, read by labels.ts): each describes a type
 * or a property, never a fact of a profile.
 */

/** What a node is, as code tests it. */
export type KindKey =
  | 'profile-page' | 'article' | 'book' | 'thesis' | 'document' | 'code' | 'website' | 'journal' | 'venue' | 'series' | 'book-series'
  | 'course' | 'course-instance' | 'project' | 'university' | 'research-organization' | 'organization' | 'person'
  | 'place' | 'topic' | 'grant' | 'address' | 'account' | 'dataset-description' | 'dataset' | 'award' | 'news'
  | 'announcement' | 'work' | 'role' | 'chapter' | 'report' | 'poster' | 'slides' | 'talk' | 'research-data' | 'software'
  | 'patent' | 'identifier' | 'file' | 'other';

/** The lists things are grouped into ("mentioned in" on an entity page), in the order they are shown. */
export const groupOrder = [
  'publications', 'talks', 'theses', 'news', 'projects', 'code', 'organizations', 'people', 'teaching', 'venues', 'awards', 'funding',
] as const;

export interface Kind {
  key: KindKey;
  /** Which list it belongs in: one of `groupOrder`, another known group, or (for unknown classes) the class IRI. */
  group: string;
  /**
   * What labels.ttl names it by: its class, or for a kind no class makes (an
   * award, news), the word `kind-{key}`. A class labels.ttl does not know
   * is called by its IRI's local name.
   */
  iri: string;
}

const kind = (key: KindKey, group: string, iri: string): Kind => ({ key, group, iri });
const derived = (key: KindKey, group: string): Kind => kind(key, group, `${WORD}kind-${key}`);

/** Classes in order of precedence: a node is the first one it has. */
const kinds: Kind[] = [
  kind('profile-page', 'profile', s('ProfilePage')),
  kind('article', 'publications', s('ScholarlyArticle')),
  kind('book', 'publications', s('Book')),
  kind('thesis', 'theses', s('Thesis')),
  kind('chapter', 'publications', s('Chapter')),
  kind('report', 'publications', s('Report')),
  kind('poster', 'publications', s('Poster')),
  kind('slides', 'publications', s('PresentationDigitalDocument')),
  kind('research-data', 'publications', s('Dataset')),
  kind('software', 'publications', s('SoftwareApplication')),
  kind('patent', 'publications', bibo('Patent')),
  kind('identifier', 'identifiers', s('PropertyValue')),
  kind('file', 'files', s('MediaObject')),
  kind('document', 'documents', s('DigitalDocument')),
  kind('code', 'code', s('SoftwareSourceCode')),
  kind('website', 'websites', s('WebSite')),
  kind('journal', 'venues', s('Periodical')),
  kind('venue', 'venues', s('PublicationEvent')),
  kind('series', 'venues', s('EventSeries')),
  kind('book-series', 'venues', s('CreativeWorkSeries')),
  kind('talk', 'talks', s('Event')),
  kind('course', 'teaching', s('Course')),
  kind('course-instance', 'teaching', s('CourseInstance')),
  kind('project', 'projects', s('ResearchProject')),
  kind('university', 'organizations', s('CollegeOrUniversity')),
  kind('research-organization', 'organizations', s('ResearchOrganization')),
  kind('organization', 'organizations', s('Organization')),
  kind('person', 'people', s('Person')),
  kind('place', 'places', s('Place')),
  kind('topic', 'topics', s('DefinedTerm')),
  kind('grant', 'funding', s('MonetaryGrant')),
  kind('address', 'addresses', s('PostalAddress')),
  kind('account', 'accounts', foaf('OnlineAccount')),
  kind('dataset-description', 'descriptions', voidTerm('DatasetDescription')),
  kind('dataset', 'datasets', voidTerm('Dataset')),
];

const AWARD = derived('award', 'awards');
const NEWS = derived('news', 'news');
const ANNOUNCEMENT = derived('announcement', 'news');
const WORK = kind('work', 'works', s('CreativeWork'));
const ROLE = kind('role', 'roles', s('Role'));
const THING = kind('other', 'other', s('Thing'));

/** Kinds of work that scholarly indexes (and publication lists) count. */
export const scholarlyKinds: readonly KindKey[] = ['article', 'book', 'thesis', 'chapter', 'report'];

/**
 * What kind of thing a node is, from its types, and for the types that
 * schema.org leaves general, from the properties that say what it is: a
 * Role carrying an award's text is an award; a CreativeWork that is only
 * text is news (dated) or an announcement.
 */
export function kindOf(g: Graph, node: Term): Kind {
  const types = g.types(node);
  if (types.includes(s('Role')) && g.literal(node, s('award'))) return AWARD;
  for (const k of kinds) if (types.includes(k.iri)) return k;
  if (types.includes(s('CreativeWork'))) {
    if (g.literal(node, s('text'))) return g.literal(node, s('datePublished')) ? NEWS : ANNOUNCEMENT;
    return WORK;
  }
  if (types.includes(s('Role'))) return ROLE;
  const first = [...types].sort((a, b) => (localName(a) < localName(b) ? -1 : localName(a) > localName(b) ? 1 : 0))[0];
  return first ? kind('other', first, first) : THING;
}

/** What one of a kind is called: `Article`. */
export function kindName(words: Words, k: Kind): string {
  return words.label(k.iri) ?? sentence(localName(k.iri));
}

/** The degrees whose theses each language has its own words for (a doctorate's is no "thèse de PhD"), as they are written. */
const thesisDegrees: Array<[RegExp, string]> = [[/^(ph\.?\s?d\.?|doctorate|doctoral)$/i, 'thesis-phd'], [/^(masters?|master's)$/i, 'thesis-masters']];

/**
 * What a thesis is, with the degree it is for, in the site's language: `PhD
 * thesis`, `Dissertation`, `thèse de doctorat`; a degree with no words of its
 * own beside the kind (`Habilitation thesis`); with none, `kind` as given.
 */
export function thesisKind(words: Words, kind: string, degree: string | undefined): string {
  const known = degree === undefined ? undefined : thesisDegrees.find(([written]) => written.test(degree.trim()))?.[1];
  return known ? words.text(known) : degree ? words.text('degree-kind', { degree, kind }) : kind;
}

/** The heading of a list of things of a kind: `Publications`; for a class labels.ttl does not know, its name made plural. */
export function kindHeading(words: Words, k: Kind): string {
  return words.label(`${WORD}group-${k.group}`) ?? words.text('kind-plural', { kind: kindName(words, k) });
}

/**
 * What to call a node: its label; for a node known by what it says, the
 * start of its text (its words: the Markdown read); for an unnamed work, what it is about ("Untitled
 * article about Blueprint"); for an IRI the graph does not type, the last
 * segment of its path. Never a made-up title.
 */
export function nameOf(g: Graph, node: Node, words: Words = defaultWords()): string {
  const label = g.label(node);
  if (label) return label;
  const text = g.text(node, s('text')) ?? g.text(node, s('description'));
  if (text) return shorten(markdownWords(text), 90);
  const about = g.nodes(node, s('about')).map((a) => g.label(a)).find(Boolean);
  const kindWord = kindName(words, kindOf(g, node));
  if (about) return words.text('untitled-about', { kind: kindWord, about });
  if (node.termType === 'NamedNode' && g.types(node).length === 0) return lastSegment(node.value);
  return words.text('untitled', { kind: kindWord });
}

/**
 * The title of the document whose root is `root`: the root's name, except
 * that a page with no name of its own (the profile page) is called by its
 * main entity's name.
 */
export function titleOf(g: Graph, root: Node, words: Words = defaultWords()): string {
  if (!g.label(root)) {
    const main = g.node(root, s('mainEntity'));
    const mainLabel = main ? g.label(main) : undefined;
    if (mainLabel) return mainLabel;
  }
  return nameOf(g, root, words);
}

/** What a profile is called: the title of its page at the base, or the host it is served from. */
export function siteNameOf(g: Graph, base: string, words: Words): string {
  const page: Node = { termType: 'NamedNode', value: base, equals: (o?: Term | null) => !!o && o.value === base } as Node;
  return g.describes(page) ? titleOf(g, page, words) : new URL(base).host;
}

/** The last segment of an IRI's path (before any fragment), decoded; the host when there is none. */
function lastSegment(iri: string): string {
  try {
    const url = new URL(iri);
    const segment = url.pathname.split('/').filter(Boolean).pop();
    if (!segment) return url.host || iri;
    try {
      return decodeURIComponent(segment);
    } catch {
      return segment;
    }
  } catch {
    return localName(iri.replace(/#.*$/, '')) || iri;
  }
}

/** Text cut to at most `max` characters (code points), at a word where one is near, marked with an ellipsis. */
export function shorten(text: string, max: number): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  const chars = [...clean];
  if (chars.length <= max) return clean;
  let cut = chars.slice(0, max - 1).join('');
  // Never inside math (`$\sum_{i=1}^n …`): a segment the cut would split goes whole, and the text is cut before it.
  for (const math of clean.matchAll(mathSegment)) {
    if (math.index < cut.length && math.index + math[0].length > cut.length) { cut = cut.slice(0, math.index); break; }
  }
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,.;:–—-]+$/u, '')}…`;
}

/**
 * A property's name, as a heading or a definition term (`Authors`); where a
 * value's kind makes a better one, that: isPartOf a website is "Hosted on",
 * a journal "Published in", a talk's superEvent a venue "Given at". For a property labels.ttl does not know, its
 * local name as words.
 */
export function propertyName(words: Words, predicate: string, valueKind?: Kind): string {
  if (predicate === s('isPartOf') && valueKind?.key === 'website') return words.text('part-of-website');
  if (predicate === s('isPartOf') && valueKind?.key === 'journal') return words.text('part-of-journal');
  if (predicate === s('isPartOf') && valueKind?.key === 'book-series') return words.text('part-of-series');
  if (predicate === s('superEvent') && valueKind?.key === 'venue') return words.text('super-event-venue');
  return words.label(predicate) ?? sentence(localName(predicate));
}

/**
 * How a node X that links to the page's entity E (`X p E`) relates to it,
 * in a few words beside the link to X on E's page ("Cloud Software Systems
 * Group — part of it"); empty where the list's heading says it (a paper
 * `about` a project is listed under Publications). Roles say it with their
 * roleName instead.
 */
export function relationName(words: Words, predicate: string): string {
  return words.relation(predicate) ?? sentence(localName(predicate)).toLocaleLowerCase(words.language);
}

/** `knowsAbout` → `Knows about`. */
export function sentence(camel: string): string {
  const words = camel.replace(/[_-]+/g, ' ').replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function localName(iri: string): string {
  return iri.replace(/^.*[/#:]/, '');
}

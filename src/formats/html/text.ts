import type { Literal, Term } from '@rdfjs/types';
import { prefixes } from '../../graph/namespaces.js';
import { html, type Markup } from './escape.js';
import { foafTerm, type Graph, type Node, s } from './graph.js';

/**
 * Words for what the graph says: dates, kinds of things, property names.
 * Presentation only: every word here describes a type or a property, never
 * a fact of a profile.
 */

const XSD = prefixes.xsd;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/**
 * A date at the precision it was written: `2018` (gYear), `Sep 2022`
 * (gYearMonth), `30 Sep 2022` (date). The machine-readable value goes in
 * `<time datetime>`.
 */
export function dateText(literal: Literal): string {
  const m = DATE.exec(dateValue(literal));
  if (!m) return literal.value;
  const [, year, month, day] = m;
  const monthName = month ? MONTHS[Number(month) - 1] : undefined;
  if (month && !monthName) return literal.value;
  return [day ? String(Number(day)) : '', monthName ?? '', year].filter(Boolean).join(' ');
}

function dateValue(literal: Literal): string {
  // An xsd:dateTime reads as its day.
  return literal.datatype?.value === `${XSD}dateTime` ? literal.value.slice(0, 10) : literal.value;
}

export function time(literal: Literal | undefined): Markup | undefined {
  if (!literal) return undefined;
  const value = dateValue(literal);
  return DATE.test(value) ? html`<time datetime="${value}">${dateText(literal)}</time>` : html`${literal.value}`;
}

/**
 * Years of a role: `2018 – Sep 2022`; `since Oct 2022` while it lasts (a
 * role with no end is current); `2021` for one year. A thing that is not a
 * role (an event, a course instance) with a start only just has its date.
 */
export function period(start: Literal | undefined, end: Literal | undefined, ongoing = true): Markup | undefined {
  if (start && end) {
    if (start.value === end.value) return time(start);
    return html`${time(start)}\u2009–\u2009${time(end)}`;
  }
  if (start) return ongoing ? html`since ${time(start)}` : time(start);
  if (end) return html`until ${time(end)}`;
  return undefined;
}

/** Sort key of a date literal: later dates sort first with `byDateDesc`. */
export function dateKey(literal: Literal | undefined): string {
  return literal ? dateValue(literal) : '';
}

export interface Kind {
  /** `Article` */
  one: string;
  /** The heading of a list of them: `Publications` */
  many: string;
}

const kinds: Array<[string, Kind]> = [
  [s('ProfilePage'), { one: 'Profile page', many: 'Profile' }],
  [s('ScholarlyArticle'), { one: 'Article', many: 'Publications' }],
  [s('Book'), { one: 'Book', many: 'Publications' }],
  [s('Thesis'), { one: 'Thesis', many: 'Theses' }],
  [s('DigitalDocument'), { one: 'Document', many: 'Documents' }],
  [s('SoftwareSourceCode'), { one: 'Source code', many: 'Code' }],
  [s('WebSite'), { one: 'Website', many: 'Websites' }],
  [s('Periodical'), { one: 'Journal', many: 'Venues' }],
  [s('PublicationEvent'), { one: 'Venue', many: 'Venues' }],
  [s('EventSeries'), { one: 'Series', many: 'Venues' }],
  [s('Course'), { one: 'Course', many: 'Teaching' }],
  [s('CourseInstance'), { one: 'Course instance', many: 'Teaching' }],
  [s('ResearchProject'), { one: 'Research project', many: 'Projects' }],
  [s('CollegeOrUniversity'), { one: 'University', many: 'Organizations' }],
  [s('ResearchOrganization'), { one: 'Research organization', many: 'Organizations' }],
  [s('Organization'), { one: 'Organization', many: 'Organizations' }],
  [s('Person'), { one: 'Person', many: 'People' }],
  [s('Place'), { one: 'Place', many: 'Places' }],
  [s('DefinedTerm'), { one: 'Topic', many: 'Topics' }],
  [s('MonetaryGrant'), { one: 'Grant', many: 'Funding' }],
  [s('PostalAddress'), { one: 'Address', many: 'Addresses' }],
  [foafTerm('OnlineAccount'), { one: 'Account', many: 'Accounts' }],
  [`${prefixes.void}DatasetDescription`, { one: 'Dataset description', many: 'Descriptions' }],
  [`${prefixes.void}Dataset`, { one: 'Dataset', many: 'Datasets' }],
];

/**
 * What kind of thing a node is, from its types, and for the types that
 * schema.org leaves general, from the properties that say what it is: a
 * Role carrying an award's text is an award; a CreativeWork that is only
 * text is news (dated) or an announcement.
 */
export function kindOf(g: Graph, node: Term): Kind {
  const types = g.types(node);
  if (types.includes(s('Role')) && g.literal(node, s('award'))) return { one: 'Award', many: 'Awards' };
  for (const [type, kind] of kinds) if (types.includes(type)) return kind;
  if (types.includes(s('CreativeWork'))) {
    if (g.literal(node, s('text'))) return g.literal(node, s('datePublished')) ? { one: 'News', many: 'News' } : { one: 'Announcement', many: 'News' };
    return { one: 'Work', many: 'Works' };
  }
  if (types.includes(s('Role'))) return { one: 'Role', many: 'Roles' };
  const first = types.map(localName).sort()[0];
  if (!first) return { one: 'Thing', many: 'Things' };
  const words = sentence(first);
  return { one: words, many: `${words}s` };
}

/** Properties by their human names, as a heading or a definition term. */
const propertyNames: Record<string, string> = {
  [s('about')]: 'About',
  [s('address')]: 'Address',
  [s('affiliation')]: 'Affiliation',
  [s('alternateName')]: 'Also known as',
  [s('alumniOf')]: 'Studied at',
  [s('author')]: 'Authors',
  [s('award')]: 'Awards',
  [s('colleague')]: 'Colleagues',
  [s('contributor')]: 'Contributors',
  [s('creativeWorkStatus')]: 'Status',
  [s('dateCreated')]: 'Written',
  [s('datePublished')]: 'Published',
  [s('description')]: 'Description',
  [s('disambiguatingDescription')]: 'Research',
  [s('endDate')]: 'Until',
  [s('funder')]: 'Funded by',
  [s('funding')]: 'Funding',
  [s('hasCourseInstance')]: 'Taught',
  [s('hasPart')]: 'Parts',
  [s('inSupportOf')]: 'Degree',
  [s('instructor')]: 'Instructors',
  [s('isPartOf')]: 'Part of',
  [s('knowsAbout')]: 'Topics',
  [s('location')]: 'Location',
  [s('mainEntity')]: 'About',
  [s('member')]: 'Members',
  [s('memberOf')]: 'Member of',
  [s('mentions')]: 'Mentions',
  [s('organizer')]: 'Organizers',
  [s('parentOrganization')]: 'Part of',
  [s('provider')]: 'Offered by',
  [s('publication')]: 'Published at',
  [s('publisher')]: 'Operated by',
  [s('roleName')]: 'Role',
  [s('sourceOrganization')]: 'Institution',
  [s('startDate')]: 'Date',
  [s('subjectOf')]: 'Described in',
  [s('superEvent')]: 'Series',
  [s('text')]: 'Text',
  [s('url')]: 'Web page',
  [s('sameAs')]: 'Elsewhere',
  [s('worksFor')]: 'Works for',
  [foafTerm('account')]: 'Accounts',
  [foafTerm('accountName')]: 'Account name',
  [foafTerm('accountServiceHomepage')]: 'Hosted on',
  [foafTerm('currentProject')]: 'Current projects',
  [foafTerm('pastProject')]: 'Past projects',
};

/** A property's name; where a value's kind makes a better one, that: isPartOf a website is "Hosted on". */
export function propertyName(predicate: string, valueKind?: Kind): string {
  if (predicate === s('isPartOf') && valueKind?.one === 'Website') return 'Hosted on';
  if (predicate === s('isPartOf') && valueKind?.one === 'Journal') return 'Published in';
  return propertyNames[predicate] ?? sentence(localName(predicate));
}

/**
 * How a node X that links to the page's entity E (`X p E`) relates to it,
 * in a few words beside the link to X on E's page ("Cloud Software Systems
 * Group — part of it"); empty where the list's heading says it (a paper
 * `about` a project is listed under Publications). Roles say it with their
 * roleName instead.
 */
const relationNames: Record<string, string> = {
  [s('colleague')]: 'colleague',
  [s('affiliation')]: 'affiliated',
  [s('parentOrganization')]: 'part of it',
  [s('publication')]: 'published here',
  [s('superEvent')]: 'edition',
  [s('location')]: 'located here',
  [s('sourceOrganization')]: 'written here',
  [s('provider')]: 'offered here',
  [s('funder')]: 'funded by it',
  [s('funding')]: 'funded by it',
  [s('publisher')]: 'operated by it',
  [s('instructor')]: 'taught by them',
  [s('knowsAbout')]: 'research interest',
  [s('subjectOf')]: 'its subject',
  [s('worksFor')]: 'works here',
  [s('memberOf')]: 'member',
  [s('alumniOf')]: 'studied here',
  [s('member')]: 'member',
  [s('contributor')]: 'contributor',
  [s('organizer')]: 'organizer',
  [s('mainEntity')]: 'about them',
  [foafTerm('account')]: 'account holder',
  [foafTerm('currentProject')]: 'current project',
  [foafTerm('pastProject')]: 'past project',
};
const silent = [s('author'), s('about'), s('award'), s('hasPart'), s('mentions'), s('isPartOf'), s('hasCourseInstance'), foafTerm('accountServiceHomepage')];

export function relationName(predicate: string): string {
  if (Object.hasOwn(relationNames, predicate)) return relationNames[predicate];
  if (silent.includes(predicate)) return '';
  return sentence(localName(predicate)).toLowerCase();
}

/** `knowsAbout` → `Knows about`. */
export function sentence(camel: string): string {
  const words = camel.replace(/[_-]+/g, ' ').replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function localName(iri: string): string {
  return iri.replace(/^.*[/#:]/, '');
}

/**
 * What to call a node in a link: its label; for a node known by what it
 * says, the start of its text; for an unnamed work, what it is about
 * ("Untitled article about Blueprint"). Never a made-up title.
 */
export function nameOf(g: Graph, node: Node): string {
  const label = g.label(node);
  if (label) return label;
  const text = g.text(node, s('text')) ?? g.text(node, s('description'));
  if (text) return shorten(text, 90);
  const kind = kindOf(g, node).one;
  const about = g.nodes(node, s('about')).map((a) => g.label(a)).find(Boolean);
  if (about) return `Untitled ${kind.toLowerCase()} about ${about}`;
  if (node.termType === 'NamedNode' && g.types(node).length === 0) return localName(node.value.replace(/#.*$/, '')) || node.value;
  return `Untitled ${kind.toLowerCase()}`;
}

export function shorten(text: string, max: number): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, '')}…`;
}

const regions = new Intl.DisplayNames(['en'], { type: 'region' });

/** `DE` → `Germany`; anything that is not a two-letter region code stays as written. */
export function countryName(code: string): string {
  if (!/^[A-Z]{2}$/.test(code)) return code;
  try {
    return regions.of(code) ?? code;
  } catch {
    return code;
  }
}

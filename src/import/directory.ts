import { nameId } from '../source/ids.js';
import { compare, fold, fullness, indexKey, variantsOf, type NameVariant, type SplitName } from './names.js';

/**
 * What the profile already holds, for the importer to point at rather than
 * duplicate: its ids (unique across the profile), its people (the `person`
 * too) by name, its journals, events, event series, organisations and books
 * by name. Entries the import adds are found the same way by later entries;
 * those of an entry that is then not written are taken back (`rollback`).
 */

export type Entry = Record<string, unknown> & { id: string };

/** The collections the importer adds supporting entries to, in the order its file lists them. */
export const supportCollections = ['people', 'places', 'periodicals', 'eventSeries', 'events', 'organizations'] as const;
export type SupportCollection = (typeof supportCollections)[number];

/** A person of the profile: its id, the forms of its name, and its `name` as written. */
interface Person { id: string; variants: NameVariant[]; name?: string }

export class Directory {
  private readonly ids = new Set<string>();
  /** The collection of each entry the profile had before the import. */
  private readonly collectionOf = new Map<string, string>();
  private readonly people = new Map<string, Person[]>();
  private readonly byName = new Map<string, string>();
  /** The other names (`alternateName`: al-folio's badge) of each entry found by name, folded. */
  private readonly shortNamesOf = new Map<string, Set<string>>();
  /** The year of each event whose year is known: a conference's editions share its name. */
  private readonly editions = new Map<string, string>();
  /** Entries added by this import, per collection, in the order they were made. */
  readonly added = new Map<string, Entry[]>();
  /**
   * The books of the import's own file that no record of it is (a chapter's book, made from its booktitle), and,
   * for each a record names again, how that first record would make it now: the import brings them up to date.
   */
  ownBooks: ReadonlySet<string> = new Set();
  readonly booksAgain = new Map<string, () => Entry>();
  private log: Array<() => void> = [];
  /** The profile's people by ORCID iD. */
  private readonly orcids = new Map<string, string>();
  /** The people this import added, by the spelling they were made from. */
  private readonly made = new Map<string, string>();
  /** For each name the import meets, the fullest spelling of the same person among the new names (see `plan`). */
  private spelling = new Map<string, SplitName>();
  /** The profile's own person (`person`), whom a name that fits several people is. */
  private personId: string | undefined;
  /** The people whose family name the report has already said how to give (`noteFamilyName`), and the names it said were the person's (`noteOwnPerson`). */
  private readonly familyNoted = new Set<string>();

  /** The profile's own person (`person`), by id. */
  get ownPerson(): string | undefined {
    return this.personId;
  }

  /** `imported`: the ids of the people an earlier import added (matched only when no other person is). */
  constructor(collections: Record<string, unknown>, private readonly imported: ReadonlySet<string> = new Set()) {
    for (const [collection, value] of Object.entries(collections)) {
      const entries = collection === 'person' ? [value] : Array.isArray(value) ? value : [];
      for (const entry of entries as Array<Record<string, unknown>>) {
        if (typeof entry?.id !== 'string') continue;
        this.ids.add(entry.id);
        this.collectionOf.set(entry.id, collection);
        if (collection === 'person' || collection === 'people') {
          if (collection === 'person') this.personId = entry.id;
          this.addPerson(entry as Entry);
          if (typeof entry.orcid === 'string') this.orcids.set(entry.orcid, entry.id);
        }
        else if (collection === 'publications' ? entry.type === 'Book' : typeof entry.name === 'string') {
          const edition = collection === 'events' ? /^\d{4}/.exec(String(entry.startDate ?? ''))?.[0] : undefined;
          if (edition) this.editions.set(entry.id, edition);
          this.index(collection, entry as Entry, edition);
        }
      }
    }
    this.commit();
  }

  /** The id of the profile's person with this ORCID iD. */
  personWithOrcid(orcid: string): string | undefined {
    return this.orcids.get(orcid);
  }

  /** Whether the profile had an entry of this id before the import began. */
  hadBefore(id: string): boolean {
    return this.collectionOf.has(id);
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  /** `base`, or `base-2`, `base-3`...: the first id nothing in the profile has yet; reserved. */
  claim(base: string, fallback: string): string {
    const stem = base || fallback;
    let id = stem;
    for (let n = 2; this.ids.has(id); n++) id = `${stem}-${n}`;
    this.ids.add(id);
    this.log.push(() => this.ids.delete(id));
    return id;
  }

  /** Forget what was added since the last `commit`. */
  rollback(): void {
    for (const undo of this.log.reverse()) undo();
    this.log = [];
  }

  commit(): void {
    this.log = [];
  }

  /** What the directory has to say of the entries it made since the last `takeSaid` (undone with them by `rollback`). */
  private sayings: string[] = [];

  private said(message: string): void {
    this.sayings.push(message);
    this.log.push(() => { this.sayings.pop(); });
  }

  /** What it said of the record just converted: for the import's report. */
  takeSaid(): string[] {
    const said = this.sayings;
    this.sayings = [];
    return said;
  }

  /**
   * Before the entries are converted: the new names (those no profile
   * person has) grouped by who they are, so that "A. Lovelace" and "Ada
   * Lovelace" become one new person, spelled out as fully as any entry
   * spells her, whatever order the entries come in.
   */
  plan(names: SplitName[]): void {
    const unmatched = names.filter((n) => this.match(n).kind === 'none');
    const ranked = unmatched.map((n, i) => ({ n, i })).sort((a, b) => fullness(b.n) - fullness(a.n) || a.i - b.i).map(({ n }) => n);
    // A name joins the one spelling it fits; one that fits several is a person of its own, and so may make others fit
    // several: until nothing changes, so that the next import, which finds all of them in the profile, agrees.
    const chosen: SplitName[] = [];
    for (let changed = true; changed;) {
      changed = false;
      for (const n of ranked) {
        if (chosen.includes(n)) continue;
        const fits = chosen.filter((c) => compare(n, { split: c }));
        const rep = fits.find((c) => compare(n, { split: c }) === 'exact') ?? (fits.length === 1 ? fits[0] : undefined);
        if (rep) this.spelling.set(nameKey(n), rep);
        else {
          chosen.push(n);
          this.spelling.set(nameKey(n), n);
          changed = true;
        }
      }
    }
  }

  /** The person a name in the bibliography is: an exact match, else the only compatible one. */
  private match(name: SplitName): { kind: 'one'; id: string; among?: string[] } | { kind: 'none' } | { kind: 'ambiguous'; ids: string[] } {
    const candidates = this.people.get(indexKey(name)) ?? [];
    const fits = (imported: boolean, fit: 'exact' | 'compatible') => [...new Set(candidates
      .filter((p) => this.imported.has(p.id) === imported && p.variants.some((v) => compare(name, v) === fit)).map((p) => p.id))].sort();
    // The same spelling first, a person written by hand before one an earlier import made (which a name it found
    // ambiguous became); then initials.
    for (const [imported, fit] of [[false, 'exact'], [true, 'exact'], [false, 'compatible'], [true, 'compatible']] as const) {
      const ids = fits(imported, fit);
      if (ids.length === 1) return { kind: 'one', id: ids[0] };
      // A name that could be several people, one of them the profile's own person, is that person: the bibliography is hers.
      if (ids.length > 1 && this.personId !== undefined && ids.includes(this.personId)) return { kind: 'one', id: this.personId, among: ids };
      if (ids.length > 1) return { kind: 'ambiguous', ids };
    }
    return { kind: 'none' };
  }

  /** The one person of the profile a name is (as `person` matches it), if any: a one-field name that is a person's name or alternateName. */
  knownPerson(name: SplitName): string | undefined {
    const found = this.match(name);
    return found.kind === 'one' ? found.id : undefined;
  }

  /**
   * The id of the person a name is: one of the profile's people (matched
   * as it was before the import), else the new person the plan spells it
   * as, added once. People this import adds are not matched again, so that
   * a name becomes the same person whatever order the entries come in, and
   * on every later import.
   */
  person(name: SplitName, display: (n: SplitName) => Entry, note: (m: string) => void, fallbackId = 'person'): string {
    const found = this.match(name);
    if (found.kind === 'one') {
      if (found.among) this.noteOwnPerson(name, found.id, found.among, note);
      this.noteFamilyName(found.id, name, note);
      return found.id;
    }
    const spelled = found.kind === 'ambiguous' ? name : (this.spelling.get(nameKey(name)) ?? name);
    const key = nameKey(spelled);
    const made = this.made.get(key);
    if (made) return made;
    const entry = display(spelled);
    if (found.kind === 'ambiguous') note(`${String(entry.name)} could be any of ${found.ids.join(', ')}; added as a new person`);
    // A name with no Latin letters to make an id of (田中 美咲): the fallback, `person-{citation key}`.
    entry.id = this.claim(nameId(String(entry.name)), fallbackId);
    this.add('people', entry);
    this.made.set(key, entry.id);
    this.log.push(() => this.made.delete(key));
    return entry.id;
  }

  /**
   * A name that fits the profile's own person and other people too (a
   * person an earlier import made of her before the profile was hers): taken
   * for her, and said once per import, with the others to look at.
   */
  private noteOwnPerson(name: SplitName, id: string, among: string[], note: (m: string) => void): void {
    const key = `own|${nameKey(name)}`;
    if (this.familyNoted.has(key)) return;
    this.familyNoted.add(key);
    this.log.push(() => this.familyNoted.delete(key));
    const others = among.filter((other) => other !== id);
    const written = (this.people.get(indexKey(name)) ?? []).find((p) => p.id === id)?.name ?? [...name.given, ...name.family].join(' ');
    note(`${written} could be any of ${among.join(', ')}: taken for ${id}, the profile's own person; if ${others.join(' and ')} ${others.length > 1 ? 'are' : 'is'} ${id} too, remove ${others.length > 1 ? 'them' : 'it'} (lodfolio validate names what still points at ${others.length > 1 ? 'them' : 'it'})`);
  }

  /**
   * A person of the profile written with a name alone ("Ana García Núñez")
   * whom the bibliography gives a family name of several words ("García
   * Núñez, Ana"): citations would take the last word for her family name
   * (Núñez, A. G.), so the report says how to give it, once per person,
   * in the profile's own spelling: a .bib's "A." is no given name.
   */
  private noteFamilyName(id: string, name: SplitName, note: (m: string) => void): void {
    if (name.family.length < 2 || this.familyNoted.has(id)) return;
    const person = (this.people.get(indexKey(name)) ?? []).find((p) => p.id === id);
    if (!person?.name || person.variants.some((v) => 'split' in v)) return;
    // Matched word for word: the name's last words are the family name the .bib gives.
    const words = person.name.trim().split(/\s+/);
    if (words.length <= name.family.length) return;
    const givenName = words.slice(0, -name.family.length).join(' ');
    const familyName = words.slice(-name.family.length).join(' ');
    this.familyNoted.add(id);
    this.log.push(() => this.familyNoted.delete(id));
    note(`${id}'s family name is "${familyName}" here, but the profile gives ${id} a name alone, whose last word citations take for the family name: add givenName: ${givenName} and familyName: ${familyName} to ${id}`);
  }

  /**
   * The id of the entry of `collection` named `name` (case and accents
   * aside), of the `edition` (an event's year) if given, or of the one whose
   * id is `preferredId` (`sosp-2021` for "Proceedings of ... (SOSP '21)"),
   * adding `make(id)` when there is none. An edition found by its name that
   * has short names (al-folio's badge), none of them `shortName`, is
   * another meeting of that year: a society's spring and autumn conferences
   * share their proceedings' name (KIPS and ACK).
   */
  named(collection: SupportCollection | 'publications', name: string, make: (id: string) => Entry, preferredId?: string, edition?: number, shortName?: string): string {
    const key = `${collection}:${fold(name)}`;
    const plain = this.byName.get(key);
    let found = edition === undefined ? plain : this.byName.get(`${key}|${edition}`) ?? (plain && !this.editions.has(plain) ? plain : undefined);
    if (found && edition !== undefined && shortName !== undefined && (this.shortNamesOf.get(found)?.size ?? 0) > 0 && !this.hasShortName(found, shortName)) {
      found = this.byName.get(`${key}|${edition}#${fold(shortName)}`);
    }
    const known = found ?? (preferredId && this.collectionOf.get(preferredId) === collection ? preferredId : undefined);
    if (known && collection === 'publications' && this.ownBooks.has(known) && !this.booksAgain.has(known)) this.booksAgain.set(known, () => make(known));
    if (known) return known;
    const base = preferredId || nameId(name);
    const kind = collection === 'publications' ? 'book' : collection.replace(/s$/, '');
    const entry = make(this.claim(base, edition === undefined ? kind : `${kind}-${edition}`));
    // No Latin letters to make an id of (言語研究): the import says which id it got, for the scholar to rename.
    if (!base) this.said(`${name} has no Latin letters to make an id of (lodfolio has no transliteration): its id is ${entry.id} in ${collection}.yaml; rename it there (and where the profile names it) to one that says what it is: later imports find it by its name`);
    this.index(collection, { ...entry, name }, edition === undefined ? undefined : String(edition));
    if (edition !== undefined) {
      this.editions.set(entry.id, String(edition));
      this.log.push(() => this.editions.delete(entry.id));
    }
    this.add(collection, entry);
    return entry.id;
  }

  /** Whether `name` (case and accents aside) is one of the other names (`alternateName`) of the entry `id`: its badge. */
  hasShortName(id: string, name: string): boolean {
    return this.shortNamesOf.get(id)?.has(fold(name)) ?? false;
  }

  /** An entry found by its name and each of its other names (`alternateName`), and by them with its edition. */
  private index(collection: string, entry: Entry, edition: string | undefined): void {
    const shortNames = this.shortNamesOf.get(entry.id) ?? new Set<string>();
    this.shortNamesOf.set(entry.id, shortNames);
    const others = (Array.isArray(entry.alternateName) ? entry.alternateName : [entry.alternateName]).filter((n): n is string => typeof n === 'string');
    for (const n of others) {
      if (shortNames.has(fold(n))) continue;
      shortNames.add(fold(n));
      this.log.push(() => shortNames.delete(fold(n)));
    }
    for (const n of [entry.name, ...others]) {
      if (typeof n !== 'string') continue;
      const editionKeys = edition ? [`|${edition}`, ...[...shortNames].map((short) => `|${edition}#${short}`)] : [];
      for (const key of [`${collection}:${fold(n)}`, ...editionKeys.map((k) => `${collection}:${fold(n)}${k}`)]) {
        if (this.byName.has(key)) continue;
        this.byName.set(key, entry.id);
        this.log.push(() => this.byName.delete(key));
      }
    }
  }

  private add(collection: string, entry: Entry): void {
    const list = this.added.get(collection) ?? [];
    this.added.set(collection, list);
    list.push(entry);
    this.log.push(() => list.splice(list.indexOf(entry), 1));
  }

  private addPerson(entry: Entry): void {
    const variants = variantsOf(entry as Parameters<typeof variantsOf>[0]);
    // A person an import made is split as the bibliography split them: "A. John Hart" of family "John Hart" is not "Hart, A. John".
    const split = this.imported.has(entry.id) ? variants.filter((v) => 'split' in v) : [];
    const person: Person = { id: entry.id, variants: split.length > 0 ? split : variants, ...(typeof entry.name === 'string' ? { name: entry.name } : {}) };
    for (const key of new Set(person.variants.map(indexKey))) {
      const list = this.people.get(key) ?? [];
      this.people.set(key, list);
      list.push(person);
      this.log.push(() => list.splice(list.indexOf(person), 1));
    }
  }
}

function nameKey(n: SplitName): string {
  return `${n.given.join(' ')}|${n.family.join(' ')}`;
}

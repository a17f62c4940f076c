import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Parser } from 'n3';
import { ontologyDir } from './config.js';
import { prefixes } from './rdf/vocabulary.js';

/**
 * Every word a page shows, as data: ontology/labels.ttl gives each class and
 * property IRI its name (`rdfs:label`) and other forms, and each word of the
 * interface (a heading, a button, a sentence with `{placeholders}`) a stable
 * key, in each language it is written in. This module reads them; a `Words`
 * is one language's view of them, where a word missing in that language is
 * the English one. labels.ttl is no part of the published graph.
 */

/** Interface words are IRIs in this namespace: the key `cite` is `word:cite`. */
export const WORD = 'urn:lodfolio:words#';
/** The forms a word has besides its `rdfs:label`. */
const FORM = 'urn:lodfolio:labels#';
const LABEL = `${prefixes.rdfs}label`;

/** The language every word is written in: the one a missing translation falls back to. */
export const FALLBACK_LANGUAGE = 'en';

/**
 * BibTeX's names of languages (babel's and polyglossia's, biblatex's
 * `langid`), with the BCP 47 tag of each: the import reads them, the BibTeX
 * export writes the first name of a tag (`ngerman` for `de`, as Better
 * BibTeX does).
 */
export const bibtexLanguages: ReadonlyArray<readonly [name: string, tag: string]> = [
  ['english', 'en'], ['american', 'en'], ['british', 'en'], ['ngerman', 'de'], ['german', 'de'], ['french', 'fr'],
  ['spanish', 'es'], ['italian', 'it'], ['portuguese', 'pt'], ['brazilian', 'pt-BR'], ['dutch', 'nl'], ['swedish', 'sv'],
  ['norwegian', 'no'], ['danish', 'da'], ['finnish', 'fi'], ['polish', 'pl'], ['russian', 'ru'], ['greek', 'el'],
  ['japanese', 'ja'], ['chinese', 'zh'], ['korean', 'ko'], ['turkish', 'tr'], ['czech', 'cs'],
];

/**
 * `rdfs:label` is the word itself (for a count, its plural: CLDR's `other`);
 * `one`, `two`, `few`, `many` and `zero` are its forms for counts the
 * language's plural rules put in those categories (Intl.PluralRules);
 * `relation` is, for a property, how a thing that links by it relates to
 * what it links to, beside the link ("part of it"; empty where the list's
 * heading says it).
 */
const FORMS = ['label', 'relation', 'zero', 'one', 'two', 'few', 'many'] as const;
type Form = typeof FORMS[number];

/** Subject (an IRI) → form → language → text: plain data, so that it crosses to a render thread as it is. */
export type LabelTable = Record<string, Partial<Record<Form, Record<string, string>>>>;

/** A word's text, split at its placeholders: `Untitled {kind:lower}` → `Untitled `, `{name: 'kind', lower: true}`. */
export type Part = string | { name: string; lower: boolean };

/** A text that begins with a vowel letter (no h or y: before a name, French writes both "de Hugo" and "de Yann"). */
const VOWEL = /^[aeiouàâäæéèêëîïôöœùûü]/iu;

const PLACEHOLDER = /\{([A-Za-z]+)(?::(lower))?\}/g;

/** A profile's own words: a file of this name in its folder, of the same form as ontology/labels.ttl. */
export const PROFILE_LABELS_FILE = 'labels.ttl';

/** A problem of a words file, at its line where it has one. */
export interface LabelProblem { file: string; line?: number; message: string }

/**
 * Reads ontology/labels.ttl. A word must be language-tagged, in a form this
 * module knows, once per language; a translation must have the placeholders
 * its English has. Problems are reported with the file and line.
 */
export function loadLabels(dir = ontologyDir): LabelTable {
  const file = path.join(dir, 'labels.ttl');
  const { table, problems } = readLabels(file, readFileSync(file, 'utf8'));
  if (problems.length > 0) throw new Error(problems.map(problemText).join('\n'));
  return table;
}

/** `file:line: message`. */
export function problemText({ file, line, message }: LabelProblem): string {
  return `${file}${line === undefined ? '' : `:${line}`}: ${message}`;
}

/**
 * The built-in words with a profile's own over them (`PROFILE_LABELS_FILE` in its folder; the built-in ones
 * alone where it has none): each word of the profile's file, in its language, replaces the built-in one or
 * adds it (a new language is words in one more tag). The file is read and checked as ontology/labels.ttl is,
 * a translation's placeholders against the English, the profile's own or the built-in one.
 */
export function profileLabels(dataDir: string, builtIn: LabelTable, shown = path.join(dataDir, PROFILE_LABELS_FILE)): { table: LabelTable; problems: LabelProblem[] } {
  let text: string;
  try {
    text = readFileSync(path.join(dataDir, PROFILE_LABELS_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { table: builtIn, problems: [] };
    throw error;
  }
  return readLabels(shown, text, builtIn);
}

/**
 * A words file's table (over `under`'s words, when given: the table of both, this file's words winning), and
 * every problem found, each at its line.
 */
function readLabels(file: string, text: string, under?: LabelTable): { table: LabelTable; problems: LabelProblem[] } {
  const problems: LabelProblem[] = [];
  const lineOf = (value?: string): number | undefined => {
    const at = value === undefined ? -1 : text.indexOf(`"${value}"`);
    return at < 0 ? undefined : text.slice(0, at).split('\n').length;
  };
  const problem = (value: string | undefined, message: string) => problems.push({ file, line: lineOf(value), message });
  let quads;
  try {
    quads = new Parser().parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const line = /line (\d+)/.exec(message)?.[1];
    return { table: under ?? {}, problems: [{ file, ...(line ? { line: Number(line) } : {}), message }] };
  }
  const own: LabelTable = {};
  for (const q of quads) {
    const { subject, predicate, object } = q;
    const form = predicate.value === LABEL ? 'label' : predicate.value.startsWith(FORM) ? predicate.value.slice(FORM.length) as Form : undefined;
    if (subject.termType !== 'NamedNode' || !form || !FORMS.includes(form)) {
      problem(object.value, `<${subject.value}> <${predicate.value}>: not a word (an IRI's rdfs:label, or one of the forms ${FORMS.slice(1).join(', ')})`);
      continue;
    }
    if (object.termType !== 'Literal' || !object.language) { problem(object.value, `"${object.value}": a word needs its language tag ("…"@en)`); continue; }
    const languages = (own[subject.value] ??= {})[form] ??= {};
    if (languages[object.language] !== undefined) {
      problem(object.value, `<${subject.value}> has two ${form === 'label' ? 'labels' : `${form} forms`} in ${object.language}`);
      continue;
    }
    languages[object.language] = object.value;
  }
  const table = under ? withWords(under, own) : own;
  // Checked where this file wrote: each of its words against the English it falls back to.
  for (const [subject, forms] of Object.entries(own)) {
    for (const [form, written] of Object.entries(forms) as [Form, Record<string, string>][]) {
      const english = table[subject][form]![FALLBACK_LANGUAGE];
      if (english === undefined) {
        problem(Object.values(written)[0], `<${subject}> has no English (@${FALLBACK_LANGUAGE}), which every other language falls back to`);
        continue;
      }
      for (const [language, value] of Object.entries(table[subject][form]!)) {
        if (placeholders(value) !== placeholders(english) && (written[language] !== undefined || written[FALLBACK_LANGUAGE] !== undefined)) {
          problem(written[language] ?? english, `"${value}"@${language} has the placeholders {${placeholders(value)}}, its English {${placeholders(english)}}`);
        }
      }
    }
  }
  return { table, problems: problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)) };
}

/** The words of `under` with those of `over` over them, each in its language (neither table changed). */
export function withWords(under: LabelTable, over: LabelTable): LabelTable {
  const table: LabelTable = { ...under };
  for (const [subject, forms] of Object.entries(over)) {
    const merged = table[subject] = { ...table[subject] };
    for (const [form, languages] of Object.entries(forms) as [Form, Record<string, string>][]) merged[form] = { ...merged[form], ...languages };
  }
  return table;
}

/** The words of `table` that `builtIn` has not, or has otherwise: a profile's own (what a built site keeps of them). */
export function ownWords(table: LabelTable, builtIn: LabelTable): LabelTable {
  const own: LabelTable = {};
  for (const [subject, forms] of Object.entries(table)) {
    for (const [form, languages] of Object.entries(forms) as [Form, Record<string, string>][]) {
      for (const [language, text] of Object.entries(languages)) {
        if (builtIn[subject]?.[form]?.[language] !== text) ((own[subject] ??= {})[form] ??= {})[language] = text;
      }
    }
  }
  return own;
}

/**
 * A profile's labels.ttl to start a translation from (`lodfolio words LANG`): every word, each form this
 * language has (its plural categories), with its English above it as a comment and its text in the language
 * where it has one; a word it has none of commented out, its English in its place, to translate and uncomment.
 * The file is valid as it is, and says nothing a profile's words do not say already.
 */
export function translationFile(table: LabelTable, language: string): string {
  const prefixed: Array<[string, string]> = [['rdfs', prefixes.rdfs], ['form', FORM], ['word', WORD], ['schema', prefixes.schema], ['foaf', prefixes.foaf], ['bibo', prefixes.bibo], ['void', prefixes.void]];
  const name = (iri: string) => {
    const found = prefixed.find(([, ns]) => iri.startsWith(ns) && /^[A-Za-z][\w-]*$/.test(iri.slice(ns.length)));
    return found ? `${found[0]}:${iri.slice(found[1].length)}` : `<${iri}>`;
  };
  const quoted = (text: string) => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
  const categories: readonly string[] = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
  const lines = [
    `# The words of the site in "${language}", to translate: each word's English above it; a line still commented`,
    '# out has no text in this language yet (its English stands in its place). Keep every {placeholder}.',
    ...prefixed.map(([prefix, ns]) => `@prefix ${prefix}: <${ns}> .`),
  ];
  for (const [subject, forms] of Object.entries(table)) {
    for (const form of FORMS) {
      const english = forms[form]?.[FALLBACK_LANGUAGE];
      // A count's form the language has no plural category for is none of its words (Japanese: `other` alone).
      if (english === undefined || (form !== 'label' && form !== 'relation' && !categories.includes(form))) continue;
      const text = forms[form]![language];
      const line = `${name(subject)} ${form === 'label' ? 'rdfs:label' : `form:${form}`} ${quoted(text ?? english)}@${language} .`;
      lines.push('', `# ${quoted(english)}`, text === undefined ? `# ${line}` : line);
    }
  }
  return `${lines.join('\n')}\n`;
}

function placeholders(text: string): string {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]))].sort().join(', ');
}

let projectWords: Words | undefined;

/** The languages a table has words in, English first. */
export function languagesOf(table: LabelTable): string[] {
  const languages = new Set<string>([FALLBACK_LANGUAGE]);
  for (const forms of Object.values(table)) for (const texts of Object.values(forms)) for (const language of Object.keys(texts ?? {})) languages.add(language);
  return [...languages];
}

/** The English words of the project's ontology/, read once: for callers that name no language (tests, one-off pages). */
export function defaultWords(): Words {
  return projectWords ??= new Words(loadLabels(), FALLBACK_LANGUAGE);
}

/** The words of one language. */
export class Words {
  private readonly parsed = new Map<string, Part[]>();
  private readonly plurals: Intl.PluralRules;
  private readonly collator: Intl.Collator;
  private months: string[] | undefined;
  private regions: Intl.DisplayNames | undefined;
  private languages: Intl.DisplayNames | undefined;
  private elisions: Map<string, string> | undefined;

  constructor(readonly table: LabelTable, readonly language: string) {
    this.plurals = new Intl.PluralRules(language);
    this.collator = new Intl.Collator(language);
  }

  /**
   * What an IRI is called in this language: a class's name (`Article`), a
   * property's (`Authors`); with a count, the form the count takes (`Award`
   * for one). Undefined for an IRI labels.ttl does not name.
   */
  label(iri: string, count?: number): string | undefined {
    return this.lookup(iri, this.category(count));
  }

  /** How a thing that links by a property relates to what it links to: `part of it`; empty where a heading says it. */
  relation(iri: string): string | undefined {
    return this.lookup(iri, undefined, 'relation');
  }

  /**
   * An interface word's forms for counts, by the plural category this
   * language's rules (Intl.PluralRules) give a count: for a page's script,
   * which picks one by the same rules.
   */
  countForms(key: string): Record<string, string> {
    return Object.fromEntries(this.plurals.resolvedOptions().pluralCategories.map((c) => [c, this.template(key, c)]));
  }

  /** Whether the labels have an interface word of this key (in any language). */
  has(key: string): boolean {
    return this.table[`${WORD}${key}`] !== undefined;
  }

  /** The word `key` where there is one (a status, a style, an HTTP status's title), else `otherwise`, as the data says it. */
  textOr(key: string, otherwise: string): string {
    return this.has(key) ? this.text(key) : otherwise;
  }

  /** An interface word, its placeholders filled; with a count, in the form the count takes (the count fills `{count}`). */
  text(key: string, values: Record<string, string | number> = {}, count?: number): string {
    const filled: Record<string, string | number> = { ...(count === undefined ? {} : { count }), ...values };
    const parts = this.parts(key, count);
    const texts = parts.map((p) => (typeof p === 'string' ? p : this.fill(p, String(filled[p.name] ?? ''))));
    return texts.map((t, i) => (typeof parts[i] === 'string' && i + 1 < texts.length ? this.elide(t, texts[i + 1]) : t)).join('');
  }

  /**
   * A word's text before a value, its last word shortened where this
   * language shortens it before a vowel (`word:elisions`: French "de" before
   * "Élise Martin" is "d’"); as it is otherwise.
   */
  elide(text: string, following: string): string {
    this.elisions ??= new Map(this.template('elisions').split(',').map((pair) => pair.trim().split(/\s+/)).filter((pair) => pair.length === 2) as [string, string][]);
    if (this.elisions.size === 0 || !VOWEL.test(following)) return text;
    const last = /(^|\s)(\S+) $/.exec(text);
    const short = last ? this.elisions.get(last[2]) : undefined;
    return short === undefined ? text : text.slice(0, last!.index + last![1].length) + short;
  }

  /** An interface word split at its placeholders, for callers that fill them with markup. */
  parts(key: string, count?: number): Part[] {
    const template = this.template(key, this.category(count));
    let parts = this.parsed.get(template);
    if (!parts) {
      parts = [];
      let last = 0;
      for (const m of template.matchAll(PLACEHOLDER)) {
        if (m.index > last) parts.push(template.slice(last, m.index));
        parts.push({ name: m[1], lower: m[2] === 'lower' });
        last = m.index + m[0].length;
      }
      if (last < template.length) parts.push(template.slice(last));
      this.parsed.set(template, parts);
    }
    return parts;
  }

  /** A placeholder's value, as the placeholder asks for it (`{kind:lower}`: in lower case, by this language's rules). */
  fill(part: Exclude<Part, string>, value: string): string {
    return part.lower ? value.toLocaleLowerCase(this.language) : value;
  }

  /**
   * A date at the precision it was written (`2018`, `2022-09`,
   * `2022-09-30`) as people read it: the month named by Intl as in a date, the order
   * by the words `date-month` and `date-day` (`30 Sep 2022`); a month that
   * is none as written. Undefined for what is no such date.
   */
  date(value: string): string | undefined {
    const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value);
    if (!m) return undefined;
    const [, year, month, day] = m;
    if (!month) return year;
    this.months ??= monthsInADate(this.language);
    const name = this.months[Number(month) - 1];
    if (!name) return value;
    return day ? this.text('date-day', { day: String(Number(day)), month: name, year }) : this.text('date-month', { month: name, year });
  }

  /** `DE` → `Germany`, by Intl in this language; anything that is not a two-letter region code stays as written. */
  region(code: string): string {
    if (!/^[A-Z]{2}$/.test(code)) return code;
    this.regions ??= new Intl.DisplayNames([this.language], { type: 'region' });
    try {
      return this.regions.of(code) ?? code;
    } catch {
      return code;
    }
  }

  /** A language by its BCP 47 tag (`de`, `pt-BR`), named in this language ("German", "Deutsch"); a tag Intl does not know, as it is. */
  languageName(tag: string): string {
    this.languages ??= new Intl.DisplayNames([this.language], { type: 'language' });
    try {
      return this.languages.of(tag) ?? tag;
    } catch {
      return tag;
    }
  }

  /** Text in this language's alphabetical order. */
  compare = (a: string, b: string): number => this.collator.compare(a, b);

  /** An interface word as written, its placeholders unfilled (in a plural category, its form for it): for a page's script to fill. */
  template(key: string, category?: Intl.LDMLPluralRule): string {
    const template = this.lookup(`${WORD}${key}`, category);
    if (template === undefined) throw new Error(`ontology/labels.ttl has no word "${key}" (word:${key})`);
    return template;
  }

  private category(count: number | undefined): Intl.LDMLPluralRule | undefined {
    return count === undefined ? undefined : this.plurals.select(count);
  }

  /** A form of a subject in this language, else in English; in a plural category, that form where there is one, else its label. */
  private lookup(subject: string, category: Intl.LDMLPluralRule | undefined, form: Form = 'label'): string | undefined {
    const forms = this.table[subject];
    if (!forms) return undefined;
    const counted = category && category !== 'other' ? forms[category] : undefined;
    return counted?.[this.language] ?? forms[form]?.[this.language] ?? counted?.[FALLBACK_LANGUAGE] ?? forms[form]?.[FALLBACK_LANGUAGE];
  }
}

/**
 * Each month's short name as a date names it (German "1. März 2022", "Sept."), not as it stands alone in a
 * calendar ("Mär", "Sep"). Where the date writes the month as a number, with its counter after it (Japanese
 * "2000年4月1日", Korean "4월"), the name is the number and its counter ("4月"): the month alone, "4", is no name.
 */
export function monthsInADate(language: string): string[] {
  const format = new Intl.DateTimeFormat(language, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  return Array.from({ length: 12 }, (_, i) => {
    const parts = format.formatToParts(Date.UTC(2000, i, 1));
    const at = parts.findIndex((p) => p.type === 'month');
    if (at < 0) return '';
    const month = parts[at].value;
    const counter = parts[at + 1]?.type === 'literal' ? parts[at + 1].value.trim() : '';
    return /^\d+$/.test(month) && /^\p{L}+$/u.test(counter) ? month + counter : month;
  });
}

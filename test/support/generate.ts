/**
 * Generated profiles of any size, for tests and benchmarks that need more
 * data than the fixtures hold. Everything is invented, deterministic for a
 * given seed, and valid against ontology/profile.schema.json and the shapes.
 *
 *   node --import tsx test/support/generate.ts OUT_DIR --papers 200 [--people N] [--seed S] [--math]
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';

export interface GenerateOptions {
  papers: number;
  /** Other people (co-authors); default max(12, papers / 2). At least 7, so eight-author papers fit. */
  people?: number;
  seed?: number;
  /** TeX math in every paper's title (`$L^p$ …`), some of it alike across titles, as a mathematician's are; the rest unchanged. */
  math?: boolean;
}

/** mulberry32: a small seeded PRNG, so a seed always gives the same profile. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  return { next, int, pick: <T>(list: readonly T[]): T => list[int(0, list.length - 1)] };
}

const FIRST = ['Zoë', 'José', 'Øyvind', 'Chloé', 'Anna', 'Jürgen', 'Ngozi', 'İlkay', 'Þórunn', 'Mateus', 'Priya', 'Liam',
  'Hana', 'Björn', 'Maëlle', 'Tomáš', 'Kofi', 'Ana', 'Wei', 'Łucja', 'Søren', 'Émile', 'Aroha'];
const LAST = ['Núñez', 'Ødegård', 'Dubois', 'Smith', 'Müller', 'Adébáyọ̀', 'Çağlar', 'Guðmundsdóttir', 'Gonçalves', 'Iyer',
  'Nakamura', 'Åberg', 'Le Gall', 'Novák', 'Mensah', 'García', 'Chen', 'Wójcik', 'Kristensen', 'Ngata'];
/** Names in other scripts, with a Latin transliteration: [native, Latin]. */
const NATIVE: [string, string][] = [['王晓燕', 'Wang Xiaoyan'], ['山田花子', 'Yamada Hanako'], ['Σοφία Καραγιάννη', 'Sofia Karagianni'],
  ['Иван Петров', 'Ivan Petrov'], ['김민지', 'Kim Minji']];
const SERIES = ['CoMo', 'LoReLaP', 'TyPo', 'MoLT', 'NoLaTe', 'ÉLAN', 'WiLD', 'CoLiNo'];
const ADJ = ['Cross-Lingual', 'Unsupervised', 'Byte-Level', 'Few-Shot', 'Typologically Informed', 'Robust', 'Multilingual', 'Tonal'];
const NOUN = ['Morphological Segmentation', 'Tokenisation', 'Lemmatisation', 'Tone Restoration', 'Transliteration', 'Parsing'];
/** Math of titles (`math`): segments common to many, and one made for each title, as a field's notation and a paper's own. */
const MATH = ['$L^p$', '$\\bar\\partial$', '\\(\\mathbb{Z}_2\\)', '$H^1(\\Omega)$', '$\\mathcal{O}(n \\log n)$', '$$\\sum_{k=1}^\\infty \\frac{1}{k^2} = \\frac{\\pi^2}{6}$$'];
const LANG = ['Sámi', 'Võro', 'Yorùbá', 'Māori', 'Inuktitut', 'Basque', 'Quechua', 'Kölsch', 'Faroese', 'Tigrinya'];

/** An id from a name: diacritics and special letters folded to ASCII; empty for other scripts. */
function slug(name: string): string {
  const folded = name.replace(/[øØ]/g, 'o').replace(/[łŁ]/g, 'l').replace(/[þÞ]/g, 'th').replace(/[ðÐđ]/g, 'd')
    .replace(/ß/g, 'ss').replace(/[æÆ]/g, 'ae').replace(/ı/g, 'i');
  return folded.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/** A date of varying precision within a year: 2019, 2019-06 or 2019-06-14. */
function date(r: ReturnType<typeof prng>, year: number): number | string {
  const month = String(r.int(1, 12)).padStart(2, '0');
  const precision = r.int(0, 2);
  return precision === 0 ? year : precision === 1 ? `${year}-${month}` : `${year}-${month}-${String(r.int(1, 28)).padStart(2, '0')}`;
}

/** The collections of a generated profile, as plain data (keyed by file name). */
export function generateProfile(options: GenerateOptions): Record<string, Record<string, unknown>> {
  const r = prng(options.seed ?? 1);
  const papers = Math.max(0, Math.floor(options.papers));
  const nPeople = Math.max(7, Math.floor(options.people ?? Math.max(12, papers / 2)));
  const me = 'zoe-generated';

  const organizations = [
    { id: 'bergvik-university', type: 'CollegeOrUniversity', name: 'Bergvik University', alternateName: 'Universitetet i Bergvik' },
    { id: 'bergvik-language-technology', type: 'ResearchOrganization', name: 'Department of Language Technology',
      parentOrganization: 'bergvik-university', location: 'bergvik' },
    { id: 'universite-de-valmont', type: 'CollegeOrUniversity', name: 'Université de Valmont' },
    { id: 'lindqvist-centre', type: 'ResearchOrganization', name: 'Lindqvist Centre for Speech and Language' },
  ];
  const places = [{ id: 'bergvik', name: 'Bergvik, Norway', address: { addressLocality: 'Bergvik', addressCountry: 'NO' } }];

  const people = Array.from({ length: nPeople }, (_, i) => {
    // Every seventh person is named in another script (half of them with the script as the main name).
    const [native, latin] = i % 7 === 3 ? r.pick(NATIVE) : [undefined, `${r.pick(FIRST)} ${r.pick(LAST)}`];
    const [name, alternateName] = native && i % 2 === 0 ? [native, latin] : [latin, native];
    const entry: Record<string, unknown> = { id: `${slug(latin)}-${i + 1}`, name };
    if (alternateName) entry.alternateName = alternateName;
    if (i % 5 === 0) entry.affiliations = [r.pick(organizations).id];
    return entry;
  });

  const nProjects = Math.max(1, Math.ceil(papers / 25));
  const projects = Array.from({ length: nProjects }, (_, i) => ({
    id: `project-${i + 1}`,
    name: `${r.pick(ADJ)} ${r.pick(NOUN)} ${i + 1}`,
    description: `A generated research project on ${r.pick(NOUN).toLowerCase()} for ${r.pick(LANG)} and related languages.`,
  }));

  const events = new Map<string, Record<string, unknown>>();
  const publications = Array.from({ length: papers }, (_, i) => {
    const year = r.int(2000, 2024);
    const series = r.pick(SERIES);
    const event = `${slug(series)}-${year}`;
    if (!events.has(event)) events.set(event, { id: event, name: `${series} ${year}`, series: slug(series), startDate: year });
    const count = Math.min(r.int(3, 8), nPeople + 1);
    const authors = new Set<string>();
    while (authors.size < count - 1) authors.add(String(r.pick(people).id));
    const list = [...authors];
    list.splice(r.int(0, list.length), 0, me); // the scholar, anywhere in the list
    const paper: Record<string, unknown> = {
      id: `paper-${i + 1}`,
      name: `${r.pick(ADJ)} ${r.pick(NOUN)} for ${r.pick(LANG)}${options.math ? ` with ${MATH[i % MATH.length]} and $x_{${i + 1}}^2$` : ''}`,
      authors: list,
      venue: event,
      datePublished: date(r, year),
    };
    if (r.next() < 0.4) paper.about = [r.pick(projects).id];
    return paper;
  });

  const person = {
    id: me,
    name: 'Zoë Generated-Ångström',
    alternateName: 'Ζωή',
    summary: 'A generated scholar who works on the morphology of low-resource languages.',
    positions: [
      { organization: 'bergvik-language-technology', roleName: 'Associate professor', startDate: 2016 },
      { organization: 'lindqvist-centre', roleName: 'Postdoc', startDate: 2010, endDate: 2015 },
    ],
    education: [{ organization: 'universite-de-valmont', roleName: 'PhD student', startDate: 2005, endDate: 2010 }],
    colleagues: people.slice(0, Math.min(5, people.length)).map((p) => p.id),
    currentProjects: projects.slice(0, 1).map((p) => p.id),
    ...(projects.length > 1 ? { pastProjects: projects.slice(1).map((p) => p.id) } : {}),
  };

  const news = publications.slice(0, Math.min(4, papers)).map((p, i) => ({
    id: `news-${i + 1}`,
    date: `${String(p.datePublished).slice(0, 4)}-0${i + 1}`,
    text: `Our paper "${String(p.name)}" appears at ${String(events.get(String(p.venue))?.name)}.`,
    about: [p.id],
  }));

  return {
    'person.yaml': { person },
    'people.yaml': { people, organizations, places },
    'works.yaml': {
      publications,
      events: [...events.values()],
      eventSeries: SERIES.filter((s) => [...events.values()].some((e) => e.series === slug(s))).map((s) => ({ id: slug(s), name: s })),
      projects,
    },
    ...(news.length > 0 ? { 'news.yaml': { news } } : {}),
  };
}

/** Writes a generated profile as YAML files into `dir` (created if missing; use a fresh folder). */
export async function writeGeneratedProfile(dir: string, options: GenerateOptions): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const [file, collections] of Object.entries(generateProfile(options))) {
    const header = `# Generated by test/support/generate.ts (papers: ${options.papers}, seed: ${options.seed ?? 1}); fictional.\n`;
    await writeFile(path.join(dir, file), header + stringify(collections, { lineWidth: 0 }));
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { papers: { type: 'string', default: '50' }, people: { type: 'string' }, seed: { type: 'string', default: '1' }, math: { type: 'boolean', default: false } },
  });
  const numbers = [values.papers, values.people ?? '0', values.seed].map(Number);
  if (positionals.length !== 1 || !numbers.every((n) => Number.isInteger(n) && n >= 0)) {
    process.stderr.write('usage: node --import tsx test/support/generate.ts OUT_DIR [--papers N] [--people N] [--seed S] [--math]\n');
    process.exitCode = 2;
  } else {
    const people = values.people === undefined ? undefined : Number(values.people);
    await writeGeneratedProfile(positionals[0], { papers: Number(values.papers), people, seed: Number(values.seed), math: values.math });
  }
}

import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import rdf from './rdf/factory.js';
import type { ValidateFunction } from 'ajv';
import { alignmentOfPart, applyAlignment, readAlignment, type Alignment } from './graph/align.js';
import { ShapeChecker } from './graph/shacl.js';
import { expandShorthands } from './graph/shorthands.js';
import { JsonLdReader, KeptEntries } from './graph/tordf.js';
import { dedupeIssues, InvalidProfileError, type Issue } from './issues.js';
import { ontologyDir, STYLE_FILE } from './config.js';
import { type LabelTable, languagesOf, loadLabels, PROFILE_LABELS_FILE, profileLabels } from './labels.js';
import { Graph } from './rdf/graph.js';
import { sortQuads } from './rdf/quads.js';
import { loadOntology, type Ontology } from './ontology.js';
import { displayPath, loadSiteSource, loadSource, type Source } from './source/load.js';
import type { SourceMemory } from './source/memory.js';
import { locate } from './source/locate.js';
import { FILES_FOLDER, resolveLocalFiles, urlFields } from './source/files.js';
import { imageSize, type ImageSize } from './source/images.js';
import { checkPeriods } from './source/periods.js';
import { resolveIds, type Origin, type Resolved } from './source/resolve.js';
import { checkSchema, compileSchema } from './source/schema.js';

/** One version of the published data: the graph and where each entity came from. */
export interface Profile {
  /** In the quads' sort order (rdf/quads.ts), which the site and every output follow. */
  graph: Graph;
  /** Entity IRI → the data file and line that defines it. */
  origins: Map<string, Origin>;
  base: string;
  /** What the owner chose about the pages (the profile's site.yaml, valid against ontology/site.schema.json). */
  site?: SiteFile;
  /** The profile's own stylesheet (style.css), added after the built-in one. */
  style?: string;
  /** The profile's own files (its files/ folder), which the site serves and a build copies. */
  files?: ProfileFile[];
  /** The words its pages show: ontology/labels.ttl's, with the profile's own labels.ttl over them (labels.ts `profileLabels`). */
  labels?: LabelTable;
}

/** A file of the profile's files/ folder. */
export interface ProfileFile {
  /** As a URL field names it: `files/me.jpg`, `files/talks/slides.pdf`. */
  path: string;
  bytes: Buffer;
  /** An image's size in pixels, read from its header. */
  size?: ImageSize;
}

/** The settings of site.yaml that may name a file of the profile (`files/NAME`). */
const SITE_FILE_FIELDS: ReadonlySet<string> = new Set(['cvPdf']);

/** A profile's site.yaml as written: every setting optional (ontology/site.schema.json says what each is). */
export interface SiteFile {
  language?: string;
  accentColor?: string;
  theme?: 'light' | 'dark' | 'auto';
  sections?: string[];
  navigation?: string[];
  footer?: string;
  /** The CV as a PDF: `files/NAME.pdf` (its URL on the site once read) or a URL. */
  cvPdf?: string;
  citationStyle?: string;
  publicationsOnHome?: number;
  authorsShown?: number;
  pageSize?: number;
}

export interface BuildOptions {
  /** Called as each phase starts: 'reading', 'checking', 'building graph', 'checking shapes' (for a progress display). */
  onPhase?: (phase: BuildPhase) => void;
  /**
   * What a resident build keeps of the YAML it read before (source/memory.ts);
   * given, the builder also keeps each top-level entry's quads and what the
   * alignment adds to them, for the next such build (graph/tordf.ts `KeptEntries`).
   */
  sources?: SourceMemory;
  /**
   * A resident build's (build --watch): check the shapes where the graph
   * changed since the last one of this builder's builds so flagged that
   * conformed, and the whole graph when that finds a violation or cannot
   * tell (graph/shacl.ts `checkSinceLast`).
   */
  sinceLast?: boolean;
}

export type BuildPhase = 'reading' | 'checking' | 'building graph' | 'checking shapes';

/**
 * The pipeline from a profile folder to a validated graph: load the YAML,
 * check it against the JSON Schema (and that no period ends before it
 * starts), resolve ids into IRIs, expand the
 * shorthand fields (a DOI, ordered authors), read it as RDF
 * through the JSON-LD context, add the FOAF alignment, check the SHACL
 * shapes. Built once per ontology; `build` runs once per data version and
 * either returns a complete, valid profile or throws InvalidProfileError
 * with every problem found. Files are read here and nowhere below.
 */
export class ProfileBuilder {
  private readonly validate: ValidateFunction;
  private readonly validateSite: ValidateFunction;
  private readonly urlFields: Set<string>;
  private readonly alignment: Alignment;
  private readonly shapes: ShapeChecker;
  private readonly reader: JsonLdReader;
  /** The entries of the last resident build's graph (`BuildOptions.sources`). */
  private readonly entries: KeptEntries;

  constructor(readonly ontology: Ontology) {
    this.validate = compileSchema(ontology.schema);
    this.validateSite = compileSchema(ontology.siteSchema);
    this.urlFields = urlFields(ontology.schema);
    this.alignment = readAlignment(ontology.alignment);
    this.shapes = new ShapeChecker(rdf.dataset(ontology.shapes));
    this.reader = new JsonLdReader(ontology.context);
    this.entries = new KeptEntries((quads) => alignmentOfPart(quads, this.alignment));
  }

  static async create(dir = ontologyDir): Promise<ProfileBuilder> {
    return new ProfileBuilder(await loadOntology(dir));
  }

  async build(dataDir: string, base: string, options: BuildOptions = {}): Promise<Profile> {
    const phase = options.onPhase ?? (() => {});
    const { graph, origins, site, files, labels } = await this.graphOf(dataDir, base, phase, options.sources);
    phase('checking shapes');
    const shapeIssues = await (options.sinceLast ? this.shapes.checkSinceLast(graph, origins) : this.shapes.check(graph, origins));
    if (shapeIssues.length > 0) throw new InvalidProfileError(shapeIssues);
    const style = await readIfThere(path.join(dataDir, STYLE_FILE));
    // Sorted once here, so the site slices this very index rather than a second one beside it.
    return { graph: Graph.distinct(sortQuads(graph)), origins, base, site, files, labels, ...(style === undefined ? {} : { style }) };
  }

  /** The graph, before its shapes are checked; the data it is read from is garbage once this returns. */
  private async graphOf(dataDir: string, base: string, phase: (name: BuildPhase) => void, sources?: SourceMemory): Promise<Pick<Profile, 'graph' | 'origins' | 'site' | 'files' | 'labels'>> {
    const { data, origins, site, files, labels } = await this.read(dataDir, base, phase, sources);
    phase('building graph');
    expandShorthands(data, this.ontology.shorthands);
    const document = { id: base, ...data };
    const { quads, derived } = sources ? await this.reader.toQuadsKeeping(document, this.entries) : { quads: await this.reader.toQuads(document), derived: undefined };
    const graph = new Graph(quads);
    if (derived) for (const q of derived) graph.add(q);
    else applyAlignment(graph, this.alignment);
    return { graph, origins, site, files, labels };
  }

  /**
   * Layer 1: the files read and checked, ids resolved. The YAML syntax trees
   * (kept for locating problems) are left behind here, once every entity's
   * origin is known: on a large profile they outweigh the graph (unless
   * `sources` keeps them for the next build).
   */
  private async read(dataDir: string, base: string, phase: (name: BuildPhase) => void, sources?: SourceMemory): Promise<Resolved & { site: SiteFile; files: ProfileFile[]; labels: LabelTable }> {
    phase('reading');
    const [source, siteSource, files] = await Promise.all([loadSource(dataDir, sources), loadSiteSource(dataDir), readProfileFiles(dataDir)]);
    phase('checking');
    const schemaIssues = checkSchema(this.validate, source);
    const periodIssues = checkPeriods(source);
    // The words: the built-in ones and the profile's own labels.ttl, checked as the data is.
    const words = profileLabels(dataDir, loadLabels(this.ontology.dir), displayPath(path.join(dataDir, PROFILE_LABELS_FILE)));
    const labelIssues: Issue[] = words.problems.map(({ file, line, message }) => ({ file, ...(line === undefined ? {} : { line }), message }));
    const siteIssues = siteSource ? this.checkSite(siteSource, words.table) : [];
    const present = new Set(files.map((f) => f.path));
    // site.yaml's cvPdf names a file of the profile as a URL field does.
    const fileIssues = [...resolveLocalFiles(source, this.urlFields, present, base), ...(siteSource ? resolveLocalFiles(siteSource, SITE_FILE_FIELDS, present, base) : [])];
    const resolved = resolveIds(source, this.ontology.iris, this.ontology.referenceKeys, base);
    // Reference problems are only worth reporting on data of the right shape.
    const issues = [...schemaIssues, ...periodIssues, ...labelIssues, ...siteIssues, ...fileIssues, ...resolved.issues];
    if (issues.length > 0) throw new InvalidProfileError(dedupeIssues(issues));
    return { ...resolved, site: (siteSource?.data ?? {}) as SiteFile, files, labels: words.table };
  }

  /** site.yaml against its schema, in a language the words are written in, linking only to sections it shows. */
  private checkSite(source: Source, labels: LabelTable): Issue[] {
    const issues = checkSchema(this.validateSite, source, 'setting');
    const site = source.data as SiteFile;
    const fine = (field: string) => ![...source.reported].some((p) => p === field || p.startsWith(`${field}[`));
    const languages = languagesOf(labels);
    if (typeof site.language === 'string' && fine('language') && !languages.includes(site.language)) {
      issues.push({ ...locate(source, ['language']), message: `has no words in ontology/labels.ttl nor the profile's ${PROFILE_LABELS_FILE} (got "${site.language}"; the languages are ${languages.join(', ')})` });
    }
    if (Array.isArray(site.sections) && Array.isArray(site.navigation) && fine('sections') && fine('navigation')) {
      site.navigation.forEach((id, i) => {
        if (!site.sections!.includes(id)) {
          issues.push({ ...locate(source, ['navigation', i]), message: `links to a section the homepage does not show (got "${id}"; add it to \`sections\`)` });
        }
      });
    }
    return issues;
  }
}

/** When the published data last changed: the newest file among the folders (data and ontology). */
export async function lastModifiedOf(dirs: readonly string[]): Promise<Date> {
  let newest = 0;
  for (const dir of dirs) {
    for (const name of await readdir(dir)) {
      const info = await stat(path.join(dir, name));
      if (info.isFile()) newest = Math.max(newest, info.mtimeMs);
    }
  }
  // HTTP dates have whole seconds; so do the comparisons made with them.
  return new Date(Math.floor((newest || Date.now()) / 1000) * 1000);
}

/**
 * Every file under the profile's files/ folder (none when there is no such
 * folder), with an image's size. Hidden files and symbolic links are left
 * out: a link could lead anywhere on the machine that builds the site.
 */
async function readProfileFiles(dataDir: string): Promise<ProfileFile[]> {
  const files: ProfileFile[] = [];
  const walk = async (folder: string, segments: string[]): Promise<void> => {
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && segments.length === 1) return;
      throw error;
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (entry.name.startsWith('.') || entry.isSymbolicLink()) continue;
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) await walk(full, [...segments, entry.name]);
      else if (entry.isFile()) {
        const bytes = await readFile(full);
        const size = imageSize(bytes);
        files.push({ path: [...segments, entry.name].join('/'), bytes, ...(size ? { size } : {}) });
      }
    }
  };
  await walk(path.join(dataDir, FILES_FOLDER), [FILES_FOLDER]);
  return files;
}

/** A file's text, or undefined where there is none. */
async function readIfThere(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

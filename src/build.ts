import { ontologyDir, publicDir as defaultPublicDir } from './config.js';
import { documentFormats, formats, type DocumentFormat } from './formats.js';
import { UserDirMemory, userDirFiles } from './deploy/htaccess.js';
import { luaModule } from './deploy/lua.js';
import { njsModule } from './deploy/njs.js';
import { documentErrorFormats, ErrorAnswers, HttpError } from './http/answer.js';
import type { Representations } from './publish/representations.js';
import { lastModifiedOf, ProfileBuilder, type Profile } from './pipeline.js';
import { revisionsOf } from './history.js';
import { BuildMemory } from './publish/build-memory.js';
import { ontologyDigest } from './publish/build-record.js';
import { DumpMemory } from './publish/dump-parts.js';
import { writeSite, type ExportSummary } from './publish/export.js';
import { defaultMementoFormats, type MementoFormats } from './publish/mementos.js';
import { publishProfile } from './publish/profile-site.js';
import { SiteMemory } from './site/memory.js';
import { SourceMemory } from './source/memory.js';

/**
 * `lodfolio build`: the profile, validated, written out as a static site
 * (publish/export.ts has the layout). Nothing is written unless the whole
 * profile is valid, and a failed build leaves the previous site untouched.
 */
export interface StaticBuildOptions {
  dataDir: string;
  base: string;
  out: string;
  /** A SPARQL endpoint elsewhere (a store `lodfolio push` loads) for VoID and the pages to point at. */
  sparqlEndpoint?: string;
  publicDir?: string;
  lastModified?: Date;
  builder?: ProfileBuilder;
  warn?: (message: string) => void;
  /** How many threads render documents (default: one per core; none for a small site). */
  threads?: number;
  /** Told each phase and, while writing, how far it has got. */
  onProgress?: (phase: string, done?: number, total?: number) => void;
  /** The formats to write every document in (default: all), the dumps among them; HTML is always written. */
  formats?: readonly DocumentFormat[];
  /** Whether to write .gz and .br copies beside the files and a .gz of each dump (default: yes). */
  precompress?: boolean;
  /** The formats of the past versions' mementos, for a profile kept in git (default: HTML and Turtle), or none. */
  mementos?: MementoFormats | false;
  /** What a resident build remembers of the build it published last (`ResidentBuild`). */
  memory?: BuildMemory;
  /** What a resident build remembers of the YAML it read last (`ResidentBuild`). */
  sources?: SourceMemory;
  /** What a resident build remembers of the ~user files it made last (`ResidentBuild`). */
  userDirMemory?: UserDirMemory;
  /** What a resident build remembers of the dumps it wrote last (`ResidentBuild`). */
  dumpMemory?: DumpMemory;
  /** What a resident build remembers of the site's representations it made last (`ResidentBuild`; with `memory`). */
  siteMemory?: SiteMemory;
}

export interface StaticBuild extends ExportSummary {
  triples: number;
  ms: number;
  /** The profile's own files (files/), copied into the site: each one's path and size in bytes. */
  profileFiles: Array<{ path: string; bytes: number }>;
}

export async function buildStatic(options: StaticBuildOptions): Promise<StaticBuild> {
  const started = performance.now();
  const progress = options.onProgress ?? (() => {});
  const builder = options.builder ?? await ProfileBuilder.create();
  let profile: Profile | undefined = await builder.build(options.dataDir, options.base, {
    onPhase: (phase) => progress(phase), sources: options.sources, sinceLast: options.memory !== undefined,
  });
  const profileFiles = (profile.files ?? []).map((f) => ({ path: f.path, bytes: f.bytes.length }));
  progress('slicing the documents');
  const publicDir = options.publicDir ?? defaultPublicDir;
  const { site, representations } = await publishProfile(profile, {
    lastModified: options.lastModified ?? await lastModifiedOf([options.dataDir, ontologyDir]),
    sparqlEndpoint: options.sparqlEndpoint,
    publicDir,
    warn: options.warn,
    // A site is a homepage first: the pages answer browsers, */* and a request with no Accept, and the error pages are HTML.
    formats: options.formats && documentFormats.filter((f) => f === 'html' || options.formats!.includes(f)),
    memory: options.memory && options.siteMemory && { site: options.siteMemory, changes: options.memory.changes(profile.graph) },
  });
  // The site holds what it needs of the graph; the pipeline's own index (a third of the memory at 1M triples) can go.
  profile = undefined;
  // The dataset's, as the dumps hold them (the profile's and the listing pages').
  const triples = site.dataset.slice().length;
  // A profile kept in git: its past versions, built as `serve` builds them, give the mementos.
  const revisions = options.mementos === false ? undefined : await revisionsOf(options.dataDir);
  const summary = await writeSite(representations, options.out, {
    resident: options.memory && { memory: options.memory, graph: site.graph, dumps: options.dumpMemory },
    base: options.base,
    sparqlEndpoint: options.sparqlEndpoint,
    extraFiles: errorPages(representations, site.formats),
    // A .htaccess and a type map beside each document: the site negotiates in a ~user folder of Apache as it is;
    // and the negotiation modules nginx's njs and Apache's mod_lua run.
    serverFiles: (manifest, written, madeFrom) => [
      ...userDirFiles(manifest, written, options.userDirMemory && { memory: options.userDirMemory, madeFrom }), njsModule(), luaModule(),
    ],
    threads: options.threads,
    precompress: options.precompress,
    onProgress: (done, total) => progress('writing', done, total),
    mementos: revisions?.length ? {
      revisions, formats: options.mementos || defaultMementoFormats, dataDir: options.dataDir, base: options.base, builder, publicDir,
      warn: options.warn ?? (() => {}), onProgress: (done, total) => progress('past versions', done, total),
    } : undefined,
  });
  // Published: what the site's representations were made with is what the next build may take.
  options.siteMemory?.published();
  return { ...summary, triples, profileFiles, ms: Math.round(performance.now() - started) };
}

/**
 * `lodfolio build --watch`: one process building the site again after each
 * change, keeping between builds what the next can use: the ontology
 * compiled (schema, shapes, context) with what the shapes read of the last
 * graph that conformed (graph/shape-reach.ts), its render threads, what it
 * remembers of the build it published (publish/build-memory.ts) and of
 * the site's representations it made (site/memory.ts), the YAML
 * it read, parsed (source/memory.ts), and the type maps and typed links of
 * the ~user files it made last (deploy/htaccess.ts). A change
 * to the ontology or the citation styles starts afresh. Each build is
 * `buildStatic`'s, with its guarantees: the same bytes as a build from
 * scratch, and the site replaced only by a complete, valid build.
 */
export class ResidentBuild {
  private builder: ProfileBuilder | undefined;
  private memory = new BuildMemory();
  private readonly sources = new SourceMemory();
  private readonly userDirMemory = new UserDirMemory();
  private dumpMemory = new DumpMemory();
  private siteMemory = new SiteMemory();
  /** The ontology and the styles the builder was made with (`ontologyDigest`). */
  private ontology: string | undefined;

  constructor(private readonly options: Omit<StaticBuildOptions, 'builder' | 'memory' | 'sources' | 'userDirMemory' | 'dumpMemory' | 'siteMemory'>) {}

  async build(): Promise<StaticBuild> {
    const ontology = ontologyDigest();
    if (this.builder === undefined || ontology !== this.ontology) {
      this.builder = await ProfileBuilder.create();
      await this.memory.close();
      this.memory = new BuildMemory();
      this.dumpMemory = new DumpMemory();
      this.siteMemory = new SiteMemory();
      this.ontology = ontology;
    }
    return buildStatic({
      ...this.options, builder: this.builder, memory: this.memory, sources: this.sources, userDirMemory: this.userDirMemory,
      dumpMemory: this.dumpMemory, siteMemory: this.siteMemory,
    });
  }

  /** Lets the render threads it keeps go. */
  close(): Promise<void> {
    return this.memory.close();
  }
}

/**
 * The pages a web server sends for a path with no document (404) and for a
 * document in none of the formats asked for (406, naming the formats built), as `lodfolio serve` words
 * them; and `.nojekyll`, without which GitHub Pages drops `.well-known/`.
 */
function errorPages({ home, words, frame }: Representations, built: readonly DocumentFormat[]): Array<{ name: string; bytes: Buffer }> {
  const errors = new ErrorAnswers(documentErrorFormats(home, words, frame), []);
  const html = (error: HttpError) => errors.answer(error, formats.html.mediaType, undefined).body;
  const suffixes = built.map((f) => `.${formats[f].suffix}`).join(', ');
  return [
    { name: '404.html', bytes: html(new HttpError(404, words.text('error-not-found'))) },
    { name: '406.html', bytes: html(new HttpError(406, words.text('error-not-acceptable', { suffixes }))) },
    { name: '.nojekyll', bytes: Buffer.alloc(0) },
  ];
}

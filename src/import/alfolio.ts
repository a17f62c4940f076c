import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import emoji from 'markdown-it-emoji/lib/data/full.mjs';
import type { Converted } from './convert.js';
import { localFile, type LocalCopy, type LocalFile } from './files.js';
import { slug } from './names.js';
import { ImportError, importWorks, projectKey, readState, type ImportOptions, type ImportReport, type Skip, type SourceRecord } from './importer.js';

/**
 * `lodfolio import al-folio SITE`: an al-folio (Jekyll) site's news and
 * projects, as entries of the profile's own `al-folio.yaml`. Each Markdown
 * file of `_news/` is a news item (its front matter's `date`; a post with a
 * page of its own, `inline: false`, gives its title and text as one item),
 * each of `_projects/` a project (`title`, `description`, `redirect` as its
 * URL, `img` as its image, copied from the site's assets/ into the
 * profile's files/ as `import bibtex` copies a .bib's PDFs). The text is the file's Markdown with what only Jekyll reads made
 * into what the profile's Markdown reads (`profileMarkdown`): said, where it
 * cannot be. A site's publications are its `_bibliography/papers.bib`, for
 * `import bibtex`. Imported again, it updates what changed, as every import.
 */

export const alFolioFiles = { importFile: 'al-folio.yaml', stateFile: 'al-folio-import.json' };

/** The front matter fields the import reads; any other is named as not imported. */
const newsFields = new Set(['layout', 'date', 'inline', 'title', 'show', 'related_posts']);
const projectFields = new Set(['layout', 'title', 'description', 'redirect', 'img']);

export async function importAlFolio(options: ImportOptions & { site: string }): Promise<ImportReport> {
  options.onProgress?.('reading the al-folio site');
  const { site } = options;
  if (!(await isFolder(site))) throw new ImportError(`${site} is no folder; give the al-folio site's folder (the one with _config.yml); nothing was written`);
  const news = await markdownFiles(site, '_news');
  const projects = await markdownFiles(site, '_projects');
  if (news.length === 0 && projects.length === 0) {
    throw new ImportError(`${site} has no _news/ or _projects/ with Markdown files: is it an al-folio site? (Its publications: lodfolio import bibtex ${path.join(site, '_bibliography', 'papers.bib')}); nothing was written`);
  }
  const problems: Skip[] = [];
  const records: SourceRecord[] = [];
  const { files: copied } = await readState(options.dir, alFolioFiles.stateFile);
  const claimed = new Map<string, string>();
  const pages = pageLinks(options);
  // Projects first: a news item's link to a project's page of the old site finds the project it became (`pageLink`).
  for (const file of [...projects, ...news]) {
    const key = path.relative(site, file).split(path.sep).join('/');
    const page = frontMatter(await readFile(file, 'utf8'));
    if ('problem' in page) {
      problems.push({ key, line: page.line, reason: page.problem });
      continue;
    }
    // The files of the site's assets/ its text links to, copied into the profile's files/ as the .bib's PDFs are.
    const texts = [page.body, page.fields.title, page.fields.description].filter((t): t is string => typeof t === 'string');
    const linked = await assetFiles(texts, site, options, copied, claimed);
    if (key.startsWith('_news/')) records.push(newsRecord(key, page, linked, pages));
    else records.push(projectRecord(key, page, linked, pages, await pictureOf(page.fields.img, site, options, copied, claimed)));
  }
  return importWorks({
    ...alFolioFiles, noun: 'the al-folio page', records, problems, complete: true, origin: path.basename(path.resolve(site)),
    header: ` News and projects imported by \`lodfolio import al-folio\` from an al-folio site's _news/ and _projects/.
 Edit freely: an entry you change is left alone by later imports (unless --force);
 ${alFolioFiles.stateFile} remembers which entry came from which page. Check with: lodfolio validate`,
  }, options);
}

/** A page: its front matter's fields, its text after it, and the line the text starts at. */
interface Page { fields: Record<string, unknown>; body: string; bodyLine: number }

/** A Jekyll page's front matter (YAML between `---` lines at its top) and text. */
export function frontMatter(text: string): Page | { problem: string; line: number } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[0]?.trimEnd() !== '---') return { problem: 'has no front matter (a --- line at its top)', line: 1 };
  const end = lines.findIndex((l, i) => i > 0 && /^(---|\.\.\.)\s*$/.test(l));
  if (end < 0) return { problem: 'its front matter has no closing --- line', line: 1 };
  let fields: unknown;
  try {
    fields = parse(lines.slice(1, end).join('\n')) ?? {};
  } catch (error) {
    const line = (error as { linePos?: Array<{ line: number }> }).linePos?.[0]?.line;
    return { problem: `its front matter is no YAML: ${(error as Error).message.split('\n')[0]}`, line: line === undefined ? 1 : line + 1 };
  }
  if (typeof fields !== 'object' || Array.isArray(fields) || fields === null) return { problem: 'its front matter is no set of fields', line: 2 };
  return { fields: fields as Record<string, unknown>, body: lines.slice(end + 1).join('\n').trim(), bodyLine: end + 2 + leadingBlankLines(lines.slice(end + 1)) };
}

function newsRecord(key: string, page: Page, linked: AssetFiles, pages: PageLinks): SourceRecord {
  const name = path.posix.basename(key).replace(/\.(md|markdown)$/i, '');
  return {
    key, line: 1, names: [], idBase: slug(name) || undefined,
    convert: (id, { idOfKey }): Converted => {
      const date = dateOf(page.fields.date) ?? /^(\d{4}-\d{2}-\d{2})-/.exec(name)?.[1];
      if (date === undefined) return { skip: 'has no date (front matter date: YYYY-MM-DD)' };
      const body = profileMarkdown(page.body, page.bodyLine, linked, pages(idOfKey));
      const title = typeof page.fields.title === 'string' && page.fields.inline !== true ? profileMarkdown(page.fields.title, 1, linked, pages(idOfKey)) : undefined;
      const text = [title ? `**${title.text}**` : '', body.text].filter(Boolean).join('\n\n');
      if (!text) return { skip: 'has no text' };
      const notes = [...title?.notes ?? [], ...body.notes];
      // An inline item shows its text alone on an al-folio site; its title (which a theme may use elsewhere) is not kept.
      if (!title && typeof page.fields.title === 'string' && page.fields.title.trim() && body.text) {
        notes.push(`left out its title ${JSON.stringify(page.fields.title.trim())}: an inline item is its text, as al-folio shows it`);
      }
      if (title && body.text) notes.push('a post with a page of its own: its title and text are one news item here');
      const files = new Map([...title?.files ?? [], ...body.files]);
      return { entry: { id, date, text }, collection: 'news', notes, unused: unusedFields(page, newsFields), ...(files.size > 0 ? { files } : {}) };
    },
    keys: [],
  };
}

/**
 * A project's `img` (`assets/img/12.jpg`, `/assets/img/12.jpg`: a file of the site's assets/, copied into the
 * profile's files/ as the .bib's PDFs are, `files.ts`), or a URL; undefined when it has none.
 */
async function pictureOf(img: unknown, site: string, options: ImportOptions, copied: ReadonlyMap<string, string>,
  claimed: Map<string, string>): Promise<{ value: string; file?: LocalFile } | undefined> {
  if (typeof img !== 'string' || !img.trim()) return undefined;
  const value = img.trim();
  if (/^https?:\/\//i.test(value)) return { value };
  return { value, file: await assetFile(value, site, options, copied, claimed) };
}

/** The profile's file each link target of the site's assets/ (`/assets/pdf/poster.pdf`) of a page's texts is, or why none. */
type AssetFiles = ReadonlyMap<string, LocalFile>;

/** Where a link to a page of the old site (its target, `/projects/1_project/`) leads now, given the ids of the pages imported so far. */
type PageLinks = (idOfKey: (key: string) => string | undefined) => (target: string) => string | undefined;

/**
 * al-folio's pages of news and projects are `/news/NAME/` and `/projects/NAME/` (its collections' permalinks,
 * `.html` on older sites), from `_news/NAME.md` and `_projects/NAME.md`: such a link leads to the entry that page
 * became, at its path of the profile's IRIs (ontology/iris.json), once it is imported.
 */
function pageLinks({ builder }: ImportOptions): PageLinks {
  const paths = builder.ontology.iris.collections;
  return (idOfKey) => (target) => {
    const m = /^\/(news|projects)\/([^/?#]+?)(?:\/|\.html)?$/.exec(target);
    if (!m) return undefined;
    const id = ['md', 'markdown'].map((ext) => idOfKey(`_${m[1]}/${m[2]}.${ext}`)).find(Boolean);
    return id === undefined ? undefined : `${paths[m[1]].path}${id}`;
  };
}

/** A link's target in the profile's Markdown: `](target)` or `](<target with spaces>)`. */
const LINK_TARGET = /\]\((?:<([^>\n]*)>|([^)\s]*))\)/g;

async function assetFiles(texts: readonly string[], site: string, options: ImportOptions, copied: ReadonlyMap<string, string>,
  claimed: Map<string, string>): Promise<AssetFiles> {
  const found = new Map<string, LocalFile>();
  for (const text of texts) {
    for (const m of profileMarkdown(text, 1).text.matchAll(LINK_TARGET)) {
      const target = m[1] ?? m[2];
      if (!/^\/?assets\/./.test(target) || found.has(target)) continue;
      let value: string;
      try {
        value = decodeURI(target);
      } catch {
        continue;
      }
      const file = await assetFile(value, site, options, copied, claimed);
      if (file) found.set(target, file);
    }
  }
  return found;
}

/** A file of the site's assets/ (`assets/img/12.jpg`, `/assets/pdf/a.pdf`), copied into the profile's files/ as the .bib's PDFs are (`files.ts`). */
async function assetFile(value: string, site: string, { dir, base }: ImportOptions, copied: ReadonlyMap<string, string>,
  claimed: Map<string, string>): Promise<LocalFile | undefined> {
  const [folder, ...rest] = value.replace(/^\/+/, '').replace(/^assets\//, '').split('/');
  return rest.length === 0 ? { reason: 'not a file of the site\'s assets/ folder (assets/img/NAME)' }
    : localFile(rest.join('/'), path.join(site, 'assets', folder), dir, base, copied, claimed, 'in the site\'s folder');
}

function projectRecord(key: string, page: Page, linked: AssetFiles, pages: PageLinks, picture?: { value: string; file?: LocalFile }): SourceRecord {
  const title = typeof page.fields.title === 'string' ? page.fields.title.trim() : '';
  return {
    key, line: 1, names: [], idBase: slug(title) || slug(path.posix.basename(key).replace(/\.(md|markdown)$/i, '')) || undefined,
    // A project the profile already has by its name is not imported twice.
    keys: title ? [projectKey(title)] : [],
    convert: (id, { directory, idOfKey }): Converted => {
      if (!title) return { skip: 'has no title (front matter title), the project\'s name' };
      const description = typeof page.fields.description === 'string' ? profileMarkdown(page.fields.description.trim(), 1, linked, pages(idOfKey)) : undefined;
      if (!description?.text) return { skip: 'has no description (front matter description), which a project needs: add one to the page or to the profile by hand' };
      const entry: Record<string, unknown> & { id: string } = { id, name: title, description: description.text };
      // The site's projects are its owner's: the homepage's research section lists a person's current projects.
      if (directory.ownPerson !== undefined) entry.currentMembers = [directory.ownPerson];
      const notes = [...description.notes];
      const redirect = typeof page.fields.redirect === 'string' ? page.fields.redirect.trim() : undefined;
      if (redirect && /^https?:\/\//i.test(redirect)) entry.url = redirect;
      else if (redirect) notes.push(`left out redirect ${redirect}: a page of the al-folio site, not a URL; give the project's url by hand`);
      const files = new Map(description.files);
      const file = picture?.file;
      if (picture && !file) entry.image = picture.value;
      else if (picture && file && 'reason' in file) notes.push(`left out img ${picture.value}: ${file.reason}`);
      else if (picture && file && 'path' in file) {
        entry.image = file.path;
        if (file.copy) files.set(file.path, file.copy);
        if (file.renamed) notes.push(`img ${picture.value} is copied as ${file.path} (a file name with spaces, which a URL cannot have)`);
        if (file.note) notes.push(file.note);
      }
      const words = page.body.replace(/<[^>]*>|\{%[^%]*%\}/g, ' ').split(/\s+/).filter(Boolean).length;
      if (words > 0) notes.push(`its page's text (${words} words, from line ${page.bodyLine}) is not imported: a project here has a name, a description and its links`);
      return { entry, collection: 'projects', notes, unused: unusedFields(page, projectFields), ...(files.size > 0 ? { files } : {}) };
    },
  };
}

/** A front matter date as the page gives it (`2022-07-20 19:00:00-0400`, `2021-10-01`): the day it names. */
function dateOf(value: unknown): string | undefined {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  const day = typeof value === 'string' ? /^(\d{4}-\d{2}-\d{2})(?:$|[ T])/.exec(value.trim())?.[1] : undefined;
  return day;
}

function unusedFields(page: Page, read: ReadonlySet<string>): string[] {
  return Object.keys(page.fields).filter((f) => !read.has(f));
}

/**
 * An al-folio page's Markdown (kramdown, read by Jekyll) as the profile's
 * Markdown reads it: its emoji names (`:sparkles:`, as jemoji shows them) as
 * the emoji; a link's, emphasis' or line break's HTML as Markdown; a
 * heading as a paragraph of its words in bold; kramdown's
 * attribute lists (`{:target="_blank"}`) left out; `{{ site.baseurl }}` and
 * `{{ site.url }}` left out of link targets; a link to a file of the site's
 * assets/ (`linked`) or to a page of its news and projects (`pageOf`) leads
 * to what it became. What it cannot turn (other HTML, other Liquid, another
 * path of the old site) stays as written, and a note says where.
 */
export function profileMarkdown(text: string, firstLine: number, linked: AssetFiles = new Map(), pageOf: (target: string) => string | undefined = () => undefined): { text: string; notes: string[]; files: Map<string, LocalCopy> } {
  const notes: string[] = [];
  const lineOf = (index: number) => firstLine + (text.slice(0, index).match(/\n/g)?.length ?? 0);
  // Code (a fenced block, a `span`) is text as written: it is set aside while the rest is turned, and put back.
  const code: string[] = [];
  let out = text.replace(/^([ ]{0,3})(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:\n[ ]{0,3}\2[ \t]*(?=\n|$)|$)|(`+)[^`\n][\s\S]*?\3(?!`)/gm, (whole) => `\uE000${code.push(whole) - 1}\uE001`);
  const attributes = out.match(/\{:[^}\n]*\}/g);
  if (attributes) notes.push(`left out kramdown's attributes ${[...new Set(attributes)].join(' ')}, which the profile's Markdown has not`);
  out = out.replace(/\{:[^}\n]*\}/g, '');
  out = out.replace(/\{\{\s*site\.(?:url|baseurl)\s*\}\}/g, '');
  out = out.replace(/<a\s+[^>]*?href\s*=\s*(["'])(.*?)\1[^>]*>([^<]*)<\/a>/gi, (_, _q, href: string, words: string) => markdownLink(words.trim(), href.trim()));
  out = out.replace(/<(b|strong)>([^<*]*)<\/\1>/gi, (_, _t, words: string) => `**${words.trim()}**`);
  out = out.replace(/<(i|em)>([^<*]*)<\/\1>/gi, (_, _t, words: string) => `*${words.trim()}*`);
  out = out.replace(/[ \t]*<br\s*\/?>[ \t]*\n?/gi, '  \n');
  // A heading (`#### Requirements`), which the profile's Markdown has not, as a paragraph of its words in bold.
  out = out.replace(/^[ ]{0,3}#{1,6}[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$/gm, (_, words: string) => `**${words}**`);
  out = out.replace(/:([a-z0-9_+-]+):/g, (whole, name: string) => (Object.hasOwn(emoji, name) ? emoji[name] : whole));
  for (const m of out.matchAll(/\{%.*?%\}|\{\{.*?\}\}/gs)) notes.push(`line ${lineOf(text.indexOf(m[0]) >= 0 ? text.indexOf(m[0]) : 0)}: keeps the Liquid ${m[0]} as written (the page shows it as text); write what it stood for`);
  const html = [...new Set([...out.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>/g)].map((m) => m[1].toLowerCase()))];
  if (html.length > 0) notes.push(`keeps the HTML ${html.map((t) => `<${t}>`).join(', ')} as written (the page shows it as text); write it as Markdown`);
  // A link to a file of the site's assets/ leads to its copy in the profile's files/; to another path of the old site, nowhere yet.
  const files = new Map<string, LocalCopy>();
  out = out.replace(LINK_TARGET, (whole, angled: string | undefined, plain: string | undefined) => {
    const target = angled ?? plain ?? '';
    const file = linked.get(target);
    if (file && 'path' in file) {
      if (file.copy) files.set(file.path, file.copy);
      if (file.renamed) notes.push(`${target} is copied as ${file.path} (a file name with spaces, which a URL cannot have)`);
      if (file.note) notes.push(file.note);
      return `](${/[\s()<>]/.test(file.path) ? `<${file.path}>` : file.path})`;
    }
    const page = pageOf(target);
    if (page !== undefined) return `](${page})`;
    if (file) notes.push(`links to ${target}: ${file.reason}`);
    else if (target.startsWith('/')) notes.push(`links to ${target}, a path of the al-folio site: point it at where that is now`);
    return whole;
  });
  out = out.replace(/\uE000(\d+)\uE001/g, (_, i: string) => code[Number(i)]);
  return { text: out.trim(), notes, files };
}

/**
 * A Markdown link: a target with spaces or parentheses in angle brackets, as CommonMark reads it. Its words stay as
 * written (CommonMark takes balanced brackets in them; a backslash before one would open TeX's display math, `\[`).
 */
function markdownLink(words: string, href: string): string {
  return `[${words}](${/[\s()<>]/.test(href) ? `<${href.replace(/[<>]/g, encodeURIComponent)}>` : href})`;
}

async function markdownFiles(site: string, folder: string): Promise<string[]> {
  const root = path.join(site, folder);
  let names: string[];
  try {
    names = await readdir(root, { recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  // Hidden folders (an editor's checkpoints: .ipynb_checkpoints/) and drafts are no pages of the site.
  return names.filter((n) => /\.(md|markdown)$/i.test(n) && !n.split(path.sep).some((part) => part.startsWith('.') || part.startsWith('_')))
    .sort().map((n) => path.join(root, n));
}

async function isFolder(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}

function leadingBlankLines(lines: string[]): number {
  let n = 0;
  while (n < lines.length && lines[n].trim() === '') n++;
  return n;
}

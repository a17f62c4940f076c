import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import MarkdownIt from 'markdown-it';
import { projectRoot } from '../src/config.js';

/**
 * The documentation a user reads: README.md, docs/ and bench/README.md.
 * Every field a profile may have is named in docs/, and every relative link
 * leads somewhere: to a file that exists and, with a #fragment, to a heading
 * of it (as GitHub makes ids of headings).
 */

const markdown = new MarkdownIt();
type Token = ReturnType<typeof markdown.parse>[number];

/** Every field name of a JSON Schema: the keys of each `properties`, wherever it is (`$defs` included). */
function schemaFields(schema: unknown): string[] {
  const fields = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) { node.forEach(walk); return; }
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'properties' && value && typeof value === 'object') for (const name of Object.keys(value)) fields.add(name);
      walk(value);
    }
  };
  walk(schema);
  return [...fields].sort();
}

/** Every token of a Markdown text, inline ones included, in order. */
function tokensOf(text: string): Token[] {
  return markdown.parse(text, {}).flatMap((t) => [t, ...(t.children ?? [])]);
}

/** The texts written in backticks (inline code, not code blocks). */
function codeSpans(text: string): Set<string> {
  return new Set(tokensOf(text).filter((t) => t.type === 'code_inline').map((t) => t.content));
}

/** A field is named by a code span that is the field itself, or the field with a value (`publishEmail: hashed`). */
function isNamed(field: string, spans: Set<string>): boolean {
  return spans.has(field) || [...spans].some((s) => s.startsWith(`${field}: `));
}

/** The ids GitHub gives a text's headings: lower case, punctuation dropped, spaces as hyphens, repeats numbered. */
function headingIds(text: string): Set<string> {
  const ids = new Set<string>();
  const seen = new Map<string, number>();
  const blocks = markdown.parse(text, {});
  blocks.forEach((t, i) => {
    if (t.type !== 'heading_open') return;
    const words = (blocks[i + 1].children ?? []).filter((c) => c.type === 'text' || c.type === 'code_inline').map((c) => c.content).join('');
    const slug = words.trim().toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    ids.add(count === 0 ? slug : `${slug}-${count}`);
  });
  return ids;
}

/**
 * The relative links of a Markdown file that lead nowhere, as `file: target (why)`.
 * `read` gives the text of another Markdown file, for its headings (undefined: no such file).
 */
function brokenLinks(file: string, text: string, exists: (target: string) => boolean, read: (target: string) => string | undefined): string[] {
  const broken: string[] = [];
  for (const token of tokensOf(text)) {
    if (token.type !== 'link_open' && token.type !== 'image') continue;
    const href = String(token.attrGet(token.type === 'image' ? 'src' : 'href') ?? '');
    if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(href)) continue; // a URL elsewhere
    const [target, fragment] = href.split('#', 2) as [string, string | undefined];
    const resolved = target === '' ? file : path.join(path.dirname(file), decodeURIComponent(target));
    if (!exists(resolved)) { broken.push(`${file}: ${href} (no such file)`); continue; }
    if (fragment === undefined || !resolved.endsWith('.md')) continue;
    const ids = headingIds(read(resolved) ?? '');
    if (!ids.has(decodeURIComponent(fragment))) broken.push(`${file}: ${href} (no such heading in ${resolved})`);
  }
  return broken;
}

/** The documentation, by path relative to the project. */
function documentation(): string[] {
  const docs = readdirSync(path.join(projectRoot, 'docs')).filter((n) => n.endsWith('.md')).map((n) => path.join('docs', n));
  return ['README.md', path.join('bench', 'README.md'), ...docs];
}

const inProject = (file: string) => path.join(projectRoot, file);
const readIfThere = (file: string) => (existsSync(inProject(file)) ? readFileSync(inProject(file), 'utf8') : undefined);

describe('The documentation', () => {
  it('names in backticks in docs/ every field of ontology/profile.schema.json, definitions included', () => {
    const schema = JSON.parse(readFileSync(inProject(path.join('ontology', 'profile.schema.json')), 'utf8')) as unknown;
    const spans = new Set(documentation().filter((f) => f.startsWith('docs')).flatMap((f) => [...codeSpans(readIfThere(f)!)]));
    const fields = schemaFields(schema);
    expect(fields.length).to.be.greaterThan(100);
    expect(fields.filter((f) => !isNamed(f, spans)), 'fields of the schema that docs/data-format.md should explain').to.deep.equal([]);
  });

  it('names in backticks in docs/ every setting of ontology/site.schema.json', () => {
    const schema = JSON.parse(readFileSync(inProject(path.join('ontology', 'site.schema.json')), 'utf8')) as unknown;
    const spans = new Set(documentation().filter((f) => f.startsWith('docs')).flatMap((f) => [...codeSpans(readIfThere(f)!)]));
    const settings = schemaFields(schema);
    expect(settings).to.include('accentColor');
    expect(settings.filter((f) => !isNamed(f, spans)), 'settings that docs/pages.md should explain').to.deep.equal([]);
  });

  it('links, from README.md, bench/README.md and docs/, only to files and headings that exist', () => {
    const broken = documentation().flatMap((file) => brokenLinks(file, readIfThere(file)!, (target) => existsSync(inProject(target)), readIfThere));
    expect(broken).to.deep.equal([]);
  });

  it('would tell a field named nowhere, a link to a missing file and one to a missing heading', () => {
    const spans = codeSpans('The `name`, `publishEmail: hashed` and\n\n```yaml\nsummary: only in a code block\n```\n');
    expect(schemaFields({ properties: { name: {}, publishEmail: {}, summary: {} }, $defs: { role: { properties: { roleName: {} } } } })
      .filter((f) => !isNamed(f, spans))).to.deep.equal(['roleName', 'summary']);
    const files: Record<string, string> = {
      'docs/a.md': '# The `lodfolio` command\n\n## Serving, again\n\n## Serving, again\n\nSee [b](b.md#the-first-part), [me](#the-lodfolio-command), '
        + '[twice](#serving-again-1), [gone](gone.md), [nowhere](b.md#nowhere), [up](../README.md), [web](https://example.org/x.md#y).\n',
      'docs/b.md': '# The first part\n',
      'README.md': '',
    };
    const found = brokenLinks('docs/a.md', files['docs/a.md'], (f) => f in files, (f) => files[f]);
    expect(found).to.deep.equal(['docs/a.md: gone.md (no such file)', 'docs/a.md: b.md#nowhere (no such heading in docs/b.md)']);
  });
});

import type { Quad, Term } from '@rdfjs/types';
import { expect } from 'chai';
import { Parser, Store } from 'n3';
import { profileDataset } from '../../src/publish/profile-site.js';
import { built, servedText, type Built } from '../http/support.js';
import { demoDir } from '../support/fixtures.js';
import { parseTurtle } from '../support/profile.js';
import { embeddedIslands, islandQuads, splitBreadcrumbs } from '../support/structured-data.js';

/**
 * The dataset (its dumps, the SPARQL endpoint, a store) holds every triple
 * any document serves: a listing page's list and entries, the homepage's
 * links to the listings, and whatever a page's structured data names.
 */
describe('The dataset of the demo', function () {
  this.timeout(120_000);
  let demo: Built;
  let dump: Store;
  /** Each document's served Turtle and HTML. */
  const served = new Map<string, { url: string; turtle: string; html: string }>();
  before(async () => {
    demo = await built({ dataDir: demoDir });
    const body = (path: string, mediaType: string) => servedText(demo.representations, path, mediaType)!;
    dump = new Store(new Parser({ format: 'N-Triples' }).parse(body(demo.site.dataset.path, 'application/n-triples')));
    for (const doc of demo.site.documents) served.set(doc.path, { url: doc.url, turtle: body(doc.path, 'text/turtle'), html: body(doc.path, 'text/html') });
  });

  it('has every triple of every document\'s Turtle in its N-Triples dump, blank nodes matched to the dump\'s', () => {
    expect(served.size).to.be.greaterThan(50);
    const missing = [...served].flatMap(([path, { url, turtle }]) => unmatched(parseTurtle(turtle, url), dump).map((t) => `${path}: ${t}`));
    expect(missing).to.deep.equal([]);
    expect(served.get('/publications/')!.turtle).to.include('schema:ListItem');
  });

  it('is what SPARQL and a store are given', () => {
    expect(profileDataset(demo.profile).length).to.equal(dump.size);
  });

  it('has every literal of every page\'s embedded JSON-LD but the breadcrumb trail, which is the page\'s navigation', async () => {
    const key = (value: string, language: string) => `${value}@${language.toLowerCase()}`;
    const known = new Set(dump.getQuads(null, null, null, null).filter((q) => q.object.termType === 'Literal')
      .map((q) => key(q.object.value, (q.object as { language: string }).language)));
    const unknown: string[] = [];
    for (const [path, { html }] of served) {
      for (const island of embeddedIslands(html)) {
        for (const q of splitBreadcrumbs(await islandQuads(island)).rest) {
          if (q.object.termType === 'Literal' && !known.has(key(q.object.value, q.object.language))) unknown.push(`${path}: ${q.predicate.value} "${q.object.value}"`);
        }
      }
    }
    expect(unknown).to.deep.equal([]);
    // The untitled paper's entry on the listing is named in the graph, as the page names it.
    expect(served.get('/publications/')!.turtle).to.match(/schema:name "Untitled article about Blueprint"/);
  });
});

/**
 * The triples of `doc` the store lacks: its ground triples looked up, its
 * blank nodes mapped to the store's (each to one, consistently across every
 * triple), by search with the most constrained blank node first. A blank
 * node left without a match makes all its triples missing.
 */
function unmatched(doc: readonly Quad[], store: Store): string[] {
  const blank = (t: Term) => t.termType === 'BlankNode';
  const show = (q: Quad) => `${q.subject.value} ${q.predicate.value} ${q.object.value}`;
  const missing = doc.filter((q) => !blank(q.subject) && !blank(q.object) && store.countQuads(q.subject, q.predicate, q.object, null) === 0).map(show);
  const withBlanks = doc.filter((q) => blank(q.subject) || blank(q.object));
  const nodes = [...new Map(withBlanks.flatMap((q) => [q.subject, q.object]).filter(blank).map((b) => [b.value, b])).values()];
  const about = new Map(nodes.map((b) => [b.value, withBlanks.filter((q) => q.subject.equals(b) || q.object.equals(b))]));
  const assigned = new Map<string, Term>();
  const image = (t: Term) => (blank(t) ? assigned.get(t.value) : t);
  /** The store's blank nodes `b` can stand for, given what is assigned so far. */
  const candidates = (b: Term): Term[] => {
    const triples = about.get(b.value)!;
    const anchor = triples.find((q) => (q.subject.equals(b) ? image(q.object) : image(q.subject)) !== undefined) ?? triples[0];
    const other = anchor.subject.equals(b) ? image(anchor.object) : image(anchor.subject);
    const found = anchor.subject.equals(b)
      ? store.getSubjects(anchor.predicate, other ?? null, null)
      : store.getObjects(other ?? null, anchor.predicate, null);
    return found.filter((c) => blank(c) && triples.every((q) => {
      const s = q.subject.equals(b) ? c : image(q.subject);
      const o = q.object.equals(b) ? c : image(q.object);
      return s === undefined || o === undefined || store.countQuads(s, q.predicate, o, null) > 0;
    }));
  };
  const search = (): boolean => {
    const open = nodes.filter((b) => !assigned.has(b.value));
    if (open.length === 0) return true;
    const options = open.map((b) => ({ b, cs: candidates(b) })).sort((x, y) => x.cs.length - y.cs.length)[0];
    for (const c of options.cs) {
      assigned.set(options.b.value, c);
      if (search()) return true;
    }
    assigned.delete(options.b.value);
    return false;
  };
  return search() ? missing : [...missing, ...withBlanks.map(show)];
}

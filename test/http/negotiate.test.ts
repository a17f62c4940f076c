import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { documentFormats, formatsOf, offers } from '../../src/formats.js';
import { memoize, negotiate, negotiateEncoding, parseAccept } from '../../src/http/negotiate.js';
import { fixturesDir } from '../support/profile.js';

/** What a document is available as, in the server's order (as the app uses it). */
const documentTypes = offers(documentFormats).map((o) => o.mediaType);
const rdfOnly = formatsOf('graph').map((f) => f.mediaType);

interface ClientCase { client: string; accept: string | null; expect: string }
const { clients } = JSON.parse(readFileSync(path.join(fixturesDir, 'http', 'accept-headers.json'), 'utf8')) as { clients: ClientCase[] };

describe('content negotiation (RFC 9110)', () => {
  describe('real clients each get the format they want', () => {
    for (const c of clients) {
      it(`${c.client} gets ${c.expect}`, () => {
        expect(negotiate(c.accept ?? undefined, documentTypes)).to.equal(c.expect);
      });
    }
  });

  describe('the rules', () => {
    const cases: Array<[string, string | undefined, string | undefined]> = [
      ['no Accept header gets the server\'s first choice, HTML', undefined, 'text/html'],
      ['*/* gets HTML', '*/*', 'text/html'],
      ['an empty Accept counts as none', '', 'text/html'],
      ['an exact type is served', 'application/n-triples', 'application/n-triples'],
      ['the higher weight wins', 'text/turtle;q=0.5, application/ld+json;q=0.9', 'application/ld+json'],
      ['text/turtle beats text/* at equal weight', 'text/*, text/turtle', 'text/turtle'],
      ['text/* beats */* at equal weight', '*/*, text/*', 'text/html'],
      ['a specific range decides its type\'s weight over a wildcard', 'text/*;q=0.9, text/html;q=0.1', 'text/turtle'],
      ['q=0 excludes a type a wildcard would allow', '*/*, text/html;q=0', 'text/turtle'],
      ['q=0 on a wildcard excludes what it covers', 'text/*;q=0, */*;q=0.5', 'application/ld+json'],
      ['at equal weight and specificity the client\'s order decides', 'application/rdf+xml, text/turtle', 'application/rdf+xml'],
      ['media types are case-insensitive', 'Text/Turtle', 'text/turtle'],
      ['application/json gets JSON-LD\'s alias', 'application/json', 'application/json'],
      ['application/xhtml+xml gets the HTML\'s alias', 'application/xhtml+xml', 'application/xhtml+xml'],
      ['a JSON-LD profile parameter still gets JSON-LD', 'application/ld+json;profile="http://www.w3.org/ns/json-ld#expanded"', 'application/ld+json'],
      ['nothing acceptable gives none (406)', 'image/png', undefined],
      ['everything excluded gives none', '*/*;q=0', undefined],
      ['whitespace and empty entries are tolerated', ' , text/turtle ;  q=1 ,, ', 'text/turtle'],
      ['an entry with an unreadable weight is skipped', 'text/turtle;q=high, application/ld+json', 'application/ld+json'],
      ['weights above 1 count as 1', 'text/turtle;q=5, application/ld+json;q=0.9', 'text/turtle'],
      ['an Accept with nothing readable counts as none', ';;;, /, a/b/c, garbage', 'text/html'],
      ['a wildcard type with a real subtype is not a range', '*/turtle', 'text/html'],
      ['quoted commas stay inside their parameter', 'text/turtle;foo="a, image/png", image/png;q=0.5', 'text/turtle'],
      ['what follows q is an extension, not a parameter', 'text/html;q=0.5;level=1, text/turtle;q=0.5', 'text/html'],
    ];
    for (const [name, accept, expected] of cases) {
      it(`${name}: ${JSON.stringify(accept)} → ${expected ?? 'none'}`, () => {
        expect(negotiate(accept, documentTypes)).to.equal(expected);
      });
    }

    it('a resource without HTML gives */* its first RDF format', () => {
      expect(negotiate('*/*', rdfOnly)).to.equal('text/turtle');
      expect(negotiate('text/html', rdfOnly)).to.equal(undefined);
    });

    it('parses weights, parameters and positions', () => {
      expect(parseAccept('text/html;level=1;q=0.7, */*;q=.2')).to.deep.equal([
        { type: 'text', subtype: 'html', params: 1, parameters: { level: '1' }, q: 0.7, order: 0 },
        { type: '*', subtype: '*', params: 0, parameters: {}, q: 0.2, order: 1 },
      ]);
    });

    it('matches a type that has a parameter of its own (a citation style) only to ranges naming the same value, or none', () => {
      const styles = ['text/html', 'text/x-bibliography;style=apa', 'text/x-bibliography;style=ieee'];
      expect(negotiate('text/x-bibliography; style=ieee', styles)).to.equal('text/x-bibliography;style=ieee');
      expect(negotiate('text/x-bibliography; style="IEEE"', styles)).to.equal('text/x-bibliography;style=ieee');
      expect(negotiate('text/x-bibliography', styles), 'the server\'s first').to.equal('text/x-bibliography;style=apa');
      expect(negotiate('text/x-bibliography; style=mla', styles)).to.equal(undefined);
      expect(negotiate('text/x-bibliography; style=mla, text/html;q=0.1', styles)).to.equal('text/html');
    });

    it('reads a 10 000-entry header without trouble', () => {
      const huge = Array.from({ length: 10_000 }, (_, i) => `application/x-${i};q=0.${i % 10}`).join(', ');
      expect(negotiate(`${huge}, text/turtle;q=0.95`, documentTypes)).to.equal('text/turtle');
    });
  });

  describe('content codings', () => {
    const cases: Array<[string | undefined, string]> = [
      [undefined, 'identity'],
      ['', 'identity'],
      ['gzip, deflate, br, zstd', 'br'],
      ['gzip', 'gzip'],
      ['gzip;q=0.5', 'gzip'],
      ['x-gzip', 'gzip'],
      ['br;q=0.5, gzip', 'gzip'],
      ['*', 'br'],
      ['identity', 'identity'],
      ['gzip;q=0, br;q=0', 'identity'],
      ['*;q=0', 'identity'],
      ['deflate', 'identity'],
      ['gzip;q=nonsense, br', 'br'],
      [',,;;=', 'identity'],
    ];
    for (const [header, expected] of cases) {
      it(`Accept-Encoding ${JSON.stringify(header)} → ${expected}`, () => {
        expect(negotiateEncoding(header)).to.equal(expected);
      });
    }
    it('never picks a coding the resource lacks', () => {
      expect(negotiateEncoding('br', ['gzip'])).to.equal('identity');
      expect(negotiateEncoding('br, gzip;q=0.5', ['gzip'])).to.equal('gzip');
    });
  });

  describe('memoised negotiation', () => {
    it('answers as the function does, and computes each header once', () => {
      let calls = 0;
      const cached = memoize((h) => { calls++; return negotiate(h, documentTypes); });
      expect(cached('text/turtle')).to.equal('text/turtle');
      expect(cached('text/turtle')).to.equal('text/turtle');
      expect(cached(undefined)).to.equal('text/html');
      expect(cached('image/png')).to.equal(undefined);
      expect(cached('image/png')).to.equal(undefined);
      expect(calls).to.equal(3);
    });
    it('stays bounded', () => {
      let calls = 0;
      const cached = memoize((h) => { calls++; return h; }, 4);
      for (let i = 0; i < 100; i++) cached(`h${i}`);
      cached('h99');
      expect(calls).to.equal(100);
      cached('h0');
      expect(calls).to.equal(101);
    });
  });
});

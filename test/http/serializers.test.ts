import { execFileSync } from 'node:child_process';
import type { Quad } from '@rdfjs/types';
import { expect } from 'chai';
import rdf from 'rdf-ext';
import { toHtml } from '../../src/render/html.js';
import { jsonForScript, jsonLdTerm as compactIri, toFramedJsonLd } from '../../src/render/jsonld.js';
import { RdfXmlError, toRdfXml } from '../../src/render/rdfxml.js';
import { prefixes } from '../../src/rdf/vocabulary.js';
import { embeddedJsonLd, parseRdf, sameTriples } from './support.js';

/**
 * The serialisers written here (RDF/XML, framed JSON-LD, HTML) on graphs
 * chosen to break them: every result is parsed back by a real parser.
 */
const base = 'https://example.org/';
const s = (local: string) => `${prefixes.schema}${local}`;
const nn = rdf.namedNode;
const q = (subject: Quad['subject'], predicate: string, object: Quad['object']) => rdf.quad(subject, nn(predicate), object);

const me = nn(`${base}#me`);
const role = rdf.blankNode('r');
const shared = rdf.blankNode('shared');
const loopA = rdf.blankNode('loopA');
const loopB = rdf.blankNode('loopB');
const awkward: Quad[] = [
  q(me, `${prefixes.rdf}type`, nn(s('Person'))),
  q(me, `${prefixes.rdf}type`, nn(`${prefixes.foaf}Person`)),
  q(me, s('name'), rdf.literal('Ada <b>&</b> "Lovelace" \'quoted\'')),
  q(me, s('description'), rdf.literal('line one\nline two\r\nwith\ttab and ]]> and </script> and \u2028', 'en-GB')),
  q(me, s('birthDate'), rdf.literal('1815', nn(`${prefixes.xsd}gYear`))),
  q(me, s('height'), rdf.literal('1.65', nn(`${prefixes.xsd}decimal`))),
  q(me, s('url'), nn("https://example.org/a?b=1&c='2'")),
  q(me, s('sameAs'), nn('javascript:alert(1)')),
  q(me, s('foaf'), rdf.literal('a schema.org term spelled like a prefix')),
  q(me, 'http://example.net/vocab#weird-prop.name', rdf.literal('unknown namespace')),
  q(me, s('worksFor'), role),
  q(role, `${prefixes.rdf}type`, nn(s('Role'))),
  q(role, s('roleName'), rdf.literal('Countess')),
  q(role, s('worksFor'), nn(`${base}organizations/x#id`)),
  q(nn(`${base}organizations/x#id`), s('name'), rdf.literal('X & Co')),
  // One blank node referenced twice, and two that refer to each other.
  q(me, s('address'), shared),
  q(nn(`${base}organizations/x#id`), s('address'), shared),
  q(shared, s('addressLocality'), rdf.literal('London')),
  q(me, s('knows'), loopA),
  q(loopA, s('knows'), loopB),
  q(loopB, s('knows'), loopA),
  // A subject nothing links to: still said.
  q(nn(`${base}elsewhere#id`), s('name'), rdf.literal('Unlinked')),
  q(me, s('alternateName'), rdf.literal('')),
];

describe('the serialisers', () => {
  describe('RDF/XML', () => {
    it('writes a graph full of awkward characters that rdfxml-streaming-parser reads back whole', async () => {
      const xml = toRdfXml(awkward);
      expect(sameTriples(await parseRdf(xml, 'application/rdf+xml', base), awkward)).to.equal(true);
      expect(xml).to.include('rdf:nodeID=').and.include('xml:lang="en-GB"').and.include(`rdf:datatype="${prefixes.xsd}gYear"`);
      expect(xml).to.include('&#13;').and.include("&amp;c='2'");
    });

    it('refuses what XML cannot carry, rather than writing something else', () => {
      expect(() => toRdfXml([q(me, s('name'), rdf.literal('bell\u0007'))])).to.throw(RdfXmlError, /character XML 1.0 cannot carry/);
      expect(() => toRdfXml([q(me, 'http://example.org/p/1', rdf.literal('x'))])).to.throw(RdfXmlError, /no local name/);
      expect(() => toRdfXml([q(me, `${prefixes.rdf}about`, rdf.literal('x'))])).to.throw(RdfXmlError, /cannot be a property/);
    });
  });

  describe('framed JSON-LD', () => {
    it('expands, by jsonld.js, to exactly the input triples', async () => {
      const doc = toFramedJsonLd(awkward, `${base}#me`);
      expect(sameTriples(await parseRdf(JSON.stringify(doc), 'application/ld+json', base), awkward)).to.equal(true);
    });

    it('also without a root, as a flat @graph of named nodes with their blank nodes inside', async () => {
      const doc = toFramedJsonLd(awkward) as { '@graph': Array<Record<string, unknown>> };
      expect(sameTriples(await parseRdf(JSON.stringify(doc), 'application/ld+json', base), awkward)).to.equal(true);
      expect(doc['@graph'].map((n) => n['@id'])).to.include.members([`${base}#me`, `${base}elsewhere#id`, `${base}organizations/x#id`]);
    });

    it('makes the root the top object, embeds owned and linked nodes once, and keeps what the root does not reach', () => {
      const linked = awkward.filter((x) => !x.subject.equals(nn(`${base}elsewhere#id`)));
      const framed = toFramedJsonLd(linked, `${base}#me`) as Record<string, any>;
      expect(framed['@id']).to.equal(`${base}#me`);
      expect(framed['@type']).to.deep.equal(['Person', 'foaf:Person']);
      expect(framed.worksFor).to.deep.include({ '@type': 'Role', roleName: 'Countess' });
      expect(framed.worksFor).to.not.have.property('@id');
      expect(framed.worksFor.worksFor['@id']).to.equal(`${base}organizations/x#id`);
      expect(framed.worksFor.worksFor.name).to.equal('X & Co');
      expect(framed.birthDate).to.deep.equal({ '@value': '1815', '@type': 'xsd:gYear' });
      expect(framed.description['@language']).to.equal('en-GB');
      expect(framed['schema:foaf'], 'a term that would clash with a prefix is written as a compact IRI').to.be.a('string');
      const withUnlinked = toFramedJsonLd(awkward, `${base}#me`) as Record<string, any>;
      expect(withUnlinked['@graph'].map((n: Record<string, unknown>) => n['@id'])).to.deep.equal([`${base}#me`, `${base}elsewhere#id`]);
    });

    it('compacts schema.org terms bare and others with prefixes', () => {
      expect(compactIri(s('name'))).to.equal('name');
      expect(compactIri(`${prefixes.foaf}name`)).to.equal('foaf:name');
      expect(compactIri(`${prefixes.xsd}gYear`)).to.equal('xsd:gYear');
      expect(compactIri('http://example.net/vocab#p')).to.equal('http://example.net/vocab#p');
    });

    it('escapes JSON for a script element so it cannot close it, and stays the same JSON', () => {
      const value = { a: '</script><!-- & \u2028 \uFFFE' };
      const text = jsonForScript(value);
      expect(text).to.not.match(/[<>&\u2028\uFFFE]/);
      expect(JSON.parse(text)).to.deep.equal(value);
    });
  });

  describe('HTML', () => {
    const page = () => toHtml({
      url: base, quads: awkward, entities: [`${base}#me`],
      jsonld: toFramedJsonLd(awkward, `${base}#me`), base,
      alternates: [{ href: '/index.ttl', label: 'Turtle', type: 'text/turtle' }],
      siteLinks: [{ href: '/', label: 'Home' }], stylesheet: '/style.css',
    });

    it('escapes text, links only http(s) IRIs, and anchors the hash IRIs it describes', () => {
      const html = page();
      // The heading is the entity's name, escaped like any text.
      expect(html).to.include('<h1>Ada &lt;b&gt;&amp;&lt;/b&gt; &quot;Lovelace&quot; &#39;quoted&#39;</h1>');
      expect(html).to.not.include('href="javascript:');
      expect(html, 'IRIs under the base link by path').to.include('href="/a?b=1&amp;c=&#39;2&#39;"');
      expect(html).to.include('<article class="entity" id="me">');
      expect(html).to.include('<a href="/organizations/x#id">X &amp; Co</a>');
      expect(html).to.include('<link rel="alternate" type="text/turtle" href="/index.ttl" title="Turtle"/>');
    });

    it('embeds JSON-LD that carries the same triples', async () => {
      const [script] = embeddedJsonLd(page());
      expect(sameTriples(await parseRdf(script, 'application/ld+json', base), awkward)).to.equal(true);
    });

    it('is well-formed XML, so the same bytes can be served as application/xhtml+xml', () => {
      const check = 'import sys, xml.dom.minidom; xml.dom.minidom.parseString(sys.stdin.buffer.read()); print("ok")';
      expect(execFileSync('/usr/bin/python3', ['-c', check], { input: page() }).toString().trim()).to.equal('ok');
    });
  });
});

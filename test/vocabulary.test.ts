import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { Parser } from 'n3';
import { starterDir } from '../src/config.js';
import { loadOntology } from '../src/ontology.js';
import { ProfileBuilder } from '../src/pipeline.js';
import { fixtureProfiles } from './support/fixtures.js';
import { writeGeneratedProfile } from './support/generate.js';
import { fixturesDir } from './support/profile.js';
import { checkVocabulary, loadVocabulary, type Vocabulary } from './support/vocabulary.js';

const PREFIXES = `
  @prefix schema: <http://schema.org/> .
  @prefix foaf: <http://xmlns.com/foaf/0.1/> .
  @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
  @prefix dct: <http://purl.org/dc/terms/> .
  @prefix bibo: <http://purl.org/ontology/bibo/> .
  @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
  @prefix ex: <http://example.org/> .
`;

describe('Vocabulary conformance (schema.org 30.0, FOAF 0.98 and BIBO 1.3, test/fixtures/vocab/)', () => {
  let vocab: Vocabulary;
  let builder: ProfileBuilder;
  before(async () => {
    vocab = await loadVocabulary();
    // A builder of its own, from the project's ontology/: what `lodfolio` publishes.
    builder = new ProfileBuilder(await loadOntology());
  });

  const conforms = async (dir: string) => {
    const profile = await builder.build(dir, 'http://localhost:3000/');
    const violations = checkVocabulary(profile.graph, vocab);
    // Every violation in one run, one per line, rather than the first one.
    expect(violations, `${violations.length} vocabulary violation(s):\n  ${violations.join('\n  ')}\n`).to.deep.equal([]);
  };

  for (const fixture of fixtureProfiles) {
    it(`the ${fixture.name} profile graph uses only current schema.org, FOAF, BIBO and RDF collection terms, each within its domain and range`, async () => {
      await conforms(fixture.dir);
    });
  }

  for (const [name, dir] of [['starter', starterDir], ['as-written', path.join(fixturesDir, 'valid', 'as-written')]]) {
    it(`the ${name} profile graph does too`, async () => {
      await conforms(dir);
    });
  }

  it('a generated profile of 100 papers does too', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-vocab-'));
    try {
      await writeGeneratedProfile(dir, { papers: 100, seed: 7 });
      await conforms(dir);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  describe('the checker', () => {
    const check = (turtle: string) => checkVocabulary(new Parser().parse(PREFIXES + turtle), vocab);

    it('reports a schema.org property and a schema.org class that schema.org does not define', () => {
      expect(check(`ex:me a schema:Scholar ; schema:fooBar "x" .`)).to.deep.equal([
        '<http://example.org/me> a schema:Scholar: not a schema.org class',
        '<http://example.org/me> schema:fooBar: not a schema.org property',
      ]);
    });

    it('reports a schema.org property used on a subject outside its domain', () => {
      expect(check(`
        ex:acme a schema:Organization ; schema:worksFor ex:other .
        ex:other a schema:Organization .
      `)).to.deep.equal([
        '<http://example.org/acme> schema:worksFor <http://example.org/other>: subject is schema:Organization, domain is schema:Person',
      ]);
    });

    it('reports a schema.org property whose object is outside its range', () => {
      expect(check(`
        ex:paper a schema:ScholarlyArticle ; schema:author ex:koblenz .
        ex:koblenz a schema:Place .
      `)).to.deep.equal([
        '<http://example.org/paper> schema:author <http://example.org/koblenz>: object is schema:Place, range is schema:Organization or schema:Person',
      ]);
    });

    it('accepts the Role pattern, with the outer subject in the domain and the role\'s own value in the range', () => {
      expect(check(`
        ex:me a schema:Person ; schema:worksFor [
          a schema:EmployeeRole ; schema:roleName "Faculty" ; schema:startDate "2018"^^xsd:gYear ;
          schema:worksFor ex:mpi ] .
        ex:mpi a schema:ResearchOrganization .
        ex:paper a schema:ScholarlyArticle ; schema:award ex:best-paper .
        ex:best-paper a schema:Role ; schema:award "Best Paper" ; schema:startDate "2015-10"^^xsd:gYearMonth .
      `)).to.deep.equal([]);
    });

    it('checks the Role pattern through the role: the outer subject against the domain, the role\'s value against the range', () => {
      expect(check(`
        ex:paper a schema:ScholarlyArticle ; schema:author [ a schema:Role ; schema:author ex:koblenz ] .
        ex:koblenz a schema:Place .
        ex:acme a schema:Organization ; schema:worksFor [ a schema:EmployeeRole ; schema:worksFor ex:mpi ] .
        ex:mpi a schema:ResearchOrganization .
      `)).to.deep.equal([
        '<http://example.org/acme> schema:worksFor []: subject is schema:Organization, domain is schema:Person',
        '<http://example.org/paper> schema:author [] schema:author <http://example.org/koblenz>: object is schema:Place, range is schema:Organization or schema:Person',
      ]);
    });

    it('reports superseded schema.org terms, used as a property or as a class', () => {
      expect(check(`
        ex:me a schema:Person ; schema:colleagues ex:you .
        ex:you a schema:Person .
        ex:count a schema:UserComments .
      `)).to.deep.equal([
        '<http://example.org/count> a schema:UserComments: superseded by schema:InteractionCounter',
        '<http://example.org/me> schema:colleagues: superseded by schema:colleague',
      ]);
    });

    it('reports a FOAF property used outside its rdfs:domain or rdfs:range', () => {
      expect(check(`
        ex:acme a foaf:Organization ; foaf:currentProject ex:blueprint ; foaf:member ex:me .
        ex:me a foaf:Person ; foaf:page "https://example.org/me.html" .
      `)).to.deep.equal([
        '<http://example.org/acme> foaf:currentProject <http://example.org/blueprint>: subject is foaf:Organization, domain is foaf:Person',
        '<http://example.org/acme> foaf:member <http://example.org/me>: subject is foaf:Organization, domain is foaf:Group',
        '<http://example.org/me> foaf:page "https://example.org/me.html"^^xsd:string: object is a literal (xsd:string), range is foaf:Document',
      ]);
    });

    it('reports archaic FOAF terms and terms from any vocabulary other than schema.org, FOAF, BIBO and RDF collections', () => {
      expect(check(`
        ex:me a foaf:Person, dct:Agent ; foaf:surname "Mace" ; dct:creator ex:me .
      `)).to.deep.equal([
        '<http://example.org/me> <http://purl.org/dc/terms/creator>: not a schema.org, FOAF, BIBO or RDF collection term',
        '<http://example.org/me> a <http://purl.org/dc/terms/Agent>: not a schema.org, FOAF, BIBO or RDF collection term',
        '<http://example.org/me> foaf:surname: archaic FOAF term',
      ]);
    });

    it('checks literals and IRIs against the schema.org data types, including their subclasses', () => {
      expect(check(`
        ex:me a schema:Person ;
          schema:birthDate "yesterday" ;
          schema:name "Jonathan Mace"@en ;
          schema:url <https://example.org/> ;
          schema:address [ a schema:PostalAddress ; schema:postalCode 66123 ] .
        ex:event a schema:Event ; schema:startDate "2023"^^xsd:gYear ; schema:endDate "2023-10-26T18:00:00"^^xsd:dateTime ;
          schema:isAccessibleForFree true ; schema:maximumAttendeeCapacity 600 .
      `)).to.deep.equal([
        '<http://example.org/me> schema:address [] schema:postalCode "66123"^^xsd:integer: object is a literal (xsd:integer), range is schema:Text',
        '<http://example.org/me> schema:birthDate "yesterday"^^xsd:string: object is a literal (xsd:string), range is schema:Date',
      ]);
    });

    it('reads foaf:Person as schema:Person and schema:CreativeWork as foaf:Document for nodes typed on one side only', () => {
      expect(check(`
        ex:me a schema:Person ; foaf:knows ex:you ; foaf:page ex:statement .
        ex:you a foaf:Person . ex:statement a schema:DigitalDocument .
        ex:paper a schema:ScholarlyArticle ; schema:author ex:you .
      `)).to.deep.equal([]);
    });

    describe('BIBO and RDF collections', () => {
      it('accepts a work\'s ordered authors and editors: bibo:authorList and bibo:editorList on a CreativeWork (≡ foaf:Document ≡ bibo:Document), each an RDF collection', () => {
        expect(check(`
          ex:paper a schema:ScholarlyArticle ; schema:author ex:zoe, ex:jose ; bibo:authorList ( ex:zoe ex:jose ) .
          ex:book a schema:Book ; schema:editor ex:zoe ; bibo:editorList ( ex:zoe ) .
          ex:zoe a schema:Person . ex:jose a foaf:Person .
        `)).to.deep.equal([]);
      });

      it('accepts the empty list, rdf:nil, which the RDF vocabulary itself makes an rdf:List', () => {
        expect(check(`ex:paper a schema:ScholarlyArticle ; bibo:authorList () .`)).to.deep.equal([]);
      });

      it('reads bibo:Patent as a bibo:Document, hence a foaf:Document and a schema:CreativeWork', () => {
        expect(check(`
          ex:patent a bibo:Patent ; foaf:topic ex:tracing ; foaf:maker ex:zoe ; schema:author ex:zoe ; bibo:authorList ( ex:zoe ) .
          ex:zoe a schema:Person . ex:tracing a schema:DefinedTerm .
        `)).to.deep.equal([]);
      });

      it('reports a BIBO property and a BIBO class that BIBO does not define, and a deprecated BIBO term', () => {
        expect(check(`
          ex:paper a bibo:Paper ; bibo:authorOrder ( ex:zoe ) .
          ex:book a bibo:Book ; bibo:content "The text" .
          ex:zoe a schema:Person .
        `)).to.deep.equal([
          '<http://example.org/book> bibo:content: deprecated BIBO term',
          '<http://example.org/paper> a bibo:Paper: not a BIBO class',
          '<http://example.org/paper> bibo:authorOrder: not a BIBO property',
        ]);
      });

      it('reports bibo:authorList on a subject that is not a bibo:Document (rdfs:domain, which must hold)', () => {
        expect(check(`
          ex:zoe a schema:Person ; bibo:authorList ( ex:zoe ) .
          ex:event a schema:Event ; bibo:editorList ( ex:zoe ) .
        `)).to.deep.equal([
          '<http://example.org/event> bibo:editorList []: subject is schema:Event, domain is bibo:Document',
          '<http://example.org/zoe> bibo:authorList []: subject is schema:Person, domain is bibo:Document',
        ]);
      });

      it('reports a bibo:authorList that is no list: its range is the union of rdf:List and rdf:Seq, and the value is of neither', () => {
        expect(check(`
          ex:paper a schema:ScholarlyArticle ; bibo:authorList ex:zoe .
          ex:book a schema:Book ; bibo:editorList "Zoë, José" .
          ex:zoe a schema:Person .
        `)).to.deep.equal([
          '<http://example.org/book> bibo:editorList "Zoë, José"^^xsd:string: object is a literal (xsd:string), range is (rdf:List or rdf:Seq)',
          '<http://example.org/paper> bibo:authorList <http://example.org/zoe>: object is schema:Person, range is (rdf:List or rdf:Seq)',
        ]);
      });

      it('reports an rdf:rest on a node with no rdf:first, or leading to something that is not a list', () => {
        expect(check(`
          ex:paper a schema:ScholarlyArticle ; bibo:authorList ex:list .
          ex:list rdf:rest rdf:nil .
          ex:book a schema:Book ; bibo:authorList [ rdf:first ex:zoe ; rdf:rest ex:zoe ] .
          ex:zoe a schema:Person .
        `)).to.deep.equal([
          '<http://example.org/book> bibo:authorList [] rdf:rest <http://example.org/zoe>: object is schema:Person, range is rdf:List',
          '<http://example.org/list> rdf:rest <http://www.w3.org/1999/02/22-rdf-syntax-ns#nil>: subject is untyped, domain is rdf:List',
          '<http://example.org/paper> bibo:authorList <http://example.org/list>: object is untyped, range is (rdf:List or rdf:Seq)',
        ]);
      });

      it('allows of the RDF vocabulary only rdf:type and the collection terms', () => {
        expect(check(`
          ex:zoe a schema:Person ; rdf:value "Zoë" .
          ex:seq a rdf:Seq ; rdf:_1 ex:zoe .
        `)).to.deep.equal([
          '<http://example.org/seq> a rdf:Seq: not an RDF collection class',
          '<http://example.org/seq> rdf:_1: not an RDF collection property',
          '<http://example.org/zoe> rdf:value: not an RDF collection property',
        ]);
      });
    });
  });
});

import path from 'node:path';
import { expect } from 'chai';
import { Parser } from 'n3';
import { projectRoot } from '../src/config.js';
import { loadOntology } from '../src/ontology.js';
import { ProfileBuilder } from '../src/pipeline.js';
import { checkVocabulary, loadVocabulary, type Vocabulary } from './support/vocabulary.js';

const PREFIXES = `
  @prefix schema: <http://schema.org/> .
  @prefix foaf: <http://xmlns.com/foaf/0.1/> .
  @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
  @prefix dct: <http://purl.org/dc/terms/> .
  @prefix ex: <http://example.org/> .
`;

describe('Vocabulary conformance (schema.org 30.0 and FOAF 0.98, test/fixtures/vocab/)', () => {
  let vocab: Vocabulary;
  before(async () => {
    vocab = await loadVocabulary();
  });

  it('the default profile graph uses only current schema.org and FOAF terms, each within its domain and range', async () => {
    const profile = await new ProfileBuilder(await loadOntology()).build(path.join(projectRoot, 'data'), 'http://localhost:3000/');
    const violations = checkVocabulary(profile.graph, vocab);
    // Every violation in one run, one per line, rather than the first one.
    expect(violations, `${violations.length} vocabulary violation(s):\n  ${violations.join('\n  ')}\n`).to.deep.equal([]);
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

    it('reports archaic FOAF terms and terms from any vocabulary other than schema.org and FOAF', () => {
      expect(check(`
        ex:me a foaf:Person, dct:Agent ; foaf:surname "Mace" ; dct:creator ex:me .
      `)).to.deep.equal([
        '<http://example.org/me> <http://purl.org/dc/terms/creator>: not a schema.org or FOAF term',
        '<http://example.org/me> a <http://purl.org/dc/terms/Agent>: not a schema.org or FOAF term',
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
  });
});

import { expect } from 'chai';
import { analyseQuery, capRows, normaliseQuery } from '../../src/sparql/analyse.js';

describe('Reading a query\'s shape from its tokens', () => {
  it('finds the form after the prologue, in any case', () => {
    expect(analyseQuery('SELECT * WHERE { ?s ?p ?o }').form).to.equal('SELECT');
    expect(analyseQuery('PREFIX ex: <http://example.org/select#>\nBASE <http://x/>\nask { ?s ?p ?o }').form).to.equal('ASK');
    expect(analyseQuery('PREFIX : <http://example.org/>\nconstruct { ?s :p ?o } where { ?s :q ?o }').form).to.equal('CONSTRUCT');
    expect(analyseQuery('# DESCRIBE in a comment first\nDescribe <http://example.org/x>').form).to.equal('DESCRIBE');
  });

  it('leaves the form unknown when the text does not start like a query', () => {
    expect(analyseQuery('hello world').form).to.equal(undefined);
    expect(analyseQuery('\\u0053ELECT * WHERE {}').form).to.equal(undefined);
    expect(analyseQuery('').form).to.equal(undefined);
  });

  it('recognises every SPARQL Update operation as an update', () => {
    for (const op of ['INSERT DATA { <a> <b> <c> }', 'DELETE WHERE { ?s ?p ?o }', 'LOAD <http://example.org/x>', 'CLEAR ALL', 'DROP GRAPH <g>',
      'CREATE GRAPH <g>', 'ADD <a> TO <b>', 'MOVE <a> TO <b>', 'COPY <a> TO <b>', 'WITH <g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }',
      'PREFIX ex: <http://example.org/> insert { ex:a ex:b ex:c } where {}']) {
      const shape = analyseQuery(op);
      expect(shape.update, op).to.be.a('string');
      expect(shape.form, op).to.equal(undefined);
    }
  });

  it('calls cheap an ASK or a LIMIT of at most 100, and not a query that needs every solution first or holds a sub-query', () => {
    const cheap = (q: string) => analyseQuery(q).cheap;
    expect(cheap('ASK { ?s a ?type }')).to.equal(true);
    expect(cheap('SELECT ?s WHERE { ?s ?p ?o } LIMIT 100')).to.equal(true);
    expect(cheap('SELECT ?s WHERE { ?s ?p "ORDER BY" } LIMIT 10 # DISTINCT')).to.equal(true);
    expect(cheap('SELECT ?s WHERE { ?s ?p ?o } LIMIT 101')).to.equal(false);
    expect(cheap('SELECT ?s WHERE { ?s ?p ?o }')).to.equal(false);
    expect(cheap('SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 1')).to.equal(false);
    expect(cheap('SELECT DISTINCT ?s WHERE { ?s ?p ?o } LIMIT 1')).to.equal(false);
    expect(cheap('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o } LIMIT 1')).to.equal(false);
    expect(cheap('ASK { { SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s } }')).to.equal(false);
  });

  it('measures how deeply a query nests, brackets of every kind, not counting those in strings, IRIs or comments', () => {
    expect(analyseQuery('ASK { ?s ?p ?o }').nesting).to.equal(1);
    expect(analyseQuery('ASK { { ?s ?p [ ?q ( 1 2 ) ] } }').nesting).to.equal(4);
    expect(analyseQuery('ASK { ?s ?p "{{{{(((" # ((((\n FILTER(?o != <http://x/(>) }').nesting).to.equal(2);
  });

  it('finds SERVICE at any depth, and not in strings, IRIs, comments, variables or prefixed names', () => {
    expect(analyseQuery('SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }').service).to.equal(true);
    expect(analyseQuery('SELECT * WHERE { { SELECT ?s WHERE { service silent ?x { ?s ?p ?o } } } }').service).to.equal(true);
    expect(analyseQuery('SELECT * WHERE { ?s ?p "SERVICE" ; <http://x/SERVICE> ?service ; ex:SERVICE ?o } # SERVICE\n').service).to.equal(false);
    expect(analyseQuery('SELECT * WHERE { ?s ?p """a\n SERVICE <x> { } """ }').service).to.equal(false);
  });

  it('finds the top-level LIMIT and ignores those of sub-queries and inside strings', () => {
    const text = 'SELECT * WHERE { { SELECT ?s WHERE { ?s ?p "LIMIT 3" } LIMIT 7 } } ORDER BY ?s LIMIT 42 OFFSET 5';
    const shape = analyseQuery(text);
    expect(shape.limit?.value).to.equal(42n);
    expect(text.slice(shape.limit!.start, shape.limit!.end)).to.equal('42');
    expect(analyseQuery('SELECT * WHERE { { SELECT ?s WHERE { ?s ?p ?o } LIMIT 7 } }').limit).to.equal(undefined);
  });

  it('tells the operator `<` from an IRI', () => {
    const shape = analyseQuery('SELECT * WHERE { ?s ?p ?o FILTER(?o < 5 && ?o <= 3) } LIMIT 2');
    expect(shape.limit?.value).to.equal(2n);
  });

  it('marks a query with an unterminated string as not fully read', () => {
    expect(analyseQuery('SELECT * WHERE { ?s ?p "open }').complete).to.equal(false);
    expect(analyseQuery('SELECT * WHERE { ?s ?p "closed" }').complete).to.equal(true);
  });
});

describe('Capping the rows of a query', () => {
  const cap = (text: string, max = 100) => capRows(text, analyseQuery(text), max);

  it('adds a LIMIT on a line of its own, after a trailing comment', () => {
    expect(cap('SELECT * WHERE { ?s ?p ?o } # the end')).to.deep.equal({ text: 'SELECT * WHERE { ?s ?p ?o } # the end\nLIMIT 100', capped: true });
  });

  it('keeps a LIMIT within the cap, and lowers one above it', () => {
    expect(cap('SELECT * WHERE { ?s ?p ?o } LIMIT 10')).to.deep.equal({ text: 'SELECT * WHERE { ?s ?p ?o } LIMIT 10', capped: false });
    expect(cap('SELECT * WHERE { ?s ?p ?o } LIMIT 100')).to.deep.equal({ text: 'SELECT * WHERE { ?s ?p ?o } LIMIT 100', capped: false });
    expect(cap('SELECT * WHERE { ?s ?p ?o } LIMIT 99999999999999999999 OFFSET 1'))
      .to.deep.equal({ text: 'SELECT * WHERE { ?s ?p ?o } LIMIT 100 OFFSET 1', capped: true });
  });

  it('puts the LIMIT before a trailing VALUES clause, where the grammar wants it', () => {
    expect(cap('SELECT ?s WHERE { ?s ?p ?o } VALUES ?s { <http://x/> }').text)
      .to.equal('SELECT ?s WHERE { ?s ?p ?o } LIMIT 100\nVALUES ?s { <http://x/> }');
  });

  it('caps CONSTRUCT and DESCRIBE solutions, but not ASK, updates or unreadable text', () => {
    expect(cap('CONSTRUCT WHERE { ?s ?p ?o }').capped).to.equal(true);
    expect(cap('DESCRIBE <http://x/>').text).to.equal('DESCRIBE <http://x/>\nLIMIT 100');
    expect(cap('ASK { ?s ?p ?o }')).to.deep.equal({ text: 'ASK { ?s ?p ?o }', capped: false });
    expect(cap('INSERT DATA { <a> <b> <c> }').capped).to.equal(false);
    expect(cap('SELECT * WHERE { ?s ?p "open }').capped).to.equal(false);
  });

  it('sees a query naming its own dataset (FROM, FROM NAMED), and not a FROM inside a string or an IRI', () => {
    expect(analyseQuery('SELECT * FROM <http://g/> WHERE { ?s ?p ?o }').dataset).to.equal(true);
    expect(analyseQuery('select * from named <http://g/> { ?s ?p ?o }').dataset).to.equal(true);
    expect(analyseQuery('SELECT * WHERE { ?s ?p "FROM" . ?s <http://x/FROM> ?o } # FROM').dataset).to.equal(false);
  });
});

describe('The cache key\'s normal form of a query', () => {
  it('makes runs of whitespace one, outside strings and IRIs, and keeps a newline where a comment needs it', () => {
    expect(normaliseQuery('  SELECT  ?s\r\n\tWHERE {\n\n ?s ?p "a  b" }  ')).to.equal('SELECT ?s\nWHERE {\n?s ?p "a  b" }');
    expect(normaliseQuery('ASK { # a  comment\n  ?s ?p ?o }')).to.equal('ASK { # a  comment\n?s ?p ?o }');
    expect(normaliseQuery("ASK { ?s ?p '''x\n\n  y''' }")).to.equal("ASK { ?s ?p '''x\n\n  y''' }");
    expect(normaliseQuery('SELECT * WHERE { ?s  ?p  <http://x/a#b> }')).to.equal('SELECT * WHERE { ?s ?p <http://x/a#b> }');
  });

  it('only trims text it cannot be sure of: an unterminated string, \\u escapes', () => {
    expect(normaliseQuery(' ASK {  ?s ?p "open  }')).to.equal('ASK {  ?s ?p "open  }');
    expect(normaliseQuery('ASK {  <http://x/\\u0041> ?p ?o }')).to.equal('ASK {  <http://x/\\u0041> ?p ?o }');
  });
});

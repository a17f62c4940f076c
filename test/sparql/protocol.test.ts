import { expect } from 'chai';
import { HttpError as ProtocolError } from '../../src/http/answer.js';
import { checkQuery, readQueryRequest, type RequestInput } from '../../src/sparql/protocol.js';

const GRAPH = 'http://localhost:3000/dataset';
const limits = { maxQueryBytes: 100, graphNames: [GRAPH] };
const read = (input: Partial<RequestInput>) => readQueryRequest({ method: 'GET', search: '', ...input }, limits);
const form = (body: string, search = '') => read({ method: 'POST', search, contentType: 'application/x-www-form-urlencoded', body: Buffer.from(body) });

/** The status and message of the ProtocolError a call throws. */
function refusal(call: () => unknown): { status: number; message: string } {
  try {
    call();
  } catch (error) {
    if (error instanceof ProtocolError) return { status: error.status, message: error.message };
    throw error;
  }
  throw new Error('expected a ProtocolError');
}

describe('Reading a SPARQL protocol request', () => {
  it('reads the query from the URL of a GET, with + and percent-encoding decoded', () => {
    expect(read({ search: 'query=ASK+%7B%7D' })).to.deep.equal({ query: 'ASK {}', defaultGraphs: undefined, namedGraphs: undefined });
  });

  it('reads a GET with no query as a question about the service', () => {
    expect(read({ search: '' })).to.deep.equal({});
    expect(read({ search: 'unrelated=1' })).to.deep.equal({});
  });

  it('reads the query from a POSTed form, and from a POSTed query in any charset spelling of UTF-8', () => {
    expect(form('query=ASK%20%7B%7D').query).to.equal('ASK {}');
    const direct = read({ method: 'POST', contentType: 'application/sparql-query; charset=UTF-8', body: Buffer.from('ASK { ?s ?p "é" }') });
    expect(direct.query).to.equal('ASK { ?s ?p "é" }');
  });

  it('reads the dataset from default-graph-uri and named-graph-uri, in the body or the URL', () => {
    const request = form(`query=ASK%7B%7D&default-graph-uri=${encodeURIComponent(GRAPH)}`, `named-graph-uri=${encodeURIComponent(GRAPH)}`);
    expect(request.defaultGraphs).to.deep.equal([GRAPH]);
    expect(request.namedGraphs).to.deep.equal([GRAPH]);
    const direct = read({ method: 'POST', search: `default-graph-uri=${encodeURIComponent(GRAPH)}`, contentType: 'application/sparql-query', body: Buffer.from('ASK {}') });
    expect(direct.defaultGraphs).to.deep.equal([GRAPH]);
  });

  it('refuses graphs the endpoint does not hold, naming the ones it does', () => {
    const { status, message } = refusal(() => read({ search: 'query=ASK%7B%7D&default-graph-uri=http%3A%2F%2Fexample.org%2Fother' }));
    expect(status).to.equal(400);
    expect(message).to.equal(`there is no graph <http://example.org/other> here (default-graph-uri): this endpoint holds <${GRAPH}> and never fetches graphs from elsewhere`);
    expect(refusal(() => read({ search: 'query=ASK%7B%7D&named-graph-uri=not%20an%20iri' })).message).to.match(/^named-graph-uri must be an absolute IRI/);
  });

  it('refuses two queries, an empty query and a query that is too long', () => {
    expect(refusal(() => read({ search: 'query=ASK%7B%7D&query=ASK%7B%7D' }))).to.deep.equal({ status: 400, message: 'give one query parameter, not 2' });
    expect(refusal(() => read({ search: 'query=%20%0A' }))).to.deep.equal({ status: 400, message: 'the query is empty' });
    const long = `ASK { ?s ?p "${'x'.repeat(100)}" }`;
    expect(refusal(() => read({ search: `query=${encodeURIComponent(long)}` })).status).to.equal(414);
    expect(refusal(() => form(`query=${encodeURIComponent(long)}`))).to.deep.equal({
      status: 413, message: `the query is ${long.length} bytes long; this endpoint takes queries of at most 100 bytes`,
    });
  });

  it('counts the size of a query in UTF-8 bytes, not characters', () => {
    const query = `ASK { ?s ?p "${'é'.repeat(45)}" }`; // 61 characters, 106 bytes
    expect(refusal(() => read({ search: `query=${encodeURIComponent(query)}` })).message).to.match(/^the query is 106 bytes long/);
  });

  it('refuses the query given both in the body and in the URL', () => {
    expect(refusal(() => form('query=ASK%7B%7D', 'query=ASK%7B%7D')).status).to.equal(400);
    expect(refusal(() => read({ method: 'POST', search: 'query=ASK%7B%7D', contentType: 'application/sparql-query', body: Buffer.from('ASK {}') })).status).to.equal(400);
  });

  it('refuses a POST with no query, another content type, another charset or bytes that are not UTF-8', () => {
    expect(refusal(() => form('default=1'))).to.deep.equal({ status: 400, message: 'the request has no query parameter' });
    expect(refusal(() => read({ method: 'POST', contentType: 'text/plain', body: Buffer.from('ASK {}') })).status).to.equal(415);
    expect(refusal(() => read({ method: 'POST', body: Buffer.from('ASK {}') })).message).to.include('the request has no Content-Type');
    expect(refusal(() => read({ method: 'POST', contentType: 'application/sparql-query; charset=latin1', body: Buffer.from('ASK {}') })).status).to.equal(415);
    expect(refusal(() => read({ method: 'POST', contentType: 'application/sparql-query', body: Buffer.from([0x41, 0xff, 0xfe]) })))
      .to.deep.equal({ status: 400, message: 'the request body is not valid UTF-8' });
  });

  it('refuses SPARQL Update in every form it can come in, as read-only', () => {
    const readOnly = { status: 403, message: 'this endpoint is read-only: SPARQL Update is not accepted' };
    expect(refusal(() => read({ method: 'POST', contentType: 'application/sparql-update', body: Buffer.from('CLEAR ALL') }))).to.deep.equal(readOnly);
    expect(refusal(() => form('update=CLEAR%20ALL'))).to.deep.equal(readOnly);
    expect(refusal(() => read({ search: 'update=CLEAR%20ALL' }))).to.deep.equal(readOnly);
    expect(refusal(() => checkQuery('DROP ALL'))).to.deep.equal({ status: 403, message: 'this endpoint is read-only: SPARQL Update (DROP) is not accepted' });
  });

  it('refuses SERVICE, which would make the server send requests elsewhere', () => {
    expect(refusal(() => checkQuery('SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }')).status).to.equal(400);
    expect(checkQuery('SELECT * WHERE { ?s ?p ?o }').form).to.equal('SELECT');
  });
});

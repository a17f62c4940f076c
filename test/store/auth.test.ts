import { expect } from 'chai';
import { authorizationFor, basicAuthorization, credentialsFrom, parseChallenges } from '../../src/store/auth.js';
import { graphStoreUrl, PushError } from '../../src/store/push.js';

/** The example of RFC 7616 §3.9.1: Mufasa asks for /dir/index.html. */
const RFC_CHALLENGE = 'Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=%ALG%, ' +
  'nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"';
const MUFASA = { user: 'Mufasa', password: 'Circle of Life' };
const CNONCE = 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ';

const field = (header: string, name: string) => new RegExp(`${name}="?([^",]*)"?`).exec(header)?.[1];

describe('Authentication to a store', () => {
  it('answers the Digest challenge of RFC 7616 with the response it gives, for SHA-256 and for MD5', () => {
    for (const [algorithm, response] of [['SHA-256', '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1'], ['MD5', '8ca523f5e9506fed4657c9700eebdbec']]) {
      const header = authorizationFor(parseChallenges(RFC_CHALLENGE.replace('%ALG%', algorithm)), MUFASA, 'GET', '/dir/index.html', 1, CNONCE)!;
      expect(header, algorithm).to.match(/^Digest /);
      expect(field(header, 'response'), algorithm).to.equal(response);
      expect(field(header, 'nc')).to.equal('00000001');
      expect(field(header, 'qop')).to.equal('auth');
      expect(field(header, 'opaque')).to.equal('FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS');
      expect(header).to.not.include(MUFASA.password);
    }
  });

  it('prefers Digest with SHA-256 to MD5, and Digest to Basic, when offered several', () => {
    const offered = `Basic realm="x", ${RFC_CHALLENGE.replace('%ALG%', 'MD5')}, ${RFC_CHALLENGE.replace('%ALG%', 'SHA-256')}`;
    expect(parseChallenges(offered).map((c) => c.scheme)).to.deep.equal(['basic', 'digest', 'digest']);
    expect(field(authorizationFor(parseChallenges(offered), MUFASA, 'GET', '/', 1, CNONCE)!, 'algorithm')).to.equal('SHA-256');
    expect(authorizationFor(parseChallenges('Basic realm="store"'), MUFASA, 'PUT', '/')).to.equal(basicAuthorization(MUFASA));
    expect(basicAuthorization(MUFASA)).to.equal(`Basic ${Buffer.from('Mufasa:Circle of Life').toString('base64')}`);
    expect(authorizationFor(parseChallenges('Bearer realm="x"'), MUFASA, 'PUT', '/')).to.equal(undefined);
  });

  it('reads Virtuoso\'s challenge, quoted and unquoted parameters alike', () => {
    const [challenge] = parseChallenges('Digest realm="SPARQL", domain="/sparql-graph-crud-auth", nonce="fe16", opaque="5ebe", stale="false", qop="auth", algorithm="MD5"');
    expect(challenge).to.deep.equal({ scheme: 'digest', params: { realm: 'SPARQL', domain: '/sparql-graph-crud-auth', nonce: 'fe16', opaque: '5ebe', stale: 'false', qop: 'auth', algorithm: 'MD5' } });
  });

  it('counts the uses of a nonce in nc', () => {
    const header = authorizationFor(parseChallenges(RFC_CHALLENGE.replace('%ALG%', 'MD5')), MUFASA, 'PUT', '/', 2, CNONCE)!;
    expect(field(header, 'nc')).to.equal('00000002');
  });

  it('takes the credentials from the environment only, both or neither', () => {
    expect(credentialsFrom({})).to.equal(undefined);
    expect(credentialsFrom({ LODFOLIO_STORE_USER: 'dba', LODFOLIO_STORE_PASSWORD: 'pw' })).to.deep.equal({ user: 'dba', password: 'pw' });
    expect(() => credentialsFrom({ LODFOLIO_STORE_PASSWORD: 'pw' })).to.throw(/LODFOLIO_STORE_USER is not/);
    expect(() => credentialsFrom({ LODFOLIO_STORE_USER: 'dba' })).to.throw(/LODFOLIO_STORE_PASSWORD is not/);
  });

  it('puts the graph into the store URL as the Graph Store protocol names it, and refuses a URL with credentials in it', () => {
    expect(graphStoreUrl('http://localhost:8890/sparql-graph-crud-auth', 'https://example.org/dataset').href)
      .to.equal('http://localhost:8890/sparql-graph-crud-auth?graph=https%3A%2F%2Fexample.org%2Fdataset');
    expect(graphStoreUrl('http://localhost:7200/repositories/x/rdf-graphs/service?infer=false', 'urn:g').search).to.equal('?infer=false&graph=urn%3Ag');
    expect(() => graphStoreUrl('http://dba:secret@localhost:8890/x', 'urn:g')).to.throw(PushError, /LODFOLIO_STORE_USER/)
      .with.property('message').that.does.not.include('secret');
    expect(() => graphStoreUrl('ftp://localhost/x', 'urn:g')).to.throw(PushError, /http\(s\)/);
    expect(() => graphStoreUrl('http://localhost/x', 'not an iri')).to.throw(PushError, /absolute IRI/);
  });
});

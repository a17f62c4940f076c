import { expect } from 'chai';
import { demoDir } from '../support/fixtures.js';
import { builtSite, otherUser, requireServer, startServer, type RunningServer } from './servers.js';
import { describeStaticServer, get } from './suite.js';

// Debian's stock Apache with mod_headers and mod_userdir: the built demo site as ~prof's public_html,
// with only the files build wrote there (its .htaccess and type maps), beside another user's folder.
describeStaticServer('apache-userdir', '/~prof/');

describe('Debian\'s stock Apache serving ~prof\'s site and another user\'s folder', function () {
  this.timeout(300_000);
  let server: RunningServer;
  before(async function () {
    requireServer(this, 'apache-userdir');
    server = await startServer('apache-userdir', await builtSite(demoDir, '/~prof/'));
  });
  after(async () => { await server?.stop(); });

  it('leaves the other user\'s folder as Apache serves it by default: no CORS, caching, type maps, 404 page or negotiation of the site', async () => {
    const other = `${server.url}/~${otherUser.name}/`;
    const index = await get(other, { accept: 'text/turtle' });
    expect(index.status).to.equal(200);
    expect(index.body.toString()).to.equal(otherUser.files['index.html']);
    expect(index.headers['content-type']).to.equal('text/html');
    const notes = await get(`${other}notes.txt`, { origin: 'https://app.example' });
    expect(notes.status).to.equal(200);
    expect(notes.headers['content-type']).to.equal('text/plain');
    for (const res of [index, notes]) {
      for (const h of ['access-control-allow-origin', 'cache-control', 'x-content-type-options', 'content-location', 'link']) expect(res.headers[h], h).to.equal(undefined);
    }
    const missing = await get(`${other}nothing/here`);
    expect(missing.status).to.equal(404);
    expect(missing.body.toString()).to.include('<title>404 Not Found</title>').and.not.include('lodfolio');
    // MultiViews (on in userdir.conf) still negotiates among the other user's files as it did.
    expect((await get(`${other}notes`)).body.toString()).to.equal(otherUser.files['notes.txt']);
  });

  it('needs nothing of the server\'s configuration but what Debian has and a2enmod headers userdir: no mod_rewrite, no Header, no mention of the site', async () => {
    const directives = server.config.split('\n').filter((l) => !/^\s*(#|$)/.test(l)).join('\n');
    expect(directives).to.not.match(/rewrite|^\s*Header\b|\bprof\b|\.var\b/im);
    expect(directives).to.match(/headers\.load/).and.match(/userdir\.load/);
    expect((await get(`${server.url}/~prof/people/thomas-davidson`, { accept: 'text/turtle' })).headers['content-type']).to.equal('text/turtle; charset=utf-8');
  });
});

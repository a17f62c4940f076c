import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { buildStatic } from '../../src/build.js';
import { serveSite } from '../../src/server.js';
import { built, defaultBase, listening, testLastModified } from './support.js';
import { secondDir } from '../support/fixtures.js';
import { sharedBuilder } from '../support/profile.js';

/** WebFinger (RFC 7033) as a fediverse server asks it, of `lodfolio serve` on the second fixture profile. */

const person = `${defaultBase}#me`;

describe('WebFinger', function () {
  this.timeout(120_000);
  let server: { url: string; close: () => Promise<void> };
  const finger = (query: string) => fetch(`${server.url}/.well-known/webfinger${query}`);
  before(async () => { server = await listening((await built({ dataDir: secondDir })).app); });
  after(async () => { await server?.close(); });

  it("answers for the person's IRI with a JRD naming the profile page, the RDF and the accounts, readable from any origin", async () => {
    const res = await finger(`?resource=${encodeURIComponent(person)}`);
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.equal('application/jrd+json');
    expect(res.headers.get('access-control-allow-origin')).to.equal('*');
    const jrd = await res.json() as { subject: string; aliases: string[]; links: Array<{ rel: string; type?: string; href: string }> };
    expect(jrd.subject).to.equal(person);
    expect(jrd.aliases).to.include.members([defaultBase, 'https://fediscience.example/@zoe', 'https://orcid.org/0000-0003-1415-9269']);
    expect(jrd.links).to.deep.include({ rel: 'http://webfinger.net/rel/profile-page', type: 'text/html', href: defaultBase });
    expect(jrd.links).to.deep.include({ rel: 'self', type: 'text/turtle', href: `${defaultBase}index.ttl` });
    // What `self` names is the person's description, in that format.
    const turtle = await fetch(`${server.url}/index.ttl`);
    expect(turtle.headers.get('content-type')).to.equal('text/turtle; charset=utf-8');
  });

  it('answers for the profile page and an alias with the same descriptor', async () => {
    for (const resource of [defaultBase, 'https://fediscience.example/@zoe']) {
      const res = await finger(`?resource=${encodeURIComponent(resource)}&rel=self`);
      expect(res.status, resource).to.equal(200);
      expect((await res.json() as { subject: string }).subject).to.equal(person);
    }
  });

  it('answers 400 when no resource is named, and 404 for one it does not know', async () => {
    for (const query of ['', '?resource=', '?rel=self', `?resource=a&resource=${encodeURIComponent(person)}`]) {
      const res = await finger(query);
      expect(res.status, query).to.equal(400);
      expect(res.headers.get('access-control-allow-origin')).to.equal('*');
    }
    const unknown = await finger(`?resource=${encodeURIComponent('acct:nobody@localhost')}`);
    expect(unknown.status).to.equal(404);
    expect(unknown.headers.get('access-control-allow-origin')).to.equal('*');
  });

  it('answers the same from a built site served as it lies', async () => {
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-webfinger-'));
    try {
      const out = path.join(tmp, 'site');
      await buildStatic({ dataDir: secondDir, base: defaultBase, out, lastModified: testLastModified, builder: await sharedBuilder(), threads: 0 });
      const serving = await serveSite({ port: 0, host: '127.0.0.1' }, out, { sparql: false, write: () => {} });
      try {
        const url = `http://127.0.0.1:${serving.listening.port}/.well-known/webfinger`;
        const [fromSite, fromServe] = await Promise.all([fetch(`${url}?resource=${encodeURIComponent(person)}`), finger(`?resource=${encodeURIComponent(person)}`)]);
        expect(fromSite.status).to.equal(200);
        expect(await fromSite.text()).to.equal(await fromServe.text());
        expect((await fetch(url)).status).to.equal(400);
      } finally {
        await serving.stop();
      }
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  });
});

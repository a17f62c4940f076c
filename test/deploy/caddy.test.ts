import { readFile } from 'node:fs/promises';
import { expect } from 'chai';
import { readManifest } from '../../src/publish/site-files.js';
import { describeStaticServer, get, largeWorkWithoutCopy, tableDifferences, turtleOf } from './suite.js';

// Caddy (Debian's package, 2.6) over the built demo site, at the root and under a user's sub-path.
describeStaticServer('caddy', '/', (running) => {
  it('negotiates by the table of Accept headers: on 1,000 random ones, 1,287 of 2,000 answers are negotiate()\'s, and every other is the table\'s fallback (which cannot weigh q-values)', async () => {
    const { server, site } = running();
    const { agree, unexplained } = await tableDifferences(server, site);
    expect(unexplained, 'differences the table does not give').to.deep.equal([]);
    // The figure docs/building.md gives.
    expect(agree).to.equal(1287);
  });

  it('sends a file the build wrote no copy of as it is to a client that takes gzip: its bytes, its own ETag with a 304, and a range of it as that range of the file', async () => {
    const { server, site } = running();
    const work = largeWorkWithoutCopy(await readManifest(site.root), site);
    const bytes = await readFile(turtleOf(site, work));
    const url = `${server.url}${work}.ttl`;
    const plain = await get(url);
    const asked = await get(url, { 'accept-encoding': 'gzip' });
    expect(asked.headers['content-encoding']).to.equal(undefined);
    expect(asked.body.equals(bytes)).to.equal(true);
    expect(asked.headers.etag).to.be.a('string').and.equal(plain.headers.etag);
    expect((await get(url, { 'accept-encoding': 'gzip', 'if-none-match': asked.headers.etag! })).status).to.equal(304);
    const range = await get(url, { 'accept-encoding': 'gzip', range: 'bytes=0-99' });
    expect(range.status).to.equal(206);
    expect(range.headers['content-encoding']).to.equal(undefined);
    expect(range.headers['content-range']).to.equal(`bytes 0-99/${bytes.length}`);
    expect(range.body.equals(bytes.subarray(0, 100))).to.equal(true);
  });
});
describeStaticServer('caddy', '/~ada/');

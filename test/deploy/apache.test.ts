import { expect } from 'chai';
import { describeStaticServer, tableDifferences } from './suite.js';

// Apache httpd (Debian's apache2) over the built demo site, at the root and under a user's sub-path.
describeStaticServer('apache', '/', (running) => {
  it('negotiates by the table of Accept headers: on 1,000 random ones, 1,287 of 2,000 answers are negotiate()\'s, and every other is the table\'s fallback (which cannot weigh q-values)', async () => {
    const { server, site } = running();
    const { agree, unexplained } = await tableDifferences(server, site);
    expect(unexplained, 'differences the table does not give').to.deep.equal([]);
    // The figure docs/building.md gives.
    expect(agree).to.equal(1287);
  });
});
describeStaticServer('apache', '/~ada/');

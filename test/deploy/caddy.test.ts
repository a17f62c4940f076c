import { expect } from 'chai';
import { negotiationPlan } from '../../src/deploy/plan.js';
import { readManifest } from '../../src/publish/site-files.js';
import { describeStaticServer, randomDifferences } from './suite.js';
import { looked } from './table.js';

// Caddy (Debian's package, 2.6) over the built demo site, at the root and under a user's sub-path.
describeStaticServer('caddy', '/', (running) => {
  it('negotiates by the table of Accept headers: on 1,000 random ones, 1,287 of 2,000 answers are negotiate()\'s, and every other is the table\'s fallback (which cannot weigh q-values)', async () => {
    const { server, site } = running();
    const manifest = await readManifest(site.root);
    const plan = negotiationPlan(manifest);
    const { compared, differences } = await randomDifferences(server, site);
    expect(compared).to.equal(2000);
    const same = (type: string | undefined) => type?.replace('; ', ';');
    const unexplained = differences.filter((d) => same(d.got) !== same(looked(plan, manifest.documents[d.doc], d.accept)))
      .map((d) => `${d.accept} at ${d.doc}: ${d.got ?? 406}, not ${d.expected ?? 406}`);
    expect(unexplained, 'differences the table does not give').to.deep.equal([]);
    // The figure docs/building.md gives.
    expect(compared - differences.length).to.equal(1287);
  });
});
describeStaticServer('caddy', '/~ada/');

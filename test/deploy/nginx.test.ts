import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { nginxConfig } from '../../src/deploy/nginx.js';
import { readManifest } from '../../src/publish/site-files.js';
import { describeStaticServer, randomDifferences } from './suite.js';

// nginx (Debian's package, with its njs module) over the built demo site, at the root and under a user's sub-path.
describeStaticServer('nginx', '/', (running) => {
  it('runs lodfolio serve\'s own negotiation in njs, and so agrees with negotiate() on all of 1,000 random Accept headers at a person\'s page and a work\'s', async () => {
    const { server, site } = running();
    expect(server.config).to.match(/^load_module .*ngx_http_js_module\.so";$/m).and.include('js_set $lodfolio_choice lodfolio.choice;');
    const { compared, differences } = await randomDifferences(server, site);
    expect(compared).to.equal(2000);
    expect(differences).to.deep.equal([]);
  });

  it('falls back to the table of Accept headers where njs is missing, in a configuration nginx accepts (nginx -t)', async () => {
    const { site } = running();
    const prefix = await mkdtemp(path.join(tmpdir(), 'lodfolio-nginx-table-'));
    try {
      const config = nginxConfig({ root: site.root, manifest: await readManifest(site.root), listen: '127.0.0.1:8080', prefix });
      expect(config).to.include('map $http_accept $lodfolio_rank {').and.not.include('js_');
      await writeFile(path.join(prefix, 'nginx.conf'), config);
      const { stderr } = await promisify(execFile)('/usr/sbin/nginx', ['-t', '-p', prefix, '-c', path.join(prefix, 'nginx.conf')]);
      expect(stderr).to.include('test is successful');
    } finally {
      await rm(prefix, { recursive: true, force: true });
    }
  });
});
describeStaticServer('nginx', '/~ada/');

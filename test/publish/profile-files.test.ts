import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { buildStatic, type StaticBuild } from '../../src/build.js';
import { publishProfile } from '../../src/publish/profile-site.js';
import { publicDir } from '../../src/config.js';
import { testLastModified } from '../http/support.js';
import { customDir } from '../support/fixtures.js';
import { buildProfile, sharedBuilder } from '../support/profile.js';

/**
 * A profile's files/ folder (its photo, PDFs): named by URL fields as
 * `files/…`, served on the site's own host, copied by a build and kept by
 * the next one.
 */
describe('A profile\'s own files', function () {
  this.timeout(180_000);
  const photo = path.join(customDir, 'files', 'me.jpg');
  const pdf = path.join(customDir, 'files', 'strong-verbs.pdf');

  it('are served at their path with their media type, and a photo among them shows at its proportions', async () => {
    const { representations } = await publishProfile(await buildProfile(customDir), { lastModified: testLastModified, publicDir });
    const body = (p: string) => representations.route(p)!.resource.variants[0];
    expect(body('/files/me.jpg').mediaType).to.equal('image/jpeg');
    expect(body('/files/me.jpg').bodies.identity).to.deep.equal(await readFile(photo));
    expect(body('/files/strong-verbs.pdf').mediaType).to.equal('application/pdf');
    const home = (body('/').bodies.identity as Buffer).toString('utf8');
    // 240 × 300 pixels, shown 160 wide.
    expect(home).to.include('<img class="photo u-photo" src="/files/me.jpg" alt="Ines Albrecht" width="160" height="200"/>');
  });

  describe('in a build', () => {
    let out: string;
    let first: StaticBuild;
    before(async () => {
      out = path.join(await mkdtemp(path.join(os.tmpdir(), 'lodfolio-files-')), 'site');
      first = await buildStatic({ dataDir: customDir, base: 'https://ines.example/', out, lastModified: testLastModified, builder: await sharedBuilder(), threads: 0 });
    });
    after(() => rm(path.dirname(out), { recursive: true, force: true }));

    it('are copied into the site as they are, their sizes reported, and a local PDF is Scholar\'s citation_pdf_url on the same host', async () => {
      expect(await readFile(path.join(out, 'files', 'me.jpg'))).to.deep.equal(await readFile(photo));
      expect(await readFile(path.join(out, 'files', 'strong-verbs.pdf'))).to.deep.equal(await readFile(pdf));
      expect(first.profileFiles).to.deep.equal([
        { path: 'files/me.jpg', bytes: (await stat(photo)).size },
        { path: 'files/strong-verbs.pdf', bytes: (await stat(pdf)).size },
      ]);
      const paper = await readFile(path.join(out, 'publications', 'strong-verbs-2023.html'), 'utf8');
      expect(paper).to.include('<meta name="citation_pdf_url" content="https://ines.example/files/strong-verbs.pdf"/>');
      expect(paper).to.include('href="/files/strong-verbs.pdf"');
    });

    it('are kept by the next build, unchanged files with their dates', async () => {
      const before = (await stat(path.join(out, 'files', 'me.jpg'))).mtimeMs;
      await buildStatic({ dataDir: customDir, base: 'https://ines.example/', out, lastModified: testLastModified, builder: await sharedBuilder(), threads: 0 });
      expect(await readFile(path.join(out, 'files', 'me.jpg'))).to.deep.equal(await readFile(photo));
      expect((await stat(path.join(out, 'files', 'me.jpg'))).mtimeMs).to.equal(before);
    });
  });
});

import { cp, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
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
    const body = (p: string) => representations.route(p)!.resource.variant(0);
    expect(body('/files/me.jpg').mediaType).to.equal('image/jpeg');
    expect(body('/files/me.jpg').bodies.identity).to.deep.equal(await readFile(photo));
    expect(body('/files/strong-verbs.pdf').mediaType).to.equal('application/pdf');
    const home = (body('/').bodies.identity as Buffer).toString('utf8');
    // 240 × 300 pixels, shown 160 wide.
    expect(home).to.include('<img class="photo u-photo" src="/files/me.jpg" alt="Ines Albrecht" width="160" height="200"/>');
  });

  it('may have spaces and accents in their names, composed as a Mac writes them or as the YAML types them', async () => {
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-names-'));
    try {
      await cp(customDir, tmp, { recursive: true });
      // On disk decomposed (NFD: "u" and a combining diaeresis), in the YAML composed (NFC: "ü"), as she typed it.
      const onDisk = 'Lebenslauf Ku\u0308hn.pdf';
      await rename(path.join(tmp, 'files', 'strong-verbs.pdf'), path.join(tmp, 'files', onDisk));
      const works = path.join(tmp, 'works.yaml');
      await writeFile(works, (await readFile(works, 'utf8')).replace('pdf: files/strong-verbs.pdf', 'pdf: files/Lebenslauf K\u00fchn.pdf'));
      const { representations } = await publishProfile(await buildProfile(tmp), { lastModified: testLastModified, publicDir });
      const served = `/files/${encodeURIComponent(onDisk)}`;
      expect(representations.route(served)!.resource.variant(0).bodies.identity).to.deep.equal(await readFile(pdf));
      const paper = (representations.route('/publications/strong-verbs-2023')!.resource.variant(0).bodies.identity as Buffer).toString('utf8');
      expect(paper).to.include(`href="${served}"`);
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  });

  describe('in a build', () => {
    let out: string;
    /** A copy of the profile, whose files a test may edit. */
    let profile: string;
    let first: StaticBuild;
    const build = async () => buildStatic({ dataDir: profile, base: 'https://ines.example/', out, lastModified: testLastModified, builder: await sharedBuilder(), threads: 0 });
    before(async () => {
      const tmp = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-files-'));
      out = path.join(tmp, 'site');
      profile = path.join(tmp, 'profile');
      await cp(customDir, profile, { recursive: true });
      first = await build();
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

    it('are kept by the next build, an unchanged file hard-linked from the previous build (the same inode, its date kept), an edited one written anew', async () => {
      const [sitePhoto, sitePdf] = [path.join(out, 'files', 'me.jpg'), path.join(out, 'files', 'strong-verbs.pdf')];
      const [photoBefore, pdfBefore] = [await stat(sitePhoto), await stat(sitePdf)];
      await build();
      expect(await readFile(sitePhoto)).to.deep.equal(await readFile(photo));
      for (const [file, before] of [[sitePhoto, photoBefore], [sitePdf, pdfBefore]] as const) {
        const now = await stat(file);
        expect([now.ino, now.mtimeMs], file).to.deep.equal([before.ino, before.mtimeMs]);
      }
      // The same size, other bytes: only the digest tells.
      const edited = Buffer.from(await readFile(pdf));
      edited[edited.length - 2] ^= 1;
      await writeFile(path.join(profile, 'files', 'strong-verbs.pdf'), edited);
      await build();
      expect(await readFile(sitePdf)).to.deep.equal(edited);
      expect((await stat(sitePdf)).ino, 'the edited file').to.not.equal(pdfBefore.ino);
      expect((await stat(sitePhoto)).ino, 'the unchanged one').to.equal(photoBefore.ino);
    });
  });
});

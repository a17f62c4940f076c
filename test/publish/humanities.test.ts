import { expect } from 'chai';
import { publishProfile } from '../../src/publish/profile-site.js';
import { publicDir } from '../../src/config.js';
import { servedText, testLastModified } from '../http/support.js';
import { humanitiesDir } from '../support/fixtures.js';
import { buildProfile } from '../support/profile.js';

/**
 * A humanities scholar's profile (test/fixtures/profiles/humanities, in
 * French): what her pages show of the works her field publishes.
 */
describe('A humanities scholar\'s pages', function () {
  this.timeout(120_000);
  let served: (path: string) => string;
  before(async () => {
    const { representations } = await publishProfile(await buildProfile(humanitiesDir), { lastModified: testLastModified, publicDir });
    served = (path) => servedText(representations, path)!;
  });
  const entryOf = (page: string, id: string) => new RegExp(`<li class="work[^]*?href="/publications/${id}#id"[^]*?</li>`).exec(page)?.[0];
  const main = (page: string) => page.slice(page.indexOf('<main'), page.indexOf('</main>'));

  it('list a volume she edited among her publications on the homepage, the CV and the publications listing, newest first, its editors marked as such', () => {
    for (const path of ['/', '/cv.html', '/publications/']) {
      const page = main(served(path));
      const entry = entryOf(page, 'variation-2020');
      expect(entry, `the edited volume on ${path}`).to.be.a('string');
      expect(entry).to.include('<span class="byline p-author"><strong><a href="/#me">Élise Dupont</a></strong>, <a href="/people/francois-lefevre#id">François Lefèvre</a> (éd.)</span>');
      expect(entry, 'said once, in the byline').to.not.include('sous la direction de');
      expect(page.indexOf('/publications/parler-jeune-2024#id'), `newest first on ${path}`).to.be.lessThan(page.indexOf('/publications/variation-2020#id'));
    }
  });
});

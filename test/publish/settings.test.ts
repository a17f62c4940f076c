import { expect } from 'chai';
import type { Profile } from '../../src/pipeline.js';
import { publishProfile } from '../../src/publish/profile-site.js';
import { defaultSettings, type SiteSettings } from '../../src/site/settings.js';
import { testLastModified } from '../http/support.js';
import { demoDir } from '../support/fixtures.js';
import { buildProfile } from '../support/profile.js';

/**
 * A site's settings (site/settings.ts), passed where the site is built: the
 * pages show the homepage's sections, the listings and the references as
 * they say, not as code fixes them.
 */
describe('A site\'s settings', function () {
  this.timeout(120_000);
  let profile: Profile;
  before(async () => { profile = await buildProfile(demoDir); });

  const publish = async (settings: Partial<SiteSettings>) => {
    const { site, representations } = await publishProfile(profile, {
      lastModified: testLastModified, publicDir: demoDir, settings: { ...defaultSettings, ...settings },
    });
    const page = (path: string, type = 'text/html') => {
      const variant = representations.route(path)?.resource.variants.find((v) => v.mediaType === type);
      return (variant?.bodies.identity as Buffer | undefined)?.toString('utf8');
    };
    return { site, page };
  };
  const headings = (html: string) => [...html.matchAll(/<h2 id="[a-z]+-title">([^<]*)<\/h2>/g)].map((m) => m[1]);
  const nav = (html: string) => [...(/<nav aria-label="Sections">(.*?)<\/nav>/.exec(html)?.[1] ?? '').matchAll(/>([^<>]+)<\/a>/g)].map((m) => m[1]);

  it('show the homepage\'s sections in the order they give, linked from the header where they say so', async () => {
    const standard = (await publish({})).page('/')!;
    expect(headings(standard)).to.deep.equal(['About', 'News', 'Research', 'Publications', 'Awards', 'Software', 'Group', 'Theses', 'Teaching', 'Service', 'Colleagues', 'Contact', 'Lists']);
    expect(nav(standard)).to.deep.equal(['News', 'Research', 'Publications', 'Awards', 'Group', 'Teaching', 'Contact']);
    const home = (await publish({ home: [{ id: 'contact', nav: true }, { id: 'publications', nav: false }, { id: 'about', nav: true }] })).page('/')!;
    expect(headings(home)).to.deep.equal(['Contact', 'Publications', 'About']);
    expect(nav(home)).to.deep.equal(['Contact', 'About']);
    expect(home).to.not.include('id="teaching"');
  });

  it('cut the homepage\'s publications to as many as they say, and page the listing by their page size', async () => {
    const { site, page } = await publish({
      listings: { pageSize: 4, collections: [{ ...defaultSettings.listings.collections[0], onHome: 3 }] },
    });
    const all = /(\d+) entries in all/.exec(page('/publications/')!)![1];
    expect(Number(all)).to.be.greaterThan(8);
    const pages = site.documents.map((d) => d.path).filter((p) => p === '/publications/' || p.startsWith('/publications/page/'));
    expect(pages).to.have.length(Math.ceil(Number(all) / 4));
    expect(page('/')).to.include(`The 3 most recent of ${all}: <a href="/publications/">all publications, by year</a>`);
    expect(page('/people/'), 'only the listings they name').to.equal(undefined);
  });

  it('give a work\'s reference in their citation style, and refuse a style there is no file for', async () => {
    const paper = '/publications/pivot-tracing-sosp-2015';
    const apa = /<p class="reference">([^<]*)<\/p>/.exec((await publish({})).page(paper)!)![1];
    const ieee = await publish({ citationStyle: 'ieee' });
    const reference = /<p class="reference">([^<]*)<\/p>/.exec(ieee.page(paper)!)![1];
    expect(reference).to.match(/^\[1\] J\. Mace/);
    expect(apa).to.match(/^Mace, J\./);
    expect(ieee.page(paper, 'text/x-bibliography;style=ieee')).to.match(/^\[1\]/);
    try {
      await publish({ citationStyle: 'mla' });
      expect.fail('published with a style that has no file');
    } catch (error) {
      expect((error as Error).message).to.match(/^the citation style "mla" of the site's settings has no file .*mla\.csl; the styles are apa, chicago-author-date, ieee$/);
    }
  });
});

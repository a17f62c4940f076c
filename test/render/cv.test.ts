import { expect } from 'chai';
import { built, servedText } from '../http/support.js';
import { demoDir, escapeHtml, facts, generatedProfile, type Entry } from '../support/fixtures.js';

/**
 * The printable CV (`/cv.html`) as a reader sees it: every work the scholar
 * wrote, once each, under its year, newest year first. (Its sections and
 * words in another language are test/publish/settings.test.ts.)
 */
describe('the printable CV', function () {
  this.timeout(120_000);

  for (const profile of [{ name: 'demo', dir: demoDir }, generatedProfile]) {
    describe(`of the ${profile.name} profile`, () => {
      let main: string;
      before(async () => {
        const cv = servedText((await built({ dataDir: profile.dir })).representations, '/cv.html')!;
        main = cv.slice(cv.indexOf('<main'), cv.indexOf('</main>'));
      });
      const { person, list } = facts(profile.dir);
      const authorIds = (w: Entry): string[] => ((w.authors ?? []) as Array<string | Entry>).map((a) => (typeof a === 'string' ? a : String(a.id)));
      const own = list('publications').filter((w) => authorIds(w).includes(String(person.id)));

      it('lists every work the scholar wrote, each once, with its title', () => {
        expect(own.length).to.be.greaterThan(0);
        const titles = [...main.matchAll(/<span class="title p-name"><a href="\/publications\/([^"#]+)#id">([^<]*)<\/a><\/span>/g)];
        expect(titles.map((m) => m[1]).sort()).to.deep.equal(own.map((w) => String(w.id)).sort());
        const named = new Map(own.filter((w) => w.name !== undefined).map((w) => [String(w.id), escapeHtml(String(w.name))]));
        expect(titles.filter((m) => named.has(m[1]) && named.get(m[1]) !== m[2]).map((m) => m[1])).to.deep.equal([]);
      });

      it('groups the works by year, the newest year first', () => {
        const years = [...main.matchAll(/<h3 class="year">(\d{4})<\/h3>/g)].map((m) => m[1]);
        const published = new Set(own.map((w) => String(w.datePublished).slice(0, 4)));
        expect(years).to.deep.equal([...published].sort().reverse());
      });
    });
  }
});

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
  const entryOf = (page: string, id: string) => new RegExp(`<li class="work[^>]*>\\n<span class="title p-name"><a href="/publications/${id}#id"[^]*?</li>`).exec(page)?.[0];
  const main = (page: string) => page.slice(page.indexOf('<main'), page.indexOf('</main>'));

  it('list a volume she edited among her publications on the homepage, the CV and the publications listing, newest first, its editors marked as such', () => {
    for (const path of ['/', '/cv.html', '/publications/']) {
      const page = main(served(path));
      const entry = entryOf(page, 'variation-2020');
      expect(entry, `the edited volume on ${path}`).to.be.a('string');
      expect(entry).to.include('<div class="byline p-author"><strong><a href="/#me">Élise Dupont</a></strong>, <a href="/people/francois-lefevre#id">François Lefèvre</a> (éd.)</div>');
      expect(entry, 'said once, in the byline').to.not.include('sous la direction de');
      expect(page.indexOf('/publications/parler-jeune-2024#id'), `newest first on ${path}`).to.be.lessThan(page.indexOf('/publications/variation-2020#id'));
    }
  });

  it('show a book\'s series and its number there, edition and place of publication on its page, in French, and the translator of a translation', () => {
    const book = main(served('/publications/variation-2020'));
    expect(book).to.include('<div><dt>Collection</dt><dd><strong>Rivages linguistiques</strong></dd></div>\n<div><dt>Numéro dans la collection</dt><dd>12</dd></div>');
    expect(book).to.include('<dt>Édition</dt><dd>2</dd>').and.include('<dt>Lieu d’édition</dt><dd><strong>Rennes</strong></dd>').and.not.include('<dt>Volume</dt>');
    expect(main(served('/publications/cours-2016'))).to.include('<dt>Traducteurs</dt><dd><a href="/#me">Élise Dupont</a></dd>');
  });

  it('carry a book\'s series, its number, edition and place into its references and its chapters\' (CSL-JSON, BibTeX, RIS), never as a volume', () => {
    for (const id of ['variation-2020', 'marqueurs-2020']) {
      const [item] = JSON.parse(served(`/publications/${id}.csl.json`)) as Array<Record<string, unknown>>;
      expect(item, id).to.include({ 'collection-title': 'Rivages linguistiques', 'collection-number': '12', edition: '2', 'publisher-place': 'Rennes' }).and.not.have.property('volume');
      const bib = served(`/publications/${id}.bib`);
      for (const line of ['series = {Rivages linguistiques},', 'number = {12},', 'edition = {2},', 'address = {Rennes},']) expect(bib, id).to.include(`  ${line}\n`);
      expect(bib, id).to.not.include('volume');
      const ris = served(`/publications/${id}.ris`);
      // The series as RIS writes it for a book (T2, M1) and for a chapter (T3, SV).
      expect(ris, id).to.match(/^T[23] {2}- Rivages linguistiques$/m).and.match(/^(M1|SV) {2}- 12$/m).and.not.match(/^VL /m);
      for (const line of ['ET  - 2', 'CY  - Rennes']) expect(ris, id).to.include(`${line}\n`);
    }
    // (In French, as the site is: the second edition is "2ᵉ éd.".)
    expect(served('/publications/marqueurs-2020.apa.txt')).to.include('(2ᵉ éd., p. 33‑58)').and.not.include('vol.');
    expect(served('/publications/marqueurs-2020.chicago-author-date.txt')).to.include('Rivages linguistiques 12.');
    const [translated] = JSON.parse(served('/publications/cours-2016.csl.json')) as Array<Record<string, unknown>>;
    expect(translated.translator).to.deep.equal([{ given: 'Élise', family: 'Dupont' }]);
    expect(served('/publications/cours-2016.bib')).to.include('  translator = {Dupont, Élise},\n').and.include('  address = {Paris},\n');
  });
});

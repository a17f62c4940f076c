import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import CSL from 'citeproc';
import { stylesDir } from '../../src/config.js';
import { citationWriters, cslEngine, loadCitationStyles, referenceBy, type CslItem } from '../../src/render/citations.js';
import { defaultSettings } from '../../src/site/settings.js';
import { fixturesDir } from '../support/profile.js';

/**
 * The formatted references of every work of the citation fixtures, in
 * every style, against the golden file made before the CSL engine was
 * handed its styles differently (test/fixtures/citations/README.md).
 */

interface Golden { source: string; item: CslItem; references: Record<string, string> }

const golden = JSON.parse(readFileSync(path.join(fixturesDir, 'citations', 'references.json'), 'utf8')) as Golden[];
/** Works whose names an in-text citation would tell apart from others' (test/fixtures/citations/README.md). */
const sharedNames = JSON.parse(readFileSync(path.join(fixturesDir, 'citations', 'shared-names.json'), 'utf8')) as CslItem[];

/** How many times the CSL engine renders a work's in-text citation (its ambiguity key) to make the work's reference. */
function citationRenders(item: CslItem, style: string): number {
  const own = CSL.getAmbiguousCite;
  let renders = 0;
  CSL.getAmbiguousCite = function (...args) {
    renders += 1;
    return own.apply(this, args);
  };
  try {
    citationWriters.reference([item], style);
  } finally {
    CSL.getAmbiguousCite = own;
  }
  return renders;
}

describe('Formatted references in every citation style', () => {
  const styles = loadCitationStyles(defaultSettings.citationStyle);

  it('are the golden ones, byte for byte, for the works of the .bib, DOI and profile fixtures', () => {
    expect(Object.keys(golden[0].references).sort()).to.deep.equal([...styles].sort());
    const differences: string[] = [];
    for (const { source, item, references } of golden) {
      for (const style of styles) {
        const reference = citationWriters.reference([item], style);
        if (reference !== references[style]) differences.push(`${source} ${item.id} ${style}:\n    ${reference}\n  ≠ ${references[style]}`);
      }
    }
    expect(golden.length).to.equal(250);
    expect(differences, differences.slice(0, 5).join('\n')).to.deep.equal([]);
  });

  it('are what the CSL engine makes when it registers the work as it does for a bibliography of many, for works whose authors and editors share family names or initials', () => {
    for (const style of styles) {
      const citeproc = cslEngine(path.join(stylesDir, `${style}.csl`), { disambiguateOneWork: true });
      for (const item of sharedNames) expect(citationWriters.reference([item], style), `${style} ${item.id}`).to.equal(referenceBy(citeproc, item));
    }
  });

  it('render a work\'s in-text citation once, and not again to tell the work apart from no other, unless the style adds given names by cite or ends a list of names with its last', () => {
    const [item] = sharedNames;
    expect(styles.map((style) => citationRenders(item, style))).to.deep.equal(styles.map(() => 1));
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lodfolio-styles-'));
    try {
      const apa = readFileSync(path.join(stylesDir, 'apa.csl'), 'utf8');
      writeFileSync(path.join(dir, 'apa-by-cite.csl'), apa.replace('givenname-disambiguation-rule="primary-name-with-initials"', 'givenname-disambiguation-rule="by-cite"'));
      writeFileSync(path.join(dir, 'apa-last-name.csl'), apa.replace('<citation ', '<citation et-al-use-last="true" '));
      for (const style of loadCitationStyles('apa-by-cite', dir)) {
        expect(citationRenders(item, style), style).to.equal(2);
        const citeproc = cslEngine(path.join(dir, `${style}.csl`), { disambiguateOneWork: true });
        for (const work of sharedNames) expect(citationWriters.reference([work], style), `${style} ${work.id}`).to.equal(referenceBy(citeproc, work));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('are of one work each: several at once are refused, saying why', () => {
    const [a, b] = golden.map((g) => g.item);
    expect(() => citationWriters.reference([a, b], styles[0])).to.throw('a formatted reference is of one work, not 2');
  });

  it('are made from the data of a work as it is now: a work formatted again after an edit shows the edit', () => {
    const { item } = golden[0];
    for (const style of styles) {
      citationWriters.reference([item], style);
      expect(citationWriters.reference([{ ...item, title: 'A Title Changed Since' }], style), style).to.contain('A Title Changed Since');
    }
  });

  it('keep a title as it is written, even one that begins like a markup tag', () => {
    const item: CslItem = { id: 'tagged', type: 'article', title: '<abc> and other signs', issued: { 'date-parts': [[2000]] } };
    // (Chicago's title case aside.)
    for (const style of styles) expect(citationWriters.reference([item], style).toLowerCase(), style).to.contain('<abc> and other signs');
  });

  it('write the inline markup of a title as the style asks: italics dropped in text, straight quotes as the locale writes quotes', () => {
    for (const [title, written] of [['A "quoted" word', 'A “quoted” word'], ['<i>Drosophila</i> genomes', 'Drosophila genomes']]) {
      const item: CslItem = { id: 'marked', type: 'book', title, issued: { 'date-parts': [[2000]] } };
      expect(citationWriters.reference([item], 'apa')).to.equal(`${written}. (2000).`);
    }
  });

  it('change the case of text as the engine would in the languages of the work, Turkish, Lithuanian and Greek included', () => {
    const texts = ['I İ ı i DİYARBAKIR', 'ΟΔΟΣ ΣΟΦΟΣ', 'Ì Į́ J̀', 'Straße ǅ ŉ'];
    const engineCase = (text: string, languages: string[], upper: boolean) => {
      try {
        return upper ? text.toLocaleUpperCase(languages) : text.toLocaleLowerCase(languages);
      } catch {
        return upper ? text.toUpperCase() : text.toLowerCase();
      }
    };
    for (const languages of [['en', 'en-US'], ['de', 'en-US'], ['tr', 'en-US'], ['az', 'en-US'], ['lt', 'en-US'], ['el', 'en-US'], ['TR', 'de-DE'], ['en-US'], ['abcdefghij', 'en-US'], ['tr', 'not a language'], ['not a language', 'tr'], ['tur', 'en-US'], [], ['tr-x-private']]) {
      const engine = { tmp: { lang_array: languages } };
      for (const text of texts) {
        expect(CSL.toLocaleLowerCase.call(engine, text), `${languages} ${text}`).to.equal(engineCase(text, languages, false));
        expect(CSL.toLocaleUpperCase.call(engine, text), `${languages} ${text}`).to.equal(engineCase(text, languages, true));
      }
    }
  });

  it('use the macros of each style that a search of the whole style finds, by name', () => {
    const macros = (node: CSL.XmlNode): CSL.XmlNode[] => [...(node.name === 'macro' ? [node] : []),
      ...node.children.flatMap((c) => (typeof c === 'string' ? [] : macros(c)))];
    for (const style of styles) {
      const root = CSL.parseXml(readFileSync(path.join(stylesDir, `${style}.csl`), 'utf8'));
      const all = macros(root);
      expect(all.length, style).to.be.greaterThan(10);
      for (const name of [...new Set(all.map((m) => m.attrs.name)), 'no-such-macro']) {
        expect(CSL.XmlJSON.prototype.getNodesByName(root, 'macro', name), `${style}: ${name}`).to.have.ordered.members(all.filter((m) => m.attrs.name === name));
      }
    }
  });
});

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

/** How many times the CSL engine renders a work's in-text citation to make the work's reference. */
function citationRenders(item: CslItem, style: string): number {
  const getCite = CSL.getCite;
  let renders = 0;
  CSL.getCite = function (...args) {
    if (this.tmp.area === 'citation') renders += 1;
    return getCite.apply(this, args);
  };
  try {
    citationWriters.reference([item], style);
  } finally {
    CSL.getCite = getCite;
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
      const citeproc = cslEngine(path.join(stylesDir, `${style}.csl`), { asCiteproc: true });
      for (const item of sharedNames) expect(citationWriters.reference([item], style), `${style} ${item.id}`).to.equal(referenceBy(citeproc, item));
    }
  });

  it('render a work\'s in-text citation only where the bibliography may read what it leaves, and once, unless the style adds given names by cite or ends a list of names with its last', () => {
    const work = (id: string) => sharedNames.find((w) => w.id === id)!;
    // Two authors of one family; two of two; four of four (more than Chicago's bibliography shows before "et al.").
    const works = ['two-smiths', 'two-authors', 'four-families'].map(work);
    expect(styles.map((style) => works.map((w) => citationRenders(w, style)))).to.deep.equal(styles.map((style) => ({
      apa: [1, 0, 0], 'chicago-author-date': [1, 0, 1], ieee: [0, 0, 0],
    } as Record<string, number[]>)[style]));
    // APA changed where these steps are not taken (by cite; the last name), and where what the first render leaves is read:
    // short names in the bibliography with given names added to all names; more names in citations than in the bibliography.
    const rule = 'givenname-disambiguation-rule="primary-name-with-initials"';
    const variants: Record<string, { edits: Array<[string, string]>; renders: number[] }> = {
      'apa-by-cite': { edits: [[rule, 'givenname-disambiguation-rule="by-cite"']], renders: [2, 2, 2] },
      'apa-last-name': { edits: [['<citation ', '<citation et-al-use-last="true" ']], renders: [2, 2, 2] },
      'apa-all-names-short': {
        edits: [[rule, 'givenname-disambiguation-rule="all-names"'], ['<name and="symbol" delimiter-precedes-last="always" name-as-sort-order="all"/>', '<name and="symbol" form="short"/>']],
        renders: [1, 0, 0],
      },
      'apa-fewer-listed': {
        edits: [['et-al-min="3" et-al-use-first="1" givenname', 'et-al-min="30" et-al-use-first="30" givenname'], ['et-al-min="21" et-al-use-first="19" et-al-use-last="true"', 'et-al-min="3" et-al-use-first="1"']],
        renders: [1, 1, 1],
      },
    };
    const apa = readFileSync(path.join(stylesDir, 'apa.csl'), 'utf8');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lodfolio-styles-'));
    try {
      for (const [name, { edits }] of Object.entries(variants)) {
        writeFileSync(path.join(dir, `${name}.csl`), edits.reduce((style, [from, to]) => {
          expect(style, name).to.contain(from);
          return style.replace(from, to);
        }, apa));
      }
      for (const style of loadCitationStyles('apa-by-cite', dir)) {
        expect(works.map((w) => citationRenders(w, style)), style).to.deep.equal(variants[style].renders);
        const citeproc = cslEngine(path.join(dir, `${style}.csl`), { asCiteproc: true });
        for (const w of sharedNames) expect(citationWriters.reference([w], style), `${style} ${w.id}`).to.equal(referenceBy(citeproc, w));
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

  it('are the same whatever work was formatted before, for works whose authors share family names, years or initials', () => {
    // Each engine formats work after work, and its registry holds one at a time: nothing of the one before may show.
    for (const style of styles) {
      const inOrder = sharedNames.map((w) => citationWriters.reference([w], style));
      const reversed = [...sharedNames].reverse().map((w) => citationWriters.reference([w], style)).reverse();
      expect(reversed, style).to.deep.equal(inOrder);
      expect(inOrder.join('\n'), style).not.to.match(/\d{4}[a-z]\b/);
    }
  });

  it('keep a title as it is written, even one that begins like a markup tag', () => {
    const item: CslItem = { id: 'tagged', type: 'article', title: '<abc> and other signs', issued: { 'date-parts': [[2000]] } };
    // (Chicago's title case aside.)
    for (const style of styles) expect(citationWriters.reference([item], style).toLowerCase(), style).to.contain('<abc> and other signs');
  });

  it('write the names of a work in Japanese or Chinese as the style writes names when they are in Latin letters (Tanaka, Y.), and those in the work\'s script as written (田中由紀)', () => {
    const work = (language: string | undefined): CslItem => ({ id: 'ja', type: 'article-journal', title: '方言の格標示', 'container-title': '言語研究',
      issued: { 'date-parts': [[2021]] }, ...(language ? { language } : {}),
      author: [{ family: 'Tanaka', given: 'Yuki' }, { family: 'Núñez', given: 'José' }, { family: '田中', given: '由紀' }],
      editor: [{ family: 'Sato', given: 'Kenji' }] });
    for (const language of ['ja', 'zh-Hant', 'zh_CN', undefined]) {
      expect(citationWriters.reference([work(language)], 'apa'), language).to.match(/^Tanaka, Y\., Núñez, J\., & 田中由紀\. \(2021\)\./);
      expect(citationWriters.reference([work(language)], 'chicago-author-date'), language).to.match(/^Tanaka, Yuki, José Núñez, and 田中由紀\. 2021\./);
    }
    // The CSL-JSON written says nothing of it.
    expect(citationWriters.csl([work('ja')])).not.to.contain('multi');
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

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { type LabelTable, languagesOf, loadLabels, WORD, Words } from '../src/labels.js';
import { prefixes } from '../src/rdf/vocabulary.js';
import { html, phrase } from '../src/render/escape.js';
import { loadVocabulary } from './support/vocabulary.js';

/**
 * The words of the site (ontology/labels.ttl): read with their forms and
 * languages, a missing translation shown in English, and a file that is
 * wrong refused with where it is wrong.
 */
describe('The words of the site (ontology/labels.ttl)', () => {
  const article = `${prefixes.schema}ScholarlyArticle`;
  const award = `${prefixes.schema}award`;
  /** The project's words, with a few Dutch ones beside them: a language as the next one will come, partly translated. */
  const withDutch = (): LabelTable => {
    const table = structuredClone(loadLabels());
    table[article].label!.nl = 'Artikel';
    table[`${WORD}papers`].label!.nl = 'Artikelen';
    table[`${WORD}since`].label!.nl = 'sinds {date}';
    table[`${WORD}date-month`].label!.nl = '{month} {year}';
    table[`${WORD}date-day`].label!.nl = '{day} {month} {year}';
    return table;
  };

  it('gives every class and property its name, and every interface word its text, in English', () => {
    const words = new Words(loadLabels(), 'en');
    expect(words.label(article)).to.equal('Article');
    expect(words.label(award)).to.equal('Awards');
    expect(words.label(award, 1), 'the form for one').to.equal('Award');
    expect(words.relation(`${prefixes.schema}parentOrganization`)).to.equal('part of it');
    expect(words.relation(`${prefixes.schema}author`), 'where the heading says it').to.equal('');
    expect(words.text('untitled-about', { kind: 'Article', about: 'Blueprint' })).to.equal('Untitled article about Blueprint');
    expect(words.text('sparql-rows', {}, 1)).to.equal('1 row');
    expect(words.text('sparql-rows', {}, 0)).to.equal('0 rows');
    expect(words.label(`${prefixes.schema}Unknown`), 'an IRI it does not name').to.equal(undefined);
  });

  it('shows a word with no translation in English, and a count in the language\'s own plural where it has no form for it', () => {
    const nl = new Words(withDutch(), 'nl');
    expect(nl.label(article)).to.equal('Artikel');
    expect(nl.label(`${prefixes.schema}Book`)).to.equal('Book');
    expect(nl.text('papers', {}, 1), 'Dutch\'s own word over English\'s form for one').to.equal('Artikelen');
    expect(new Words(withDutch(), 'it').text('papers', {}, 1), 'no Italian at all: English, in its form for one').to.equal('Paper');
  });

  it('ships German, French and Spanish: every heading of the homepage and every word of the frame in each', () => {
    const table = loadLabels();
    expect(languagesOf(table)).to.deep.equal(['en', 'de', 'fr', 'es', 'ja']);
    const keys = Object.keys(table).filter((iri) => /^urn:lodfolio:words#(section-|publications-|group-)|#(skip-to-content|sections|page-as-data|home|filter-works|cite)$/.test(iri));
    expect(keys.length).to.be.greaterThan(40);
    for (const language of ['de', 'fr', 'es']) {
      expect(keys.filter((iri) => table[iri].label?.[language] === undefined), `words with no ${language}`).to.deep.equal([]);
    }
    const [de, fr, es] = ['de', 'fr', 'es'].map((language) => new Words(table, language));
    expect(['publications', 'talks', 'teaching'].map((s) => de.text(`section-${s}`))).to.deep.equal(['Publikationen', 'Vorträge', 'Lehre']);
    expect(['publications', 'talks', 'teaching'].map((s) => fr.text(`section-${s}`))).to.deep.equal(['Publications', 'Exposés', 'Enseignement']);
    expect(['publications', 'talks', 'teaching'].map((s) => es.text(`section-${s}`))).to.deep.equal(['Publicaciones', 'Ponencias', 'Docencia']);
    expect([de.date('2022-03-01'), fr.date('2022-03-01'), es.date('2022-03')]).to.deep.equal(['1. März 2022', '1 mars 2022', 'mar de 2022']);
    expect([de.date('2019-09-26'), de.date('2015-06'), de.date('2015-05')], 'each month as a German date names it, not as a calendar heads a column').to.deep.equal(['26. Sept. 2019', 'Juni 2015', 'Mai 2015']);
    expect([de.text('papers', {}, 1), fr.text('papers', {}, 0), es.text('papers', {}, 2)]).to.deep.equal(['Aufsatz', 'Article', 'Artículos']);
  });

  it('ships every word of the site in German, French, Spanish and Japanese, so that no page or error of a German site speaks English', () => {
    const table = loadLabels();
    for (const language of ['de', 'fr', 'es', 'ja']) {
      // A form for a count the language has no plural category for (Japanese: `other` alone) is none of its words.
      const categories: readonly string[] = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
      const untranslated = Object.entries(table).flatMap(([iri, forms]) => Object.entries(forms)
        .filter(([form, texts]) => texts?.en !== undefined && texts[language] === undefined && !(['zero', 'one', 'two', 'few', 'many'].includes(form) && !categories.includes(form)))
        .map(([form]) => `${iri.replace(WORD, 'word:')} ${form}`));
      expect(untranslated, `words with no ${language}`).to.deep.equal([]);
    }
  });

  it('shortens a word before a vowel as the language does: French "de" before "Élise" is "d’", in text and in markup', () => {
    const table = loadLabels();
    const fr = new Words(table, 'fr');
    expect(fr.text('made-by', { kind: 'Article', authors: 'Élise Martin, Paul Dupont' })).to.equal('Article d’Élise Martin, Paul Dupont');
    expect(fr.text('made-by', { kind: 'Article', authors: 'Andrée Chedid' })).to.equal('Article d’Andrée Chedid');
    expect(fr.text('made-by', { kind: 'Article', authors: 'Hugo Marchand' }), 'no h: "de Hugo" as often as "d’Hugo"').to.equal('Article de Hugo Marchand');
    expect(fr.text('made-by', { kind: 'Article', authors: 'Paul Dupont' })).to.equal('Article de Paul Dupont');
    const link = html`<a href="/people/elise">Élise Martin</a>`;
    expect(phrase(fr, 'edited-by', { editors: link }).value, 'the first letter the reader sees, past the link\'s tag').to.equal('Sous la direction d’<a href="/people/elise">Élise Martin</a>');
    expect(new Words(table, 'en').text('made-by', { kind: 'Article', authors: 'Élise Martin' }), 'English shortens nothing').to.equal('Article by Élise Martin');
  });

  it('writes dates in the language: its month names (Intl), its order of day, month and year', () => {
    const en = new Words(loadLabels(), 'en');
    expect(en.date('2018')).to.equal('2018');
    expect(en.date('2022-09')).to.equal('Sep 2022');
    expect(en.date('2022-09-30')).to.equal('30 Sep 2022');
    expect(en.date('sometime')).to.equal(undefined);
    const nl = new Words(withDutch(), 'nl');
    expect(nl.date('2022-03-01')).to.equal('1 mrt 2022');
    expect(nl.text('since', { date: nl.date('2022-03')! })).to.equal('sinds mrt 2022');
    expect(nl.region('DE')).to.equal('Duitsland');
  });

  it('says nothing but words: every class and property it names is a current schema.org, FOAF or BIBO term', async () => {
    const vocab = await loadVocabulary();
    const named = Object.keys(loadLabels()).filter((iri) => [prefixes.schema, prefixes.foaf, prefixes.bibo].some((ns) => iri.startsWith(ns)));
    expect(named.length).to.be.greaterThan(90);
    const unknown = named.filter((iri) => !vocab.classes.has(iri) && !vocab.properties.has(iri));
    expect(unknown, 'not terms of the vocabularies').to.deep.equal([]);
    expect(named.filter((iri) => vocab.superseded.has(iri)), 'superseded').to.deep.equal([]);
  });

  describe('a labels.ttl that is wrong', () => {
    let dir: string;
    before(async () => { dir = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-labels-')); });
    after(async () => { await rm(dir, { recursive: true, force: true }); });
    const refusal = async (turtle: string): Promise<string> => {
      await writeFile(path.join(dir, 'labels.ttl'), `@prefix rdfs: <${prefixes.rdfs}> .\n@prefix form: <urn:lodfolio:labels#> .\n@prefix word: <${WORD}> .\n${turtle}`);
      try {
        loadLabels(dir);
      } catch (error) {
        return (error as Error).message.replace(dir, 'DIR');
      }
      throw new Error('loaded');
    };

    it('is refused, saying where: a word with no language, twice in one, with no English, or with placeholders its English lacks', async () => {
      expect(await refusal('word:a rdfs:label "A" .')).to.equal('DIR/labels.ttl:4: "A": a word needs its language tag ("…"@en)');
      expect(await refusal('word:a rdfs:label "A"@en , "B"@en .')).to.equal('DIR/labels.ttl:4: <urn:lodfolio:words#a> has two labels in en');
      expect(await refusal('word:a rdfs:label "A"@de .')).to.equal('DIR/labels.ttl:4: <urn:lodfolio:words#a> has no English (@en), which every other language falls back to');
      expect(await refusal('word:a rdfs:label "{n} rows"@en , "{m} Zeilen"@de .'))
        .to.equal('DIR/labels.ttl:4: "{m} Zeilen"@de has the placeholders {m}, its English {n}');
      expect(await refusal('word:a form:plural "As"@en .')).to.match(/^DIR\/labels\.ttl:4: <urn:lodfolio:words#a> <urn:lodfolio:labels#plural>: not a word/);
      expect(await refusal('word:a rdfs:label "A"@en')).to.match(/^DIR\/labels\.ttl:4: .*line 4/);
    });
  });
});

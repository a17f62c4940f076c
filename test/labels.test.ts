import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { type LabelTable, languagesOf, loadLabels, problemText, profileLabels, translationFile, WORD, Words } from '../src/labels.js';
import { prefixes } from '../src/rdf/vocabulary.js';
import { html, list, phrase } from '../src/render/escape.js';
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

  it('writes a Japanese date in Japanese order, its month a number with its counter: 2018年4月, 2018年4月1日', () => {
    const ja = new Words(loadLabels(), 'ja');
    expect([ja.date('2018'), ja.date('2018-04'), ja.date('2018-04-01'), ja.date('2022-12-31')]).to.deep.equal(['2018', '2018年4月', '2018年4月1日', '2022年12月31日']);
    expect(ja.text('since', { date: ja.date('2018-04')! })).to.equal('2018年4月から');
    const table = structuredClone(loadLabels());
    table[`${WORD}date-month`].label!.ko = '{year}년 {month}';
    expect(new Words(table, 'ko').date('2018-04'), 'a Korean month with its counter too').to.equal('2018년 4월');
  });

  it('joins a list as the language does: "a, b and c" in English, "a、b、c" with no spaces in Japanese', () => {
    const table = loadLabels();
    const [en, de, ja] = ['en', 'de', 'ja'].map((language) => new Words(table, language));
    expect(list(['a', 'b', 'c'], en).value).to.equal('a, b and c');
    expect(list(['a', 'b'], de).value).to.equal('a und b');
    expect(list(['a'], en).value).to.equal('a');
    expect(list(['文法化', '日本語方言'], ja).value).to.equal('文法化、日本語方言');
    expect(list(['文法化', html`<a href="/t">日本語方言</a>`, '敬語'], ja).value).to.equal('文法化、<a href="/t">日本語方言</a>、敬語');
    expect(list(['BibTeX', 'RIS', 'CSL-JSON'], en, true).value, 'a choice').to.equal('BibTeX, RIS or CSL-JSON');
    expect(list(['BibTeX', 'RIS'], ja, true).value).to.equal('BibTeXまたはRIS');
  });

  it('says nothing but words: every class and property it names is a current schema.org, FOAF or BIBO term', async () => {
    const vocab = await loadVocabulary();
    const named = Object.keys(loadLabels()).filter((iri) => [prefixes.schema, prefixes.foaf, prefixes.bibo].some((ns) => iri.startsWith(ns)));
    expect(named.length).to.be.greaterThan(90);
    const unknown = named.filter((iri) => !vocab.classes.has(iri) && !vocab.properties.has(iri));
    expect(unknown, 'not terms of the vocabularies').to.deep.equal([]);
    expect(named.filter((iri) => vocab.superseded.has(iri)), 'superseded').to.deep.equal([]);
  });

  describe('a profile\'s own labels.ttl', () => {
    let dir: string;
    before(async () => { dir = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-profile-labels-')); });
    after(async () => { await rm(dir, { recursive: true, force: true }); });
    const own = async (turtle: string) => {
      await writeFile(path.join(dir, 'labels.ttl'), `@prefix rdfs: <${prefixes.rdfs}> .\n@prefix schema: <${prefixes.schema}> .\n@prefix word: <${WORD}> .\n${turtle}`);
      return profileLabels(dir, loadLabels(), 'labels.ttl');
    };

    it('changes a word of the built-in ones and adds a language, the rest of its words falling back to English', async () => {
      const { table, problems } = await own('word:cite rdfs:label "Cite this"@en .\nword:section-talks rdfs:label "Lezingen"@nl .\nschema:ScholarlyArticle rdfs:label "Artikel"@nl .');
      expect(problems).to.deep.equal([]);
      expect(new Words(table, 'en').text('cite')).to.equal('Cite this');
      expect(new Words(table, 'de').text('cite'), 'the other languages\' words as they were').to.equal(new Words(loadLabels(), 'de').text('cite'));
      expect(languagesOf(table)).to.include('nl');
      const nl = new Words(table, 'nl');
      expect([nl.text('section-talks'), nl.label(article), nl.text('section-teaching')]).to.deep.equal(['Lezingen', 'Artikel', 'Teaching']);
      expect(new Words(loadLabels(), 'en').text('cite'), 'the built-in words untouched').to.equal('Cite');
    });

    it('starts from what `lodfolio words LANG` prints: every word, its English above it, the language\'s text or the English commented out, read back as it was', async () => {
      const builtIn = loadLabels();
      const ja = translationFile(builtIn, 'ja');
      expect(ja).to.include('# "Cite"\nword:cite rdfs:label "引用"@ja .\n').and.not.include('form:one');
      await writeFile(path.join(dir, 'labels.ttl'), ja);
      const again = profileLabels(dir, builtIn);
      expect(again.problems).to.deep.equal([]);
      expect(again.table).to.deep.equal(builtIn);
      const nl = translationFile(builtIn, 'nl');
      expect(nl).to.include('# "Cite"\n# word:cite rdfs:label "Cite"@nl .\n').and.include('# schema:award form:one "Award"@nl .');
      // Every line translated (here: left in English) and uncommented, the file is valid: a whole language.
      await writeFile(path.join(dir, 'labels.ttl'), nl.replace(/^# (.*@nl \.)$/gm, '$1'));
      const dutch = profileLabels(dir, builtIn);
      expect(dutch.problems).to.deep.equal([]);
      const untranslated = Object.entries(dutch.table).filter(([, forms]) => Object.values(forms).some((texts) => texts?.en !== undefined && texts.nl === undefined));
      expect(untranslated.map(([iri]) => iri)).to.deep.equal([]);
    });

    it('is the built-in words alone where the profile has none', () => {
      const builtIn = loadLabels();
      expect(profileLabels(path.join(dir, 'nowhere'), builtIn).table).to.equal(builtIn);
    });

    it('is checked as the built-in file is, each problem at its line: placeholders against the built-in English, a word without English, a syntax error', async () => {
      const { problems } = await own('word:cite rdfs:label "引用"@ja .\nword:since rdfs:label "{datum}から"@ja .\nword:mine rdfs:label "Meins"@de .');
      expect(problems.map(problemText)).to.deep.equal([
        'labels.ttl:5: "{datum}から"@ja has the placeholders {datum}, its English {date}',
        'labels.ttl:6: <urn:lodfolio:words#mine> has no English (@en), which every other language falls back to',
      ]);
      expect((await own('word:cite rdfs:label "Cite"@en .\nword:since rdfs:label "since"@en .')).problems.map(problemText), 'an English that drops a placeholder its translations keep')
        .to.include('labels.ttl:5: "seit {date}"@de has the placeholders {date}, its English {}');
      const syntax = (await own('word:cite rdfs:label "Zitieren"@de\nword:since rdfs:label "seit {date}"@de .')).problems.map(problemText);
      expect(syntax).to.have.length(1);
      expect(syntax[0]).to.match(/^labels\.ttl:5: /);
    });
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

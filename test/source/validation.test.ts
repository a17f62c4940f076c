import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { projectRoot } from '../../src/config.js';
import { ID_SYNTAX } from '../../src/source/ids.js';
import { buildErrors, buildProfile, fixturesDir } from '../support/profile.js';

/** Each broken fixture under test/fixtures/invalid/ breaks one rule; the message must say exactly what and where. */
const dir = (name: string) => path.join(fixturesDir, 'invalid', name);
const at = (name: string, file = 'profile.yaml') => `test/fixtures/invalid/${name}/${file}`;

/**
 * The allowed fields an unknown-field message lists for a person, or the
 * collections for the whole profile. They are the JSON Schema's, and change
 * with it, so for these long lists the test reads them from the schema too
 * (the short lists of other kinds are written out below).
 */
const schema = JSON.parse(readFileSync(path.join(projectRoot, 'ontology', 'profile.schema.json'), 'utf8')) as {
  properties: Record<string, { properties?: object; items?: { properties?: object } }>;
  $defs: { thing: { properties: object }; id: { pattern: string }; ref: { pattern: string } };
};
const sorted = (names: string[]) => [...new Set(names)].sort((a, b) => a.localeCompare(b, 'en')).join(', ');
const personFields = sorted([...Object.keys(schema.properties.people.items?.properties ?? {}), ...Object.keys(schema.$defs.thing.properties)]);
/** The scholar's own fields: a person's, and those only the profile's person has (solidOidcIssuer). */
const scholarFields = sorted([...Object.keys(schema.properties.person.properties ?? {}), ...Object.keys(schema.$defs.thing.properties)]);
const collections = sorted(Object.keys(schema.properties));

describe('validating profile data', () => {
  describe('layer 1: YAML and the JSON Schema', () => {
    it('reports a YAML syntax error with its line and column', async () => {
      expect(await buildErrors(dir('yaml-syntax'))).to.deep.equal([`${at('yaml-syntax')}:5:1 YAML: Missing closing "quote`]);
    });

    it('reports a key written twice in one mapping', async () => {
      expect(await buildErrors(dir('duplicate-key'))).to.deep.equal([`${at('duplicate-key')}:4:3 YAML: Map keys must be unique`]);
    });

    it('reports a file that is not a mapping of collections', async () => {
      expect(await buildErrors(dir('not-a-mapping'))).to.deep.equal([`${at('not-a-mapping')}:1:1 must be a mapping of collections, like \`people: [...]\``]);
    });

    it('reports each mistake of site.yaml with its line and setting: an unknown setting, a malformed colour, theme, section or CV, a language with no words', async () => {
      const site = (line: string) => `${at('bad-site', 'site.yaml')}:${line}`;
      expect(await buildErrors(dir('bad-site'))).to.deep.equal([
        `${site('7:1')} colour: is not a known setting (allowed: accentColor, authorsShown, citationStyle, cvPdf, footer, language, navigation, pageSize, publicationsOnHome, sections, theme)`,
        `${site('3:14')} accentColor: must be a colour written #rrggbb or #rgb, such as #8b1e3f (got "crimson")`,
        `${site('4:8')} theme: must be one of light, dark, auto (got "dim")`,
        `${site('5:19')} sections[1]: must be one of about, selected, news, research, publications, talks, awards, software, group, theses, teaching, service, colleagues, contact, lists (got "papers")`,
        `${site('8:8')} cvPdf: must be a PDF of the profile (files/NAME.pdf) or a URL (https://...) (got "lebenslauf.pdf")`,
        `${site('2:11')} language: has no words in ontology/labels.ttl nor the profile's labels.ttl (got "xx"; the languages are en, de, fr, es, ja)`,
      ]);
    });

    it('reports a header link of site.yaml to a section the homepage does not show', async () => {
      expect(await buildErrors(dir('site-link-to-hidden-section'))).to.deep.equal([
        `${at('site-link-to-hidden-section', 'site.yaml')}:3:23 navigation[1]: links to a section the homepage does not show (got "news"; add it to \`sections\`)`,
      ]);
    });

    it('reports a URL field (and site.yaml\'s CV) naming a file the profile\'s files/ folder does not have, with the one it probably meant, and one outside the folder', async () => {
      expect(await buildErrors(dir('missing-file'))).to.deep.equal([
        `${at('missing-file')}:6:8 person.url: must be an absolute http(s) URL, like https://example.org/, or a file of the profile's files/ folder, like files/me.jpg (got "files/../profile.yaml")`,
        `${at('missing-file')}:5:10 person.photo: names a file that is not in the profile's files/ folder (got "files/me.jpeg"); did you mean "files/me.jpg"?`,
        `${at('missing-file')}:11:10 publications[0].pdf: names a file that is not in the profile's files/ folder (got "files/strong-verbs.pdf")`,
        `${at('missing-file', 'site.yaml')}:2:8 cvPdf: names a file that is not in the profile's files/ folder (got "files/lebenslauf.pdf")`,
      ]);
    });

    it('reports a caption without its picture (photoCaption without photo, imageCaption without image), which would be lost', async () => {
      expect(await buildErrors(dir('caption-without-picture'))).to.deep.equal([
        `${at('caption-without-picture')}:3:3 person: must have property photo when property photoCaption is present`,
        `${at('caption-without-picture')}:7:5 projects[0]: must have property image when property imageCaption is present`,
      ]);
    });

    it('reports a folder with no data files', async () => {
      expect(await buildErrors(dir('no-data'))).to.deep.equal(['test/fixtures/invalid/no-data holds no .yaml data files']);
    });

    it('reports only the first YAML error of a file, with a count of those that follow from it', async () => {
      expect(await buildErrors(dir('yaml-cascade'))).to.deep.equal([
        `${at('yaml-cascade')}:7:4 YAML: All sequence items must start at the same column; line 7 is indented by 3 spaces, and the items above it by 2: indent it as they are (1 more YAML error after it in this file, likely caused by it)`]);
    });

    it('names the line of an alias whose anchor is set nowhere before it, which yaml reads without a word', async () => {
      expect(await buildErrors(dir('unresolved-alias'))).to.deep.equal([
        `${at('unresolved-alias')}:7:18 YAML: *babbage refers to no anchor &babbage before it; write the value itself, or set the anchor first`]);
    });

    it('says which line is indented more or less than the fields it belongs with, where YAML\'s own message does not', async () => {
      expect(await buildErrors(dir('field-indented-more'))).to.deep.equal([
        `${at('field-indented-more')}:8:20 YAML: Nested mappings are not allowed in compact mappings; if line 9 is a field of its own, indent it by 4 spaces, as \`datePublished:\` is (YAML reads it as the rest of that value); if it is part of the value, put the value in quotes: datePublished: "1843 pages: 666-731" (1 more YAML error after it in this file, likely caused by it)`]);
      expect(await buildErrors(dir('item-indented-less'))).to.deep.equal([
        `${at('item-indented-less')}:8:1 YAML: A block sequence may not be used as an implicit map key; line 8 is indented by 1 space, and the items above it by 2: indent it as they are (6 more YAML errors after it in this file, likely caused by it)`]);
      expect(await buildErrors(dir('field-indented-less'))).to.deep.equal([
        `${at('field-indented-less')}:9:1 YAML: Sequence item without - indicator; line 9 is indented by 3 spaces, and the fields above it by 4: indent it as they are`]);
    });

    it('shows how to quote a value with a colon in it, which YAML reads as a nested mapping', async () => {
      expect(await buildErrors(dir('unquoted-colon'))).to.deep.equal([
        `${at('unquoted-colon')}:6:11 YAML: Nested mappings are not allowed in compact mappings; put the value in quotes: name: "Sketch of the Analytical Engine: Notes by the Translator"`]);
    });

    it('shows the quoted value on one line when the unquoted one runs on over several', async () => {
      expect(await buildErrors(dir('unquoted-colon-over-lines'))).to.deep.equal([
        `${at('unquoted-colon-over-lines')}:6:11 YAML: Nested mappings are not allowed in compact mappings; put the value in quotes: name: "Sketch of the Analytical Engine: Notes by the Translator, Ada Lovelace"`]);
    });

    it('refuses a file that is not UTF-8, naming the line and column of its first bad byte', async () => {
      expect(await buildErrors(dir('latin-1'))).to.deep.equal([
        `${at('latin-1')} is not valid UTF-8 (first bad byte at line 3, column 12); save the file as UTF-8`]);
    });

    it('reads a UTF-8 file that starts with a byte-order mark', async () => {
      const profile = await buildProfile(path.join(fixturesDir, 'valid', 'byte-order-mark'));
      expect([...profile.graph].some((q) => q.object.value === 'Ada Lovelace')).to.equal(true);
    });

    it('merges a list collection written in several files, in file-name order', async () => {
      const profile = await buildProfile(path.join(fixturesDir, 'valid', 'collection-in-two-files'));
      expect([...profile.origins].filter(([iri]) => iri.includes('/people/')).map(([iri, origin]) => `${iri} ${origin.file}:${origin.line} ${origin.path}`)).to.deep.equal([
        'http://localhost:3000/people/charles-babbage#id test/fixtures/valid/collection-in-two-files/a.yaml:5 people[0]',
        'http://localhost:3000/people/mary-somerville#id test/fixtures/valid/collection-in-two-files/b.yaml:2 people[0]',
        'http://localhost:3000/people/augustus-de-morgan#id test/fixtures/valid/collection-in-two-files/c.yaml:3 people[0]']);
    });

    it('locates every problem in a split collection in the file and item it came from, by its index in that file', async () => {
      expect(await buildErrors(dir('split-collection'))).to.deep.equal([
        `${at('split-collection', 'b.yaml')}:5:5 people[1].name: is required but missing`,
        `${at('split-collection', 'b.yaml')}:3:9 people[0].id: "charles-babbage" is already the id of the entry at ${at('split-collection', 'a.yaml')}:5; ids must be unique across the profile (one thing written twice? keep one entry: an import run again links its works to the one kept)`,
        `${at('split-collection', 'b.yaml')}:6:18 people[1].colleagues[0]: refers to "george-bool", but no entry in this profile has that id`]);
    });

    it('reports a single-entry collection written in two files, naming the first', async () => {
      expect(await buildErrors(dir('person-in-two-files'))).to.deep.equal([
        `${at('person-in-two-files', 'b.yaml')}:2:1 person: is already defined in ${at('person-in-two-files', 'a.yaml')}:1; only a list collection can be split across files`]);
    });

    it('reports an unknown collection at its key, with the one it was probably meant to be', async () => {
      expect(await buildErrors(dir('unknown-collection'))).to.deep.equal([
        `${at('unknown-collection')}:4:1 peeple: is not a known collection; did you mean "people"? (allowed: ${collections})`]);
    });

    it('reports an unknown field at its key, and the required field it displaced', async () => {
      expect(await buildErrors(dir('unknown-field'))).to.deep.equal([
        `${at('unknown-field')}:5:5 people[0].name: is required but missing`,
        `${at('unknown-field')}:6:5 people[0].nmae: is not a known field for this kind of entry; did you mean "name"? (allowed: ${personFields})`]);
    });

    it('lists the fields an entry allows, suggesting the one a misspelt or miscased field was meant to be', async () => {
      const position = 'allowed: description, endDate, organization, roleName, startDate, type';
      expect(await buildErrors(dir('misspelt-fields'))).to.deep.equal([
        `${at('misspelt-fields')}:6:7 person.positions[0].roleNmae: is not a known field for this kind of entry; did you mean "roleName"? (${position})`,
        `${at('misspelt-fields')}:7:7 person.positions[0].startdate: is not a known field for this kind of entry; did you mean "startDate"? (${position})`,
        `${at('misspelt-fields')}:8:7 person.positions[0].salary: is not a known field for this kind of entry (${position})`,
        // The common fields of every named entry come from the schema's $defs/thing.
        `${at('misspelt-fields')}:15:5 topics[0].sameas: is not a known field for this kind of entry; did you mean "sameAs"? (allowed: alternateName, description, id, name, sameAs, type, url)`]);
    });

    it('reports a missing required field at its entry', async () => {
      expect(await buildErrors(dir('missing-name'))).to.deep.equal([`${at('missing-name')}:5:5 people[0].name: is required but missing`]);
    });

    it('reports a malformed date with the value it got', async () => {
      expect(await buildErrors(dir('bad-date'))).to.deep.equal([
        `${at('bad-date', 'awards.yaml')}:15:11 awards[3].date: must be a date like 2020, 2020-09 or 2020-09-30 (got "2O20")`]);
    });

    it('reports a month that does not exist', async () => {
      expect(await buildErrors(dir('bad-month'))).to.deep.equal([
        `${at('bad-month')}:6:18 person.positions[0].startDate: must be a date like 2020, 2020-09 or 2020-09-30 (got "2020-13")`]);
    });

    it('reports a date that does not exist on the calendar', async () => {
      expect(await buildErrors(dir('impossible-date'))).to.deep.equal([
        `${at('impossible-date')}:6:11 news[0].date: must be a date like 2020, 2020-09 or 2020-09-30 (got "2021-02-29")`]);
    });

    it('reports a text with a control character, which no XML format could carry', async () => {
      expect(await buildErrors(dir('control-character'))).to.deep.equal([
        `${at('control-character')}:3:9 person.name: must be a non-empty text without control characters (got "Ada\\u0007 Lovelace")`]);
    });

    it('reports an empty entry in a collection', async () => {
      expect(await buildErrors(dir('null-entry'))).to.deep.equal([`${at('null-entry')}:7:4 people[1]: is empty; an entry needs its fields`]);
    });

    it('reports an id that is not a readable slug, with the id it would be', async () => {
      expect(await buildErrors(dir('bad-id'))).to.deep.equal([
        `${at('bad-id')}:5:9 projects[0].id: must be an id of the letters a-z, digits 0-9 and single hyphens, like pivot-tracing (got "Analytical Engine"); did you mean "analytical-engine"?`]);
    });

    it('checks ids and references with one syntax, the one ids are suggested in', () => {
      expect([schema.$defs.id.pattern, schema.$defs.ref.pattern]).to.deep.equal([ID_SYNTAX.source, ID_SYNTAX.source]);
    });

    it('reports an id or a reference in letters beyond a-z, with its ASCII form', async () => {
      expect(await buildErrors(dir('non-ascii-id'))).to.deep.equal([
        `${at('non-ascii-id')}:5:9 people[0].id: must be an id of the letters a-z, digits 0-9 and single hyphens, like pivot-tracing (got "josé-ñúñez"); did you mean "jose-nunez"?`,
        `${at('non-ascii-id')}:9:18 people[1].colleagues[0]: must be the id of an entry defined in this profile, like pivot-tracing (got "Ada"); did you mean "ada"?`]);
    });

    it('reports a period that ends before it starts, comparing dates at the coarser precision of the two', async () => {
      expect(await buildErrors(dir('period-ends-before-start'))).to.deep.equal([
        `${at('period-ends-before-start')}:7:16 person.positions[0].endDate: must not be before its startDate, 2019 (got "2018-12")`,
        `${at('period-ends-before-start')}:18:14 events[0].endDate: must not be before its startDate, 1843-07-10 (got "1843-07-09")`]);
    });

    it('reports a work field that its type does not have, and a version YAML read as a number', async () => {
      expect(await buildErrors(dir('field-of-another-type'))).to.deep.equal([
        `${at('field-of-another-type')}:9:5 publications[0].pages: is a field of ScholarlyArticle, Chapter and Report only, not of Book`,
        `${at('field-of-another-type')}:15:12 publications[1].pages: must be pages like 145, 123-145 or e12345 (got "12 to 15")`,
        `${at('field-of-another-type')}:14:5 publications[1].softwareVersion: is a field of SoftwareApplication only, not of ScholarlyArticle`,
        `${at('field-of-another-type')}:21:22 publications[2].softwareVersion: must be a version like "2.1.0" (in quotes if it looks like a number: YAML reads 1.10 as 1.1) (got 1.1)`]);
    });

    it('reports a malformed URL', async () => {
      expect(await buildErrors(dir('bad-url'))).to.deep.equal([
        `${at('bad-url')}:4:8 person.url: must be an absolute http(s) URL, like https://example.org/, or a file of the profile's files/ folder, like files/me.jpg (got "ada.example/home")`]);
    });

    it('reports an unknown entry type with the allowed ones', async () => {
      expect(await buildErrors(dir('bad-type'))).to.deep.equal([
        `${at('bad-type')}:6:11 publications[0].type: must be one of ScholarlyArticle, Book, Chapter, Thesis, Report, Poster, PresentationDigitalDocument, Dataset, SoftwareApplication, Patent (got "Pamphlet")`]);
    });

    it('reports every problem at once, not only the first', async () => {
      expect(await buildErrors(dir('many-errors'))).to.deep.equal([
        `${at('many-errors')}:4:3 person.colour: is not a known field for this kind of entry (allowed: ${scholarFields})`,
        `${at('many-errors')}:9:20 publications[0].datePublished: must be a date like 2020, 2020-09 or 2020-09-30 (got "18-43")`,
        `${at('many-errors')}:11:5 news[0].date: is required but missing`]);
    });
  });

  describe('references between entries', () => {
    it('reports a reference to an id that nothing defines, with the id it was probably meant to be', async () => {
      expect(await buildErrors(dir('dangling-reference'))).to.deep.equal([
        `${at('dangling-reference')}:8:20 publications[0].authors[1]: refers to "charles-babage", but no entry in this profile has that id; did you mean "charles-babbage"?`]);
    });

    it('reports an id defined twice, naming the first definition', async () => {
      expect(await buildErrors(dir('duplicate-id'))).to.deep.equal([
        `${at('duplicate-id')}:8:9 organizations[0].id: "charles-babbage" is already the id of the entry at ${at('duplicate-id')}:5; ids must be unique across the profile (one thing written twice? keep one entry: an import run again links its works to the one kept)`]);
    });

    it('reports a non-URL in sameAs once, as a URL, not also as a reference', async () => {
      expect(await buildErrors(dir('same-as-not-a-url'))).to.deep.equal([
        `${at('same-as-not-a-url')}:4:12 person.sameAs[0]: must be an absolute http(s) URL, like https://example.org/ (got "ada-lovelace")`]);
    });

    it('reports a missing person once, not once for every reference to the scholar', async () => {
      expect(await buildErrors(dir('no-person'))).to.deep.equal([
        'person: is required but missing: the profile has no `person`, so references between entries are not checked yet']);
    });
  });

  describe('layer 2: SHACL shapes on the built graph', () => {
    it('reports a reference to the wrong kind of entity, naming entity, property, value and rule', async () => {
      expect(await buildErrors(dir('wrong-kind-of-reference'))).to.deep.equal([
        `${at('wrong-kind-of-reference')}:8:5 <http://localhost:3000/publications/notes#id> schema:author: needs at least one author, each a person (got <http://localhost:3000/organizations/analytical-society#id>) [sh:ClassConstraintComponent]`]);
    });

    it('reports a talk whose speaker is no person and whose event is no event', async () => {
      const talk = `${at('talk-of-wrong-kinds')}:11:5 <http://localhost:3000/talks/engine-at-turin#id>`;
      expect(await buildErrors(dir('talk-of-wrong-kinds'))).to.deep.equal([
        `${talk} schema:performer: needs at least one speaker, each a person (got <http://localhost:3000/organizations/analytical-society#id>) [sh:ClassConstraintComponent]`,
        `${talk} schema:superEvent: must be part of one event (an events entry) (got <http://localhost:3000/places/turin#id>) [sh:ClassConstraintComponent]`]);
    });

    it('reports a role that points at the wrong kind of entity, at the entry that owns the role', async () => {
      expect(await buildErrors(dir('role-of-wrong-kind'))).to.deep.equal([
        `${at('role-of-wrong-kind')}:5:5 <http://localhost:3000/organizations/analytical-society#id> schema:member (a schema:OrganizationRole): a role must point at exactly one value of the right kind: an organisation (worksFor, alumniOf, memberOf), a person (member, organizer, contributor), a grant (funding) or an award text [sh:OrConstraintComponent]`]);
    });
  });
});

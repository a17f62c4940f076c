import path from 'node:path';
import { expect } from 'chai';
import { buildErrors, fixturesDir } from '../support/profile.js';

/** Each broken fixture under test/fixtures/invalid/ breaks one rule; the message must say exactly what and where. */
const dir = (name: string) => path.join(fixturesDir, 'invalid', name);
const at = (name: string, file = 'profile.yaml') => `test/fixtures/invalid/${name}/${file}`;

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

    it('reports a folder with no data files', async () => {
      expect(await buildErrors(dir('no-data'))).to.deep.equal(['test/fixtures/invalid/no-data holds no .yaml data files']);
    });

    it('reports a collection defined in two files, naming both', async () => {
      expect(await buildErrors(dir('collection-in-two-files'))).to.deep.equal([
        `${at('collection-in-two-files', 'b.yaml')}:1:1 people: is already defined in ${at('collection-in-two-files', 'a.yaml')}:4; each collection lives in one file`]);
    });

    it('reports an unknown collection at its key', async () => {
      expect(await buildErrors(dir('unknown-collection'))).to.deep.equal([
        `${at('unknown-collection')}:4:1 peeple: is not a known collection (see README: The data format)`]);
    });

    it('reports an unknown field at its key, and the required field it displaced', async () => {
      expect(await buildErrors(dir('unknown-field'))).to.deep.equal([
        `${at('unknown-field')}:5:5 people[0].name: is required but missing`,
        `${at('unknown-field')}:6:5 people[0].nmae: is not a known field for this kind of entry (see README: The data format)`]);
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

    it('reports an id that is not a readable slug', async () => {
      expect(await buildErrors(dir('bad-id'))).to.deep.equal([
        `${at('bad-id')}:5:9 projects[0].id: must be an id of lower-case letters, digits and single hyphens, like pivot-tracing (got "Analytical Engine")`]);
    });

    it('reports a malformed URL', async () => {
      expect(await buildErrors(dir('bad-url'))).to.deep.equal([
        `${at('bad-url')}:4:8 person.url: must be an absolute http(s) URL, like https://example.org/ (got "ada.example/home")`]);
    });

    it('reports an unknown entry type with the allowed ones', async () => {
      expect(await buildErrors(dir('bad-type'))).to.deep.equal([
        `${at('bad-type')}:6:11 publications[0].type: must be one of ScholarlyArticle, Book, Thesis (got "Pamphlet")`]);
    });

    it('reports every problem at once, not only the first', async () => {
      expect(await buildErrors(dir('many-errors'))).to.deep.equal([
        `${at('many-errors')}:4:3 person.colour: is not a known field for this kind of entry (see README: The data format)`,
        `${at('many-errors')}:9:20 publications[0].datePublished: must be a date like 2020, 2020-09 or 2020-09-30 (got "18-43")`,
        `${at('many-errors')}:11:5 news[0].date: is required but missing`]);
    });
  });

  describe('references between entries', () => {
    it('reports a reference to an id that nothing defines', async () => {
      expect(await buildErrors(dir('dangling-reference'))).to.deep.equal([
        `${at('dangling-reference')}:8:20 publications[0].authors[1]: refers to "charles-babage", but no entry in data/ has that id`]);
    });

    it('reports an id defined twice, naming the first definition', async () => {
      expect(await buildErrors(dir('duplicate-id'))).to.deep.equal([
        `${at('duplicate-id')}:8:9 organizations[0].id: "charles-babbage" is already the id of the entry at ${at('duplicate-id')}:5; ids must be unique across data/`]);
    });
  });

  describe('layer 2: SHACL shapes on the built graph', () => {
    it('reports a reference to the wrong kind of entity, naming entity, property, value and rule', async () => {
      expect(await buildErrors(dir('wrong-kind-of-reference'))).to.deep.equal([
        `${at('wrong-kind-of-reference')}:8:5 <http://localhost:3000/publications/notes#id> schema:author: needs at least one author, each a person (got <http://localhost:3000/organizations/analytical-society#id>) [sh:ClassConstraintComponent]`]);
    });

    it('reports a role that points at the wrong kind of entity, at the entry that owns the role', async () => {
      expect(await buildErrors(dir('role-of-wrong-kind'))).to.deep.equal([
        `${at('role-of-wrong-kind')}:5:5 <http://localhost:3000/organizations/analytical-society#id> schema:member (a schema:OrganizationRole): a role must point at exactly one value of the right kind: an organisation (worksFor, alumniOf, memberOf), a person (member, organizer, contributor), a grant (funding) or an award text [sh:OrConstraintComponent]`]);
    });
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { ontologyDir } from '../../src/config.js';
import {
  identifierScheme, identifierSchemes, identifierUrl, isArxiv, isDoi, isHandle, isIsbn, isOrcid, normalizeIsbn, normalizeOrcid, schemeOfField,
} from '../../src/source/identifiers.js';
import { buildErrors, fixturesDir } from '../support/profile.js';

describe('Scholarly identifiers', () => {
  describe('their syntax and check digits', () => {
    it('checks ORCID\'s ISO 7064 MOD 11-2 check digit, X included', () => {
      expect(isOrcid('0000-0002-1825-0097')).to.equal(true);
      expect(isOrcid('0000-0001-5109-3700')).to.equal(true);
      expect(isOrcid('0000-0002-1694-233X')).to.equal(true);
      expect(isOrcid('0000-0002-1825-0098'), 'wrong check digit').to.equal(false);
      expect(isOrcid('0000-0002-1694-2330'), 'X is ten, not zero').to.equal(false);
      expect(isOrcid('https://orcid.org/0000-0002-1825-0097'), 'the iD, not its URL').to.equal(false);
      expect(isOrcid('0000000218250097'), 'with its hyphens').to.equal(false);
    });

    it('reads an ORCID iD as people paste it: its URL, a lower-case check character; nothing else', () => {
      expect(normalizeOrcid('0000-0002-1694-233x')).to.equal('0000-0002-1694-233X');
      expect(normalizeOrcid('https://orcid.org/0000-0002-1825-0097')).to.equal('0000-0002-1825-0097');
      expect(normalizeOrcid('http://orcid.org/0000-0002-1694-233x')).to.equal('0000-0002-1694-233X');
      expect(normalizeOrcid(' orcid.org/0000-0002-1825-0097 ')).to.equal('0000-0002-1825-0097');
      expect(normalizeOrcid('https://orcid.org/0000-0002-1825-0098'), 'wrong check digit').to.equal(undefined);
      expect(normalizeOrcid('https://example.org/0000-0002-1825-0097'), 'another site').to.equal(undefined);
      expect(normalizeOrcid('0000 0002 1825 0097'), 'spaces for hyphens').to.equal(undefined);
    });

    it('writes an ISBN hyphenated where its groups were written, else bare, its check digit verified', () => {
      expect(normalizeIsbn('978 0 306 40615 7')).to.equal('978-0-306-40615-7');
      expect(normalizeIsbn('978-0-306-40615-7')).to.equal('978-0-306-40615-7');
      expect(normalizeIsbn('ISBN 978-0 306-40615-7')).to.equal('978-0-306-40615-7');
      expect(normalizeIsbn('ISBN-10: 0 306 40615 2')).to.equal('0-306-40615-2');
      expect(normalizeIsbn('9780306406157')).to.equal('9780306406157');
      expect(normalizeIsbn('97803 06406157'), 'groups that are no ISBN\'s').to.equal('9780306406157');
      expect(normalizeIsbn('0-8044-2957-x'), 'a lower-case X').to.equal('0-8044-2957-X');
      expect(normalizeIsbn('978 0 306 40615 8'), 'wrong check digit').to.equal(undefined);
    });

    it('reads DOIs, arXiv ids, ISBNs and handles as written, without their resolver', () => {
      expect(isDoi('10.1145/2815400.2815415')).to.equal(true);
      expect(isDoi('10.18653/v1/2019.como-1.12')).to.equal(true);
      expect(isDoi('https://doi.org/10.1000/182')).to.equal(false);
      expect(isDoi('10.1000')).to.equal(false);
      expect(isArxiv('2301.01234')).to.equal(true);
      expect(isArxiv('2301.01234v2')).to.equal(true);
      expect(isArxiv('hep-th/9901001')).to.equal(true);
      expect(isArxiv('math.GT/0309136')).to.equal(true);
      expect(isArxiv('arXiv:2301.01234')).to.equal(false);
      expect(isIsbn('978-0-306-40615-7')).to.equal(true);
      expect(isIsbn('0-306-40615-2')).to.equal(true);
      expect(isIsbn('978-0-306-40615-8'), 'wrong check digit').to.equal(false);
      expect(isHandle('1721.1/123456')).to.equal(true);
      expect(isHandle('hdl:1721.1/123456')).to.equal(false);
    });
  });

  describe('their schemes, one registry', () => {
    it('finds a scheme by what schema:propertyID says: its name, or its IRI', () => {
      expect(identifierScheme('DOI')?.field).to.equal('doi');
      expect(identifierScheme('http://www.wikidata.org/entity/P356')).to.equal(identifierScheme('DOI'));
      expect(identifierScheme('arXiv')?.scholarTag).to.equal('citation_arxiv_id');
      expect(identifierScheme('doi'), 'names as the data writes them').to.equal(undefined);
    });

    it('takes identifiers as people paste them: without the resolver, the prefix or the spaces around', () => {
      expect(schemeOfField('doi').normalise(' https://dx.doi.org/10.1145/2815400.2815415 ')).to.equal('10.1145/2815400.2815415');
      expect(schemeOfField('doi').normalise('doi: 10.1000/182')).to.equal('10.1000/182');
      expect(schemeOfField('arxiv').normalise('arXiv:2301.01234v2')).to.equal('2301.01234v2');
      expect(schemeOfField('orcid').normalise('https://orcid.org/0000-0002-1825-0097')).to.equal('0000-0002-1825-0097');
      expect(schemeOfField('pmid').normalise('https://pubmed.ncbi.nlm.nih.gov/31452104/')).to.equal('31452104');
      expect(schemeOfField('handle').normalise('hdl:1721.1/123456')).to.equal('1721.1/123456');
      expect(schemeOfField('isbn').normalise('ISBN-13: 978-0-306-40615-7')).to.equal('978-0-306-40615-7');
      // MathSciNet's BibTeX writes `MRNUMBER = {488287}`, its pages `MR0488287`.
      expect(['488287', 'MR 488287', 'https://mathscinet.ams.org/mathscinet-getitem?mr=MR0488287', 'MR0488287 (58 #7836)'].map(schemeOfField('mrnumber').normalise), 'the last as MathSciNet\'s older BibTeX writes it, with its printed review').to.deep.equal(['MR0488287', 'MR0488287', 'MR0488287', 'MR0488287']);
      expect(schemeOfField('zbl').normalise('Zbl 1266.53073')).to.equal('1266.53073');
      for (const scheme of identifierSchemes) expect(scheme.valid(scheme.normalise('')), scheme.label).to.equal(false);
    });

    it('resolves an identifier at the URL the profile\'s shorthand field links it to (ontology/shorthands.json)', () => {
      const shorthands = JSON.parse(readFileSync(path.join(ontologyDir, 'shorthands.json'), 'utf8')) as { fields: Record<string, { default: Array<Record<string, unknown>> }> };
      for (const scheme of identifierSchemes.filter((s) => shorthands.fields[s.field])) {
        const made = shorthands.fields[scheme.field].default;
        const sameAs = made.map((t) => t.sameAs).find((t) => typeof t === 'string') as string | undefined;
        expect(sameAs?.replace('{value:uri}', '{value}'), scheme.label).to.equal(scheme.url);
        expect(made.some((t) => (t.identifiers as Record<string, unknown> | undefined)?.propertyID === scheme.label), scheme.label).to.equal(true);
      }
      expect(identifierUrl(schemeOfField('doi'), '10.1000/a?b#c')).to.equal('https://doi.org/10.1000/a%3Fb%23c');
      expect(identifierUrl(schemeOfField('isbn'), '978-0-306-40615-7'), 'an ISBN has no resolver').to.equal(undefined);
    });
  });

  it('reports each malformed identifier, address and status where it is written, with what was expected', async () => {
    const at = path.relative(process.cwd(), path.join(fixturesDir, 'invalid', 'bad-identifiers', 'profile.yaml'));
    const orcid = 'must be an ORCID iD like 0000-0002-1825-0097 or https://orcid.org/0000-0002-1825-0097, with a valid check digit';
    expect(await buildErrors(path.join(fixturesDir, 'invalid', 'bad-identifiers'))).to.have.members([
      `${at}:5:10 person.orcid: ${orcid} (got "0000-0002-1825-0098")`,
      `${at}:6:10 person.email: must be an e-mail address, like ada@example.org (got "ada(at)example.org")`,
      `${at}:7:14 person.telephone: must be a telephone number, like +49 681 9303 0 (got "call me")`,
      `${at}:11:12 people[0].orcid: ${orcid} (got "https://orcid.org/0000-0002-1825-009")`,
      `${at}:18:10 publications[0].doi: must be a DOI like 10.1145/3132747.3132755 (without https://doi.org/) (got "https://doi.org/10.1000/182")`,
      `${at}:19:12 publications[0].arxiv: must be an arXiv identifier like "2301.01234" (in quotes, or YAML reads it as a number) or hep-th/9901001, without https://arxiv.org/abs/ (got 1843.0001)`,
      `${at}:20:11 publications[0].isbn: must be an ISBN-10 or ISBN-13 with a valid check digit, like 978-0-306-40615-7 (got "978-0-306-40615-8")`,
      `${at}:21:13 publications[0].status: must be one of published, accepted, to appear, in press, preprint, under review (got "in review")`,
    ]);
  });
});

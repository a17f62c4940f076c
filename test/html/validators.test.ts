import { expect } from 'chai';
import { built } from '../http/support.js';
import { fixtureProfiles } from '../support/fixtures.js';
import { adobeIssues, sdttResult } from '../support/structured-data.js';

/**
 * The structured-data validators search practitioners use, run offline over
 * every page of each fixture profile: structured-data-testing-tool with its
 * Google preset, and @adobe/structured-data-validator with the schema.org
 * release the project ships (30.0, read from test/fixtures/vocab/).
 */
/**
 * Errors the data itself causes, listed in README ("The page"): the island
 * states only what the graph says, and the graph does not say these. Any
 * other error fails the test, and so does one of these going away.
 *
 * - a talk's recording known only by its URL: a schema:VideoObject with no
 *   name, thumbnail or upload date, which Google's video feature requires;
 * - the photo, typed schema:ImageObject by the FOAF alignment (foaf:img) but
 *   with no url or contentUrl of its own (the person's image, a blank
 *   ImageObject, has the URL as its contentUrl).
 */
const video = (page: string, index: number) => ['name', 'thumbnailUrl', 'uploadDate'].map((field) =>
  `${page}: Required attribute "${field}" is missing at [{"type":"ScholarlyArticle","index":${index}},{"property":"subjectOf","index":1,"length":2,"type":"VideoObject"}]`);
const knownGaps: Record<string, string[] | undefined> = {
  second: [
    ...video('/', 4),
    ...video('/publications/uralic-segmentation-como-2019', 0),
    '/: One of the following conditions needs to be met: Required attribute "contentUrl" is missing or Required attribute "url" is missing at [{"type":"ImageObject","index":0}]',
    '/: One of the following conditions needs to be met: Required attribute "creator" is missing or Required attribute "creditText" is missing or Required attribute "copyrightNotice" is missing or Required attribute "license" is missing at [{"type":"ImageObject","index":0}]',
  ],
};

describe('the pages, in the structured-data validators', function () {
  this.timeout(300_000);

  for (const profile of fixtureProfiles) {
    describe(`on the ${profile.name} profile`, () => {
      let pages: Array<{ path: string; html: string }>;
      before(async () => {
        const b = await built({ dataDir: profile.dir });
        pages = [...b.site.documents, b.site.void].map((doc) => ({
          path: doc.path,
          html: b.representations.routes.get(doc.path)!.resource.variants[0].bodies.identity.toString(),
        }));
      });

      it('passes every test of structured-data-testing-tool\'s Google preset on every page, all of it schema.org', async () => {
        for (const page of pages) {
          const result = await sdttResult(page.html);
          expect(result.failed.map((t) => `${t.test}: ${t.error?.message}`), page.path).to.deep.equal([]);
          // The VoID description states nothing in schema.org, and has no island to test.
          if (page.path !== '/.well-known/void') expect(result.passed.length, page.path).to.be.greaterThan(0);
          for (const s of result.schemas) expect(s, `${page.path}: a schema that is not schema.org`).to.not.include(':');
        }
      });

      it('has no error in @adobe/structured-data-validator with schema.org 30.0, on any page, but the known gaps', async () => {
        const errors: string[] = [];
        for (const page of pages) {
          for (const issue of await adobeIssues(page.html)) {
            if (issue.severity === 'ERROR') errors.push(`${page.path}: ${issue.issueMessage} at ${JSON.stringify(issue.path)}`);
          }
        }
        expect(errors.sort()).to.deep.equal([...(knownGaps[profile.name] ?? [])].sort());
      });
    });
  }
});

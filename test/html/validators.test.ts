import { expect } from 'chai';
import { built, servedText } from '../http/support.js';
import { fixtureProfiles } from '../support/fixtures.js';
import { adobeIssues, sdttResult } from '../support/structured-data.js';

/**
 * The structured-data validators search practitioners use, run offline over
 * every page of each fixture profile: structured-data-testing-tool with its
 * Google preset, and @adobe/structured-data-validator with the schema.org
 * release the project ships (30.0, read from test/fixtures/vocab/).
 */
/** Errors the data would cause (none now; listed in the README's "The page" if one must stay). */
const knownGaps: Record<string, string[] | undefined> = {};

describe('the pages, in the structured-data validators', function () {
  this.timeout(300_000);

  for (const profile of fixtureProfiles) {
    describe(`on the ${profile.name} profile`, () => {
      let pages: Array<{ path: string; html: string }>;
      before(async () => {
        const b = await built({ dataDir: profile.dir });
        pages = [...b.site.documents, b.site.void].map((doc) => ({
          path: doc.path,
          html: servedText(b.representations, doc.path)!,
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

import { getIri, getIriAll, getProfileAll, getStringNoLocale, getThing } from '@inrupt/solid-client';
import { expect } from 'chai';
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { RequestListener } from 'node:http';
import { built, listening } from './support.js';
import { secondDir } from '../support/fixtures.js';

/**
 * The profile read as a WebID profile by Inrupt's Solid client, the library
 * Solid apps log in with: it fetches the person's IRI, reads the Turtle the
 * server negotiates, and finds the person and their identity provider.
 */

const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const FOAF = 'http://xmlns.com/foaf/0.1/';
const SOLID_OIDC_ISSUER = 'http://www.w3.org/ns/solid/terms#oidcIssuer';

describe('WebID', function () {
  this.timeout(120_000);
  let server: { url: string; close: () => Promise<void> };
  /** The site's base: where it listens, so that the client fetches the IRIs themselves. */
  let base: string;
  before(async () => {
    let app: RequestListener | undefined;
    server = await listening((req, res) => app!(req, res));
    base = `${server.url}/`;
    app = (await built({ dataDir: secondDir, base })).app;
  });
  after(async () => { await server?.close(); });

  it('reads the person IRI as a WebID whose profile names the person and their Solid identity provider', async () => {
    const person = (parse(readFileSync(path.join(secondDir, 'profile.yaml'), 'utf8')) as { person: { name: string; solidOidcIssuer: string } }).person;
    const webId = `${base}#me`;
    const { webIdProfile } = await getProfileAll(webId);
    const me = getThing(webIdProfile, webId);
    expect(me, 'the WebID in its own profile').to.not.equal(null);
    expect(getIri(me!, SOLID_OIDC_ISSUER)).to.equal(person.solidOidcIssuer);
    expect(getStringNoLocale(me!, `${FOAF}name`)).to.equal(person.name);
    const page = getThing(webIdProfile, base);
    expect(getIriAll(page!, RDF_TYPE)).to.include(`${FOAF}PersonalProfileDocument`);
    expect(getIri(page!, `${FOAF}primaryTopic`)).to.equal(webId);
  });
});

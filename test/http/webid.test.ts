import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { RequestListener } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { getIri, getIriAll, getProfileAll, getStringNoLocale, getThing } from '@inrupt/solid-client';
import { expect } from 'chai';
import { parse } from 'yaml';
import { built, listening } from './support.js';
import { secondDir } from '../support/fixtures.js';

/**
 * The profile read as a WebID profile by Inrupt's Solid client, the library
 * Solid apps log in with: it fetches the person's IRI, reads the Turtle the
 * server negotiates, and finds the person and their identity provider. The
 * profile is a copy of the second fixture's whose person names a (fictional)
 * Solid identity provider.
 */

const issuer = 'https://login.bergvik.example/';

const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const FOAF = 'http://xmlns.com/foaf/0.1/';
const SOLID_OIDC_ISSUER = 'http://www.w3.org/ns/solid/terms#oidcIssuer';

describe('WebID', function () {
  this.timeout(120_000);
  let server: { url: string; close: () => Promise<void> };
  /** The site's base: where it listens, so that the client fetches the IRIs themselves. */
  let base: string;
  let tmp: string;
  let dataDir: string;
  before(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-webid-'));
    dataDir = path.join(tmp, 'profile');
    await cp(secondDir, dataDir, { recursive: true });
    const file = path.join(dataDir, 'profile.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('\n  orcid: ', `\n  solidOidcIssuer: ${issuer}\n  orcid: `));
    let app: RequestListener | undefined;
    server = await listening((req, res) => app!(req, res));
    base = `${server.url}/`;
    app = (await built({ dataDir, base })).app;
  });
  after(async () => {
    await server?.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('reads the person IRI as a WebID whose profile names the person and their Solid identity provider', async () => {
    const person = (parse(await readFile(path.join(dataDir, 'profile.yaml'), 'utf8')) as { person: { name: string; solidOidcIssuer: string } }).person;
    expect(person.solidOidcIssuer).to.equal(issuer);
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

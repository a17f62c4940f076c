import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import LinkHeader from 'http-link-header';
import { createServer } from '../../src/server.js';
import { defaultBase, listening, testLastModified } from './support.js';
import { secondDir } from '../support/fixtures.js';
import { sharedBuilder } from '../support/profile.js';

/**
 * Memento (RFC 7089) on a copy of the second fixture profile kept in a git
 * repository of its own, with four commits on different dates: the first
 * with a draft title of a paper, the second with its title, the third not
 * valid, the fourth valid again (and the working tree).
 */

const work = '/publications/uralic-segmentation-como-2019';
const title = 'Cross-Lingual Transfer for Morphological Segmentation of Uralic Languages: Sámi, Võro and Mari';
const draft = 'Cross-Lingual Segmentation of Uralic Languages (draft)';
const dates = ['2020-01-01T00:00:00Z', '2021-01-01T00:00:00Z', '2022-01-01T00:00:00Z', '2023-01-01T00:00:00Z'];
const httpDate = (iso: string) => new Date(iso).toUTCString();

function commit(dir: string, message: string, date: string): void {
  const env = { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date, GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 'test@example.org', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 'test@example.org' };
  execFileSync('git', ['add', '-A'], { cwd: dir, env });
  execFileSync('git', ['-c', 'commit.gpgsign=false', 'commit', '-q', '-m', message], { cwd: dir, env });
}

describe('Memento', function () {
  this.timeout(120_000);
  let tmp: string;
  let server: { url: string; close: () => Promise<void> };
  const warnings: string[] = [];
  before(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-memento-'));
    const dir = path.join(tmp, 'profile');
    await cp(secondDir, dir, { recursive: true });
    const works = path.join(dir, 'works.yaml');
    const yaml = await readFile(works, 'utf8');
    execFileSync('git', ['init', '-q'], { cwd: dir });
    await writeFile(works, yaml.replace(title, draft));
    commit(dir, 'draft', dates[0]);
    await writeFile(works, yaml);
    commit(dir, 'title', dates[1]);
    await writeFile(works, yaml.replace('datePublished: 2019', 'datePublished: nineteen'));
    commit(dir, 'broken', dates[2]);
    await writeFile(works, yaml);
    commit(dir, 'fixed', dates[3]);
    const s = await createServer({ dataDir: dir, base: defaultBase, lastModified: testLastModified, sparql: false, builder: await sharedBuilder(), warn: (m) => warnings.push(m) });
    server = await listening(s.app);
  });
  after(async () => {
    await server?.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('redirects a document asked with Accept-Datetime to the memento in force then, which is that version', async () => {
    const gate = await fetch(server.url + work, { redirect: 'manual', headers: { 'accept-datetime': 'Wed, 01 Jul 2020 12:00:00 GMT' } });
    expect(gate.status).to.equal(302);
    expect(gate.headers.get('vary')).to.equal('accept-datetime');
    expect(gate.headers.get('location')).to.equal(`/.memento/20200101000000${work}`);
    const memento = await fetch(server.url + gate.headers.get('location'), { headers: { accept: 'text/turtle' } });
    expect(memento.status).to.equal(200);
    expect(memento.headers.get('memento-datetime')).to.equal(httpDate(dates[0]));
    expect(memento.headers.get('content-location')).to.equal(`/.memento/20200101000000${work}.ttl`);
    const links = LinkHeader.parse(memento.headers.get('link') ?? '');
    expect(links.rel('original').map((l) => l.uri)).to.deep.equal([new URL(work, defaultBase).href]);
    expect(links.rel('timegate').map((l) => l.uri)).to.deep.equal([new URL(work, defaultBase).href]);
    expect(links.get('rel', 'timemap').map((l) => l.uri)).to.deep.equal([new URL(`/.timemap${work}`, defaultBase).href]);
    const turtle = await memento.text();
    expect(turtle).to.include(draft);
    expect(turtle).to.not.include(title);
    // Without Accept-Datetime, the document is today's.
    expect(await (await fetch(server.url + work, { headers: { accept: 'text/turtle' } })).text()).to.include(title);
  });

  it('skips a version that is not valid, and says so', async () => {
    const gate = await fetch(server.url + work, { redirect: 'manual', headers: { 'accept-datetime': 'Wed, 01 Jun 2022 00:00:00 GMT' } });
    expect(gate.headers.get('location')).to.equal(`/.memento/20210101000000${work}`);
    expect(warnings.filter((w) => w.includes('is not valid, so it has no memento'))).to.have.length(1);
    expect((await fetch(`${server.url}/.memento/20220101000000${work}`)).status).to.equal(404);
  });

  it('lists the mementos in a TimeMap, and refuses a date that is none', async () => {
    const res = await fetch(`${server.url}/.timemap${work}`);
    expect(res.headers.get('content-type')).to.equal('application/link-format');
    const links = LinkHeader.parse((await res.text()).replace(/\n/g, ' '));
    const mementos = links.get('rel', 'memento').map((l) => l.datetime);
    expect(mementos).to.include.members([httpDate(dates[0]), httpDate(dates[1]), httpDate(dates[3])]);
    expect(links.get('rel', 'original').map((l) => l.uri)).to.deep.equal([new URL(work, defaultBase).href]);
    const bad = await fetch(server.url + work, { headers: { 'accept-datetime': 'last Tuesday' } });
    expect(bad.status).to.equal(400);
  });

  it('serves a profile that is not in git without mementos', async () => {
    const dir = path.join(tmp, 'plain');
    await cp(secondDir, dir, { recursive: true });
    const plain = await listening((await createServer({ dataDir: dir, base: defaultBase, lastModified: testLastModified, sparql: false, builder: await sharedBuilder() })).app);
    try {
      const res = await fetch(plain.url + work, { redirect: 'manual', headers: { 'accept-datetime': 'Wed, 01 Jul 2020 12:00:00 GMT', accept: 'text/turtle' } });
      expect(res.status).to.equal(200);
      expect((await fetch(`${plain.url}/.timemap${work}`)).status).to.equal(404);
    } finally {
      await plain.close();
    }
  });
});

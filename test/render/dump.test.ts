import type { Quad } from '@rdfjs/types';
import { expect } from 'chai';
import { formatsOf } from '../../src/formats.js';
import { profileDataset } from '../../src/publish/profile-site.js';
import { relabelBlankNodes } from '../../src/rdf/quads.js';
import { dumpWriters, graphWriters } from '../../src/render/writers.js';
import { scaleProfiles } from '../support/fixtures.js';
import { buildProfile, defaultBase } from '../support/profile.js';

/**
 * The dumps by subjects (render/dump.ts): the head, each run of subjects
 * and the tail, put together, are the text the format's writer makes of the
 * whole dataset, wherever the runs are cut.
 */
for (const profile of scaleProfiles) {
  describe(`The dumps of the ${profile.name} profile written by subjects`, function () {
    this.timeout(60_000);
    let quads: Quad[];
    before(async () => { quads = relabelBlankNodes(profileDataset(await buildProfile(profile.dir))); });

    for (const { name } of formatsOf('graph')) {
      it(`are, in ${name}, the head, every subject and the tail: the text of the whole dataset`, () => {
        const whole = graphWriters[name](quads, { base: defaultBase });
        const dump = dumpWriters[name](quads, { base: defaultBase });
        expect(dump.head + dump.write(dump.subjects, true) + dump.tail).to.equal(whole);
      });

      it(`are, in ${name}, the same text when written in runs of a few subjects each`, () => {
        const dump = dumpWriters[name](quads, { base: defaultBase });
        const runs: Quad[][][] = [];
        for (let i = 0; i < dump.subjects.length; i += 7) runs.push(dump.subjects.slice(i, i + 7));
        expect(dump.head + runs.map((run, i) => dump.write(run, i === 0)).join('') + dump.tail).to.equal(graphWriters[name](quads, { base: defaultBase }));
        if (name !== 'jsonld') expect(runs.length).to.be.greaterThan(10);
      });
    }
  });
}

import type { Quad } from '@rdfjs/types';
import { expect } from 'chai';
import { formatsOf } from '../../src/formats.js';
import { profileDataset } from '../../src/publish/profile-site.js';
import rdf from 'rdf-ext';
import { relabelBlankNodes, sortQuads } from '../../src/rdf/quads.js';
import { DumpQuads } from '../../src/render/dump.js';
import { schema } from '../../src/rdf/vocabulary.js';
import { dumpWriters, graphWriters } from '../../src/render/writers.js';
import { scaleProfiles } from '../support/fixtures.js';
import { buildProfile, defaultBase } from '../support/profile.js';

/**
 * The dumps by subjects (render/dump.ts): the head, each run of subjects
 * and the tail, put together, are the text the format's writer makes of the
 * whole dataset, wherever the runs are cut.
 */
describe('The JSON-LD dump written by subjects', () => {
  const node = (iri: string) => rdf.namedNode(`${defaultBase}${iri}`);
  const name = rdf.namedNode(schema('name'));
  const address = rdf.namedNode(schema('address'));
  const place = rdf.blankNode('b0');
  const quads = [
    rdf.quad(node('a'), address, place), rdf.quad(node('b'), name, rdf.literal('B')), rdf.quad(place, name, rdf.literal('Place')),
  ];

  it('nests a blank node in the one subject that names it, and is the whole text', () => {
    const dump = dumpWriters.jsonld(new DumpQuads(quads), {});
    expect(dump.subjects.map((own) => own.length)).to.deep.equal([2, 1]);
    expect(dump.head + dump.write([dump.subjects[0]], true) + dump.write([dump.subjects[1]], false) + dump.tail).to.equal(graphWriters.jsonld(quads, {}));
  });

  it('is all head when a blank node is named by two subjects, as where it nests depends on which comes first', () => {
    const shared = [...quads, rdf.quad(node('b'), address, place)];
    const dump = dumpWriters.jsonld(new DumpQuads(shared), {});
    expect([dump.head, dump.subjects.length, dump.tail]).to.deep.equal([graphWriters.jsonld(shared, {}), 0, '']);
  });
});

for (const profile of scaleProfiles) {
  describe(`The dumps of the ${profile.name} profile written by subjects`, function () {
    this.timeout(60_000);
    let quads: Quad[];
    before(async () => { quads = relabelBlankNodes(profileDataset(await buildProfile(profile.dir))); });

    it('are, in Turtle and N-Triples, the same subjects sorted once: the very same arrays', () => {
      const dataset = new DumpQuads(quads);
      const turtle = dumpWriters.turtle(dataset, { base: defaultBase });
      expect(dumpWriters.ntriples(dataset, {}).subjects).to.equal(turtle.subjects);
      expect(turtle.subjects.flat()).to.deep.equal(sortQuads(quads));
    });

    for (const { name } of formatsOf('graph')) {
      it(`are, in ${name}, the head, every subject and the tail: the text of the whole dataset`, () => {
        const whole = graphWriters[name](quads, { base: defaultBase });
        const dump = dumpWriters[name](new DumpQuads(quads), { base: defaultBase });
        expect(dump.head + dump.write(dump.subjects, true) + dump.tail).to.equal(whole);
      });

      it(`are, in ${name}, the same text when written in runs of a few subjects each`, () => {
        const dump = dumpWriters[name](new DumpQuads(quads), { base: defaultBase });
        const runs: Quad[][][] = [];
        for (let i = 0; i < dump.subjects.length; i += 7) runs.push(dump.subjects.slice(i, i + 7));
        expect(dump.head + runs.map((run, i) => dump.write(run, i === 0)).join('') + dump.tail).to.equal(graphWriters[name](quads, { base: defaultBase }));
        expect(runs.length).to.be.greaterThan(5);
      });
    }
  });
}

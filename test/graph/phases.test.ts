import path from 'node:path';
import { expect } from 'chai';
import { InvalidProfileError } from '../../src/issues.js';
import { ProfileBuilder } from '../../src/pipeline.js';
import { demoDir } from '../support/fixtures.js';
import { defaultBase, fixturesDir } from '../support/profile.js';

describe('the phases of a build, for a progress display', () => {
  it('are announced in order as each starts: reading, checking, building graph, checking shapes', async () => {
    const phases: string[] = [];
    const profile = await (await ProfileBuilder.create()).build(demoDir, defaultBase, { onPhase: (phase) => phases.push(phase) });
    expect(phases).to.deep.equal(['reading', 'checking', 'building graph', 'checking shapes']);
    expect(profile.graph.size).to.be.above(0);
  });

  it('stop at the first layer that finds a problem', async () => {
    const phases: string[] = [];
    const builder = await ProfileBuilder.create();
    const error = await builder.build(path.join(fixturesDir, 'invalid', 'no-person'), defaultBase, { onPhase: (phase) => phases.push(phase) })
      .then(() => undefined, (e: unknown) => e);
    expect(error).to.be.instanceOf(InvalidProfileError);
    expect(phases).to.deep.equal(['reading', 'checking']);
  });
});

import path from 'node:path';
import { expect } from 'chai';
import { namedNode } from '../../src/rdf/graph.js';
import { foaf, rdf, schema } from '../../src/rdf/vocabulary.js';
import { profilesDir } from '../support/fixtures.js';
import { buildProfile, defaultBase } from '../support/profile.js';

describe('The FOAF alignment of a group\'s memberships', () => {
  it('states foaf:member for a membership with no end date, and none for one that ended, whose role still says both dates', async () => {
    const { graph } = await buildProfile(path.join(profilesDir, 'memberships'));
    const lab = namedNode(`${defaultBase}organizations/example-lab#id`);
    expect(graph.nodes(lab, foaf('member')).map((n) => n.value)).to.deep.equal([`${defaultBase}people/grace-example#id`]);
    expect(graph.nodes(lab, rdf('type')).map((n) => n.value)).to.include(foaf('Group'));
    const ended = graph.nodes(lab, schema('member')).find((role) => graph.text(role, schema('endDate')) !== undefined)!;
    expect(graph.nodes(ended, schema('member')).map((n) => n.value)).to.deep.equal([`${defaultBase}#me`]);
    expect(graph.text(ended, schema('startDate'))).to.equal('2018');
  });

  it('keeps a group whose memberships have all ended a foaf:Group, with no foaf:member', async () => {
    const { graph } = await buildProfile(path.join(profilesDir, 'memberships'));
    const group = namedNode(`${defaultBase}organizations/reading-group#id`);
    expect(graph.nodes(group, foaf('member'))).to.deep.equal([]);
    expect(graph.nodes(group, rdf('type')).map((n) => n.value)).to.include(foaf('Group'));
  });
});

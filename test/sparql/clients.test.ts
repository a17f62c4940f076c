import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect } from 'chai';
import type { SparqlService } from '../../src/sparql/index.js';
import { examples } from '../../src/render/sparql-page.js';
import { appWith, listening, parseCsv, profile, publishedQuads, service } from './support.js';
import { python, requireClients } from '../support/clients.js';
import { facts, fixtureProfiles, type Entry } from '../support/fixtures.js';

/**
 * Real SPARQL clients against the endpoint, over HTTP on localhost: roqet
 * (rasqal's SPARQL protocol client) and rdflib's SPARQLStore, each with the
 * requests and Accept headers it makes by itself. Needs Debian's
 * rasqal-utils and python3-rdflib (.ci/run installs them).
 */
const run = promisify(execFile);

const RDFLIB = `
import json, sys
from rdflib import Graph
from rdflib.plugins.stores.sparqlstore import SPARQLStore
graph = Graph(store=SPARQLStore(sys.argv[1]))
select = [{str(k): str(v) for k, v in row.asdict().items()} for row in graph.query(sys.argv[2])]
ask = graph.query('ASK { ?s a <http://schema.org/Person> }').askAnswer
construct = len(graph.query('CONSTRUCT WHERE { ?s <http://schema.org/name> ?o }').graph)
print(json.dumps({'select': select, 'ask': ask, 'construct': construct}))
`;

for (const fixture of fixtureProfiles) {
  describe(`real SPARQL clients querying the endpoint over the ${fixture.name} profile`, function () {
    const yaml = facts(fixture.dir);
    this.timeout(120_000);
    let sparql: SparqlService;
    let server: { url: string; close: () => Promise<void> };

    before(async function () {
      requireClients(this, ['rdflib', 'roqet']);
      sparql = await service({ dataDir: fixture.dir });
      server = await listening(appWith(sparql));
    });
    after(async () => {
      await server?.close();
      await sparql?.close();
    });

    it('roqet sends a SELECT by the protocol and reads the results', async () => {
      const { stdout } = await run('roqet', ['-q', '-i', 'sparql11-query', '-p', `${server.url}/sparql`, '-r', 'csv',
        '-e', 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }']);
      expect(parseCsv(stdout.replace(/\r?\n/g, '\r\n'))).to.deep.equal([['n'], [String((await publishedQuads(fixture.dir)).length)]]);
    });

    it('roqet reads the current group members from the example query', async () => {
      const members = examples('http://localhost:3000/', 'http://localhost:3000/#me')[1].query;
      const { stdout } = await run('roqet', ['-q', '-i', 'sparql11-query', '-p', `${server.url}/sparql`, '-r', 'csv', '-e', members]);
      const rows = parseCsv(stdout.replace(/\r?\n/g, '\r\n')).filter((r) => r.length > 1);
      const nameOf = (id: string) => yaml.list('people').find((p) => p.id === id)?.name ?? yaml.person.name;
      const current = yaml.list('groups').flatMap((g) => (g.members as Entry[]).filter((m) => m.endDate === undefined).map((m) => nameOf(m.person)));
      // roqet prints nothing at all for no rows, not even the header.
      if (current.length === 0) expect(rows).to.deep.equal([]);
      else expect(rows[0]).to.deep.equal(['group', 'name', 'role', 'since']);
      expect(rows.slice(1).map((r) => r[1])).to.have.members(current);
    });

    it('rdflib\'s SPARQLStore gets SELECT, ASK and CONSTRUCT answers', async () => {
      const query = 'PREFIX schema: <http://schema.org/> SELECT ?name WHERE { <http://localhost:3000/#me> schema:name ?name }';
      const { stdout } = await run(python, ['-c', RDFLIB, `${server.url}/sparql`, query]);
      const result = JSON.parse(stdout) as { select: Array<Record<string, string>>; ask: boolean; construct: number };
      expect(result.select).to.deep.equal([{ name: yaml.person.name }]);
      expect(result.ask).to.equal(true);
      const named = (await publishedQuads(fixture.dir)).filter((q) => q.predicate.value === 'http://schema.org/name').length;
      expect(result.construct).to.equal(named);
    });
  });
}

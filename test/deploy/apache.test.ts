import { expect } from 'chai';
import { describeStaticServer, randomDifferences, tableDifferences } from './suite.js';
import { freePort, startServer } from './servers.js';

/**
 * Headers odd in form, each a reading negotiate() has a rule for (test/http/negotiate.test.ts), for the
 * Lua port to read alike: quotes, escapes, unreadable, rounded and out-of-range weights, a bare `*`,
 * empty entries, parameters without a value, the case of names, and U+00A0, which JavaScript trims (long runs of
 * white space too).
 */
const oddHeaders = [
  'text/turtle;foo="a, image/png", image/png;q=0.5',
  'text/html;foo="a\\",b", text/turtle;q=0.9',
  'text/turtle;q=high, application/ld+json',
  'text/turtle;q="0.9", application/ld+json;q=0.5',
  'text/turtle;q=1e0, text/html;q=0.5',
  'text/turtle;q=5, application/ld+json;q=0.9',
  'text/turtle;q=1., application/ld+json;q=.99',
  'text/turtle;q=0.0005, application/ld+json;q=0.0004',
  'text/turtle;q=0.00049999999999999994, application/ld+json;q=0.0001',
  'application/ld+json;q=0.0015, text/turtle;q=0.0014999',
  '*;q=0.5, text/turtle;q=0.4',
  ' , text/turtle ;  q=1 ,, ',
  ';;;, /, a/b/c, garbage',
  '*/turtle',
  'text/html;q=0.5;level=1, text/turtle;q=0.5',
  'TEXT/TURTLE;Q=0.5, Application/LD+JSON;q=0.4',
  'text/html; q = 0.3 , text/turtle;\tq=0.2',
  'text/x-bibliography; style="IEEE"',
  'text/x-bibliography; style=mla, text/html;q=0.1',
  'text/x-bibliography;style, text/turtle;q=0.5',
  'text/x-bibliography;STYLE=Apa;q=0.4, text/x-bibliography;q=0.5',
  'text/turtle;q=0.5,\u00a0application/ld+json\u00a0;q=0.6\u00a0',
  'application/json, application/ld+json;q=0.9',
  '*/*;q=0.5, text/*;q=0.6, text/html;q=0',
  `text/turtle;q=${' '.repeat(4000)}0.5 ${'\t'.repeat(2000)}, application/ld+json;q=0.4${'\u00a0'.repeat(2000)}`,
  '',
];

// Apache httpd (Debian's apache2) over the built demo site, at the root and under a user's sub-path.
describeStaticServer('apache', '/', (running) => {
  it('runs lodfolio serve\'s own negotiation in mod_lua, and so agrees with negotiate() on all of 1,000 random Accept headers at a person\'s page and a work\'s', async () => {
    const { server, site } = running();
    expect(server.config).to.match(/^LoadModule lua_module ".*mod_lua\.so"$/m).and.include('LuaHookPreTranslateName');
    const { compared, differences } = await randomDifferences(server, site);
    expect(compared).to.equal(2000);
    expect(differences).to.deep.equal([]);
  });

  it('reads Accept headers odd in form as negotiate() does (quotes, escapes, weights unreadable, rounded or above 1, a bare *, empty entries, U+00A0)', async () => {
    const { server, site } = running();
    const { compared, differences } = await randomDifferences(server, site, oddHeaders);
    expect(compared).to.equal(oddHeaders.length * 2);
    expect(differences).to.deep.equal([]);
  });

  it('falls back to the table of Accept headers where mod_lua is not loaded: on the same 1,000, 1,287 of 2,000 answers are negotiate()\'s, and every other is the table\'s fallback (which cannot weigh q-values)', async () => {
    const { site } = running();
    const withoutLua = (config: string) => config.replace(/^LoadModule lua_module .*\n/m, '');
    const server = await startServer('apache', site, { port: await freePort(), edit: withoutLua });
    try {
      expect(server.config).to.include('<IfModule !lua_module>').and.not.match(/^LoadModule lua_module/m);
      const { agree, unexplained } = await tableDifferences(server, site);
      expect(unexplained, 'differences the table does not give').to.deep.equal([]);
      // The figure docs/building.md gives.
      expect(agree).to.equal(1287);
    } finally {
      await server.stop();
    }
  });
});
describeStaticServer('apache', '/~ada/');

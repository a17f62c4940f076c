import { negotiation } from '../http/negotiate.js';
import type { ExtraFile } from '../publish/export.js';

/**
 * nginx's njs module (Debian's libnginx-mod-http-js) runs `lodfolio
 * serve`'s own negotiation: the module is the text of negotiate() and of
 * everything it calls, as this very process runs them, so the two cannot
 * drift. `build` writes it into the site (a dot-file, never served); the
 * config of `server-config nginx` imports it and asks it for the file to
 * send (`js_set`), giving it the document's offers from a `map`.
 */
export const njsModuleName = '.lodfolio-negotiate.js';

/** A document's offers, in the server's order, as the module's `choice` reads them from `$lodfolio_offers`. */
export function offers(choices: ReadonlyArray<{ mediaType: string; choice: string }>): string {
  return choices.map((c) => `${c.mediaType} ${c.choice}`).join('|');
}

export function njsModule(): ExtraFile {
  const text = [
    '// Content negotiation for nginx\'s njs module: lodfolio serve\'s own (src/http/negotiate.ts),',
    '// written by lodfolio build; the config of `lodfolio server-config nginx` imports it.',
    `var TOKEN = ${negotiation.TOKEN};`,
    ...negotiation.functions.map((f) => f.toString()),
    '/** js_set $lodfolio_choice: the file to send for the request\'s Accept, or 406. */',
    'function choice(r) {',
    '  var offers = r.variables.lodfolio_offers.split("|");',
    '  var types = offers.map(function (o) { return o.slice(0, o.lastIndexOf(" ")); });',
    '  var chosen = negotiate(r.headersIn.Accept, types);',
    '  return chosen === undefined ? "406" : offers[types.indexOf(chosen)].slice(chosen.length + 1);',
    '}',
    'export default { choice: choice };',
    ''].join('\n');
  return { name: njsModuleName, bytes: Buffer.from(text) };
}

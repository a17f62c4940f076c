import { prng } from './generate.js';

/**
 * Accept headers as clients could send them, from a fixed seed: one to five
 * ranges among the site's types, their aliases, wildcards, parameters and
 * types it lacks, each with no q, or a q of one to three decimals, or 0;
 * in any order and case, with or without spaces. For comparing a server's
 * negotiation with `negotiate()` beyond the headers of a table.
 */
export function randomAcceptHeaders(count: number, seed: number): string[] {
  const random = prng(seed);
  const ranges = ['text/html', 'text/turtle', 'application/ld+json', 'application/n-triples', 'application/rdf+xml', 'application/json',
    'application/xhtml+xml', 'text/plain', 'application/x-bibtex', 'application/vnd.citationstyles.csl+json', 'application/x-research-info-systems',
    'text/x-bibliography; style=apa', 'text/x-bibliography; style=ieee', 'text/x-bibliography', 'application/ld+json;profile="http://www.w3.org/ns/json-ld#compacted"',
    '*/*', 'text/*', 'application/*', 'image/png', 'text/csv', 'application/xml'];
  const weights = ['', '', '', ';q=1', ';q=0', ';q=0.9', ';q=0.5', ';q=0.1', ';q=.8'];
  const headers: string[] = [];
  for (let i = 0; i < count; i++) {
    const entries = Array.from({ length: random.int(1, 5) }, () => {
      const weight = random.next() < 0.2 ? `;q=${(random.int(0, 1000) / 1000).toString()}` : random.pick(weights);
      const range = random.pick(ranges);
      return (random.next() < 0.1 ? range.toUpperCase() : range) + weight;
    });
    headers.push(entries.join(random.next() < 0.5 ? ', ' : ','));
  }
  return headers;
}

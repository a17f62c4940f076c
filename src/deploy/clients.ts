/**
 * Accept headers real clients send by themselves (captured from the Debian
 * packages' programs requesting a local server, or quoted from the clients'
 * source), plus the one-type headers people type (`curl -H 'Accept:
 * text/turtle'`). A server that cannot weigh q-values looks these up,
 * exactly as `negotiate()` answers them; anything else takes a fallback.
 */
export const clientAcceptHeaders: readonly string[] = [
  // Browsers and crawlers, navigating.
  'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7', // Chrome, Edge
  'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8', // Firefox
  'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', // Safari, older Firefox
  'text/html,application/xhtml+xml,application/signed-exchange;v=b3,application/xml;q=0.9,*/*;q=0.8', // Googlebot
  'text/html, image/gif, image/jpeg, *; q=.2, */*; q=.2', // Java HttpURLConnection
  '*/*', // curl, wget, python-requests, fetch()
  // rdflib 6.1.1: Graph().parse(url), and with format= turtle, json-ld, nt.
  'application/rdf+xml,text/rdf+n3;q=0.9,application/xhtml+xml;q=0.5, */*;q=0.1',
  'text/turtle,application/x-turtle, */*;q=0.1',
  'application/ld+json, application/json;q=0.9, */*;q=0.1',
  'text/plain, */*;q=0.1',
  // pyld 2.0.3 and jsonld.js document loaders.
  'application/ld+json, application/json',
  'application/ld+json, application/json;q=0.9, */*;q=0.1',
  // Apache Jena RIOT (graph and dataset defaults).
  'text/turtle,application/n-triples;q=0.9,application/ld+json;q=0.8,application/rdf+xml;q=0.7,application/trig,application/n-quads;q=0.9,text/x-nquads;q=0.8,application/x-trig;q=0.7,application/ld+json;q=0.5,*/*;q=0.5',
  'text/turtle,application/n-triples;q=0.9,application/ld+json;q=0.8,application/rdf+xml;q=0.7,*/*;q=0.5',
  // raptor's rapper 2.0.15 (guessing, and -i turtle), and rasqal's roqet 0.9.33 -D.
  'application/rdf+xml, text/rdf;q=0.6, */*;q=0.1',
  'text/turtle, application/x-turtle, application/turtle, text/n3;q=0.3, text/rdf+n3;q=0.3, application/rdf+n3;q=0.3, */*;q=0.1',
  'application/rdf+xml, text/rdf;q=0.6, application/n-triples, text/plain;q=0.1, text/turtle, application/x-turtle, application/turtle, text/n3;q=0.3, text/rdf+n3;q=0.3, application/rdf+n3;q=0.3, application/x-trig, application/rss;q=0.8, application/rss+xml;q=0.8, text/rss;q=0.8, application/xml;q=0.3, text/xml;q=0.3, application/atom+xml;q=0.3, text/html;q=0.2, application/xhtml+xml;q=0.4, text/html;q=0.6, application/xhtml+xml;q=0.8, application/json;q=0.1, text/json;q=0.1, text/x-nquads, */*;q=0.1',
  // doi.org-style citation requests.
  'text/x-bibliography; style=apa', 'text/x-bibliography; style=ieee', 'text/x-bibliography; style=chicago-author-date',
  'application/x-bibtex', 'application/vnd.citationstyles.csl+json', 'application/x-research-info-systems', 'text/bibliography; style=apa',
];

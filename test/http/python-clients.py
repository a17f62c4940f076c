"""Real Python RDF clients dereferencing lodfolio's documents by URL.

Reads a JSON list of URLs on stdin; for each, loads it with
  rdflib-default   rdflib's Graph().parse(url), its own Accept (RDF/XML first)
  rdflib-turtle    Graph().parse(url, format="turtle")
  rdflib-jsonld    Graph().parse(url, format="json-ld")
  rdflib-nt        Graph().parse(url, format="nt") (Accept: text/plain)
  pyld             jsonld.to_rdf(url), pyld's requests document loader
and prints one JSON object: {url: {client: N-Triples or "ERROR: ..."}}.
Run by test/http/interop.test.ts with Debian's /usr/bin/python3.
"""
import json
import sys

import rdflib
from pyld import jsonld

# Keep lexical forms as served: the test compares them with the graph.
rdflib.NORMALIZE_LITERALS = False


def with_rdflib(url, fmt=None):
    graph = rdflib.Graph()
    graph.parse(url, format=fmt) if fmt else graph.parse(url)
    out = graph.serialize(format="nt")
    return out.decode("utf-8") if isinstance(out, bytes) else out


def with_pyld(url):
    return jsonld.to_rdf(url, {"format": "application/n-quads"})


clients = {
    "rdflib-default": lambda u: with_rdflib(u),
    "rdflib-turtle": lambda u: with_rdflib(u, "turtle"),
    "rdflib-jsonld": lambda u: with_rdflib(u, "json-ld"),
    "rdflib-nt": lambda u: with_rdflib(u, "nt"),
    "pyld": with_pyld,
}

results = {}
for url in json.load(sys.stdin):
    results[url] = {}
    for name, load in clients.items():
        try:
            results[url][name] = load(url)
        except Exception as error:  # reported per URL and client by the test
            results[url][name] = "ERROR: %s: %s" % (type(error).__name__, error)
json.dump(results, sys.stdout)

import type { Quad } from '@rdfjs/types';
import rdf from '../rdf/factory.js';
import { sortQuads } from '../rdf/quads.js';
import { RDF_TYPE, rdfs, sd, voidTerm, xsd } from '../rdf/vocabulary.js';
import { formatsOf, type FormatName } from '../formats.js';
import { graphWriters } from '../render/writers.js';
import { formatIris } from './formats.js';

/**
 * The SPARQL 1.1 Service Description (https://www.w3.org/TR/sparql11-service-description/)
 * that `GET /sparql` gives RDF clients: what the service speaks, in which
 * formats it answers, and its dataset, which is the dataset the VoID
 * description describes (`sd:defaultGraph` is the VoID dataset node, which
 * says how big it is and where its dumps are).
 */


export interface DescriptionInput {
  /** The endpoint's URL, which names the service. */
  endpoint: string;
  /** The name of the one named graph (the URL of the dataset dump). */
  graphName: string;
  /** The VoID dataset node (`{base}.well-known/void#dataset`) and the VoID document. */
  voidDataset: string;
  voidUrl: string;
  triples: number;
}

export function serviceDescription(input: DescriptionInput): Quad[] {
  const iri = rdf.namedNode;
  const out: Quad[] = [];
  const add = (s: string, p: string, o: Quad['object']) => out.push(rdf.quad(iri(s), iri(p), o));
  const a = RDF_TYPE;
  const service = input.endpoint;
  const dataset = `${input.endpoint}#dataset`;
  const named = `${input.endpoint}#graph`;

  add(service, a, iri(sd('Service')));
  add(service, sd('endpoint'), iri(input.endpoint));
  add(service, sd('supportedLanguage'), iri(sd('SPARQL11Query')));
  for (const format of formatIris) add(service, sd('resultFormat'), iri(format));
  add(service, sd('defaultEntailmentRegime'), iri('http://www.w3.org/ns/entailment/Simple'));
  add(service, rdfs('seeAlso'), iri(input.voidUrl));
  add(service, sd('defaultDataset'), iri(dataset));

  add(dataset, a, iri(sd('Dataset')));
  add(dataset, sd('defaultGraph'), iri(input.voidDataset));
  add(dataset, sd('namedGraph'), iri(named));
  add(named, a, iri(sd('NamedGraph')));
  add(named, sd('name'), iri(input.graphName));
  add(named, sd('graph'), iri(input.voidDataset));

  add(input.voidDataset, a, iri(sd('Graph')));
  add(input.voidDataset, a, iri(voidTerm('Dataset')));
  add(input.voidDataset, voidTerm('triples'), rdf.literal(String(input.triples), iri(xsd('integer'))));
  add(input.voidDataset, voidTerm('sparqlEndpoint'), iri(input.endpoint));
  return sortQuads(out);
}

/** The description in each RDF format, keyed by format name, serialised once. */
export function describeInFormats(quads: readonly Quad[], endpoint: string): Map<FormatName, Buffer> {
  return new Map(formatsOf('graph').map((f) => [f.name, Buffer.from(graphWriters[f.name](quads, { root: endpoint }))]));
}

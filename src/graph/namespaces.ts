/** The vocabularies the graph speaks, with the prefixes every format uses. */
export const prefixes = {
  schema: 'http://schema.org/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  owl: 'http://www.w3.org/2002/07/owl#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  sh: 'http://www.w3.org/ns/shacl#',
  void: 'http://rdfs.org/ns/void#',
  dcterms: 'http://purl.org/dc/terms/',
  sd: 'http://www.w3.org/ns/sparql-service-description#',
} as const;

const term = <P extends string>(ns: string) => (local: P) => `${ns}${local}`;
export const schema = term(prefixes.schema);
export const foaf = term(prefixes.foaf);
export const rdf = term(prefixes.rdf);
export const rdfs = term(prefixes.rdfs);
export const owl = term(prefixes.owl);
export const xsd = term(prefixes.xsd);
export const sh = term(prefixes.sh);

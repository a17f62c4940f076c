/**
 * The vocabularies the project speaks: their namespaces and prefixes, and
 * the terms the code names. Each namespace's terms are a closed list, so a
 * misspelt term (`schema('autor')`) does not compile. The data's own terms
 * come from ontology/context.jsonld and need no entry here: only terms that
 * code looks for are listed.
 */

/** Prefix → namespace, as every format writes them. */
export const prefixes = {
  schema: 'http://schema.org/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  bibo: 'http://purl.org/ontology/bibo/',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  owl: 'http://www.w3.org/2002/07/owl#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  sh: 'http://www.w3.org/ns/shacl#',
  void: 'http://rdfs.org/ns/void#',
  dcterms: 'http://purl.org/dc/terms/',
  sd: 'http://www.w3.org/ns/sparql-service-description#',
} as const;

/**
 * A namespace's terms, each IRI made once: a string joined at every call is
 * a new string (a rope V8 flattens again at each comparison), and the graph
 * compares predicates by value hundreds of thousands of times a page.
 */
const namespace = <const T extends readonly string[]>(ns: string, terms: T) => {
  const iris = new Map<string, string>(terms.map((local) => [local, `${ns}${local}`]));
  return (local: T[number]): string => iris.get(local) ?? `${ns}${local}`;
};

/** W3C's names for RDF and SPARQL result formats (https://www.w3.org/ns/formats/). */
export const w3cFormat = namespace('http://www.w3.org/ns/formats/', [
  'Turtle', 'N-Triples', 'JSON-LD', 'RDF_XML', 'SPARQL_Results_JSON', 'SPARQL_Results_XML', 'SPARQL_Results_CSV', 'SPARQL_Results_TSV',
]);

export const schema = namespace(prefixes.schema, [
  // classes
  'Book', 'CollegeOrUniversity', 'Course', 'CourseInstance', 'CreativeWork', 'DefinedTerm', 'DigitalDocument',
  'EventSeries', 'MonetaryGrant', 'Organization', 'Periodical', 'Person', 'Place', 'PostalAddress', 'ProfilePage',
  'PublicationEvent', 'ResearchOrganization', 'ResearchProject', 'Role', 'ScholarlyArticle', 'SoftwareSourceCode',
  'Thesis', 'WebSite', 'Chapter', 'Report', 'Poster', 'PresentationDigitalDocument', 'VideoObject', 'Dataset',
  'MediaObject', 'ImageObject', 'PropertyValue', 'SoftwareApplication', 'PublicationVolume', 'PublicationIssue',
  'CollectionPage', 'ItemList', 'ListItem', 'Event', 'Thing', 'CreativeWorkSeries',
  // properties
  'about', 'address', 'addressCountry', 'addressLocality', 'addressRegion', 'affiliation', 'alternateName', 'alumniOf',
  'author', 'award', 'colleague', 'contentUrl', 'contributor', 'creativeWorkStatus', 'dateCreated', 'datePublished',
  'description', 'disambiguatingDescription', 'endDate', 'funder', 'funding', 'hasCourseInstance', 'hasPart', 'headline',
  'inSupportOf', 'instructor', 'isPartOf', 'knowsAbout', 'location', 'mainEntity', 'member', 'memberOf', 'mentions',
  'name', 'organizer', 'parentOrganization', 'postalCode', 'provider', 'publication', 'publisher', 'roleName', 'sameAs', 'significantLink',
  'sourceOrganization', 'startDate', 'streetAddress', 'subjectOf', 'superEvent', 'text', 'url', 'worksFor',
  'givenName', 'familyName', 'honorificPrefix', 'jobTitle', 'telephone', 'email', 'image', 'caption', 'encodingFormat',
  'encoding', 'identifier', 'propertyID', 'value', 'isbn', 'abstract', 'keywords', 'pagination', 'volumeNumber',
  'issueNumber', 'inLanguage', 'isBasedOn', 'codeRepository', 'editor', 'DataDownload', 'distribution', 'creator',
  'dateModified', 'license', 'item', 'itemListElement', 'numberOfItems', 'position', 'relatedLink', 'reportNumber',
  'softwareVersion', 'performer', 'workFeatured', 'translator', 'bookEdition', 'locationCreated',
] as const);

export const foaf = namespace(prefixes.foaf, [
  'Document', 'Group', 'OnlineAccount', 'Organization', 'Person', 'PersonalProfileDocument', 'Project',
  'account', 'accountName', 'accountServiceHomepage', 'currentProject', 'homepage', 'isPrimaryTopicOf', 'knows', 'made',
  'maker', 'member', 'name', 'page', 'pastProject', 'primaryTopic', 'topic', 'topic_interest', 'mbox', 'mbox_sha1sum',
  'img', 'Image',
] as const);

export const bibo = namespace(prefixes.bibo, ['authorList', 'editorList', 'Patent'] as const);

export const rdf = namespace(prefixes.rdf, ['type', 'langString', 'first', 'rest', 'nil'] as const);
export const rdfs = namespace(prefixes.rdfs, ['label', 'seeAlso', 'subClassOf', 'subPropertyOf', 'domain'] as const);
export const owl = namespace(prefixes.owl, ['equivalentClass', 'equivalentProperty', 'inverseOf'] as const);
export const xsd = namespace(prefixes.xsd, ['string', 'date', 'dateTime', 'gYear', 'gYearMonth', 'integer'] as const);
export const dcterms = namespace(prefixes.dcterms, ['title', 'modified', 'format', 'license'] as const);
export const voidTerm = namespace(prefixes.void, [
  'Dataset', 'DatasetDescription', 'classPartition', 'class', 'classes', 'dataDump', 'distinctSubjects', 'documents',
  'entities', 'exampleResource', 'feature', 'properties', 'rootResource', 'sparqlEndpoint', 'triples', 'uriSpace',
  'vocabulary',
] as const);
export const sd = namespace(prefixes.sd, [
  'Service', 'Dataset', 'Graph', 'NamedGraph', 'endpoint', 'supportedLanguage', 'SPARQL11Query', 'resultFormat',
  'defaultEntailmentRegime', 'defaultDataset', 'defaultGraph', 'namedGraph', 'name', 'graph',
] as const);

export const RDF_TYPE = rdf('type');

/**
 * Properties that name a thing, in order of preference. A document carries
 * these (and rdf:type) for each entity it links to, so that a link shows a
 * name without fetching another document. Only literal values count:
 * `schema:award` names an award (its text), but on a person it is a link.
 */
export const labelPredicates: readonly string[] = [
  schema('name'), foaf('name'), rdfs('label'), schema('headline'), foaf('accountName'), schema('award'), dcterms('title'),
];

/** When a thing happened, carried with its label so that a link can say it and lists can be ordered. */
export const datePredicates: readonly string[] = [
  schema('datePublished'), schema('dateCreated'), schema('startDate'), schema('endDate'),
];

/** How a work is a person's own, in their publication lists: they wrote it, or they edited it (a volume with no author). */
export const ownWorkPredicates: readonly string[] = [schema('author'), schema('editor')];

/** What a thing with no label is known by: what it says (a news item). */
export const textPredicates: readonly string[] = [schema('text')];

/**
 * Vocabulary conformance: does a graph use schema.org, FOAF and BIBO terms
 * the way the official vocabulary files define them? The checker reads the
 * copies in test/fixtures/vocab/, never the project's own ontology/, so that
 * a wrong mapping in ontology/ cannot vouch for itself. RDF collections
 * (`rdf:first`, `rdf:rest`, `rdf:nil`, `rdf:List`: how bibo:authorList
 * orders authors) are the RDF model's own terms, defined below as RDF
 * Schema 1.1 defines them.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Quad, Term } from '@rdfjs/types';
import { Parser } from 'n3';

const SCHEMA = 'http://schema.org/';
const FOAF = 'http://xmlns.com/foaf/0.1/';
const BIBO = 'http://purl.org/ontology/bibo/';
const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const RDFS = 'http://www.w3.org/2000/01/rdf-schema#';
const OWL = 'http://www.w3.org/2002/07/owl#';
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const VS = 'http://www.w3.org/2003/06/sw-vocab-status/ns#';
const TYPE = `${RDF}type`;
const PREFIXES: Record<string, string> = { schema: SCHEMA, foaf: FOAF, bibo: BIBO, rdf: RDF, rdfs: RDFS, owl: OWL, xsd: XSD };

export const vocabDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/vocab');

/** The vocabularies a graph may use, by namespace: their names in messages, and how their domains and ranges read. */
const VOCABULARIES: ReadonlyArray<{ ns: string; name: string; rdfs: boolean }> = [
  // schema.org lists the classes a term may be used with: any one will do.
  { ns: SCHEMA, name: 'schema.org', rdfs: false },
  // The others state rdfs:domain and rdfs:range: each one must hold.
  { ns: FOAF, name: 'FOAF', rdfs: true },
  { ns: BIBO, name: 'BIBO', rdfs: true },
  { ns: RDF, name: 'RDF', rdfs: true },
];
const vocabularyOf = (iri: string) => VOCABULARIES.find((v) => iri.startsWith(v.ns));

/**
 * The RDF model's own terms a graph may use beyond rdf:type: collections,
 * as RDF Schema 1.1 (https://www.w3.org/TR/rdf-schema/, and its rdf.ttl)
 * defines them. Nothing else of the rdf: namespace is allowed.
 */
const RDF_COLLECTIONS = `
  @prefix rdf: <${RDF}> . @prefix rdfs: <${RDFS}> .
  rdf:List a rdfs:Class ; rdfs:subClassOf rdfs:Resource .
  rdf:first a rdf:Property ; rdfs:domain rdf:List ; rdfs:range rdfs:Resource .
  rdf:rest a rdf:Property ; rdfs:domain rdf:List ; rdfs:range rdf:List .
  rdf:nil a rdf:List .
`;

export interface Vocabulary {
  classes: Set<string>;
  properties: Set<string>;
  /** schema:supersededBy: term → its replacement. */
  superseded: Map<string, string>;
  /** FOAF terms whose vs:term_status is "archaic". */
  archaic: Set<string>;
  /** Terms marked owl:deprecated (BIBO's). */
  deprecated: Set<string>;
  /** Class → direct superclasses (rdfs:subClassOf, and owl:equivalentClass both ways). */
  superClasses: Map<string, Set<string>>;
  /** schema:domainIncludes (any one suffices) or rdfs:domain (all must hold). */
  domains: Map<string, Set<string>>;
  /** schema:rangeIncludes (any one suffices) or rdfs:range (all must hold). */
  ranges: Map<string, Set<string>>;
  /** A blank-node class (`_:…`) that is an owl:unionOf classes → its members: a value is of it if it is of any member. */
  unions: Map<string, string[]>;
  /** Individuals the vocabularies type themselves (rdf:nil a rdf:List) → their classes. */
  individuals: Map<string, Set<string>>;
}

/** The vocabulary files, and the namespace each one speaks for. */
const FILES: ReadonlyArray<{ file: string; ns: string; format: 'Turtle' | 'N-Quads' }> = [
  { file: 'schemaorg-current-https-30.0.ttl', ns: SCHEMA, format: 'Turtle' },
  { file: 'foaf-0.98.nq', ns: FOAF, format: 'N-Quads' },
  { file: 'bibo-1.3.nq', ns: BIBO, format: 'N-Quads' },
];

const CLASS_TYPES = new Set([`${RDFS}Class`, `${OWL}Class`]);
const PROPERTY_TYPES = new Set([`${RDF}Property`, `${OWL}ObjectProperty`, `${OWL}DatatypeProperty`, `${OWL}AnnotationProperty`]);
/** Types that say what a term is, not what an individual is. */
const META_TYPES = new Set([...CLASS_TYPES, ...PROPERTY_TYPES, `${OWL}FunctionalProperty`, `${OWL}InverseFunctionalProperty`,
  `${OWL}TransitiveProperty`, `${OWL}SymmetricProperty`, `${OWL}Ontology`, `${OWL}Restriction`, `${OWL}NamedIndividual`, `${OWL}Thing`]);

/** Parses the vocabulary files (the schema.org one takes a second or two). */
export async function loadVocabulary(dir = vocabDir): Promise<Vocabulary> {
  const texts = await Promise.all(FILES.map((f) => readFile(path.join(dir, f.file), 'utf8')));
  const vocab: Vocabulary = {
    classes: new Set(), properties: new Set(), superseded: new Map(), archaic: new Set(), deprecated: new Set(),
    superClasses: new Map(), domains: new Map(), ranges: new Map(), unions: new Map(), individuals: new Map(),
  };
  const add = (map: Map<string, Set<string>>, from: string, to: string) => {
    if (!map.has(from)) map.set(from, new Set());
    map.get(from)!.add(to);
  };
  // The schema.org file is in the https://schema.org/ namespace; the graph
  // (like the official JSON-LD context) uses http://schema.org/, so read it
  // as http. Blank nodes (BIBO's union classes) keep a `_:` label, unique
  // per file.
  const iri = (t: Term) => (t.termType === 'BlankNode' ? `_:${t.value}` : t.value.replace(/^https:\/\/schema\.org\//, SCHEMA));
  const sources = [
    ...FILES.map((f, i) => ({ ns: f.ns, quads: new Parser({ format: f.format }).parse(texts[i]) })),
    { ns: RDF, quads: new Parser().parse(RDF_COLLECTIONS) },
  ];
  const firsts = new Map<string, string>();
  const rests = new Map<string, string>();
  const unionHeads = new Map<string, string>();
  for (const { ns, quads } of sources) {
    for (const q of quads) {
      const [s, p, o] = [iri(q.subject), iri(q.predicate), iri(q.object)];
      // A file speaks for its own namespace (and its blank nodes): BIBO's
      // notes on Dublin Core or PRISM terms are not definitions of them.
      if (!s.startsWith(ns) && !s.startsWith('_:')) continue;
      switch (p) {
        case TYPE:
          if (CLASS_TYPES.has(o) && !s.startsWith('_:')) vocab.classes.add(s);
          if (PROPERTY_TYPES.has(o)) vocab.properties.add(s);
          if (!META_TYPES.has(o) && !s.startsWith('_:')) add(vocab.individuals, s, o);
          break;
        case `${RDFS}subClassOf`: add(vocab.superClasses, s, o); break;
        case `${OWL}equivalentClass`: add(vocab.superClasses, s, o); add(vocab.superClasses, o, s); break;
        case `${SCHEMA}domainIncludes`: case `${RDFS}domain`: add(vocab.domains, s, o); break;
        case `${SCHEMA}rangeIncludes`: case `${RDFS}range`: add(vocab.ranges, s, o); break;
        case `${SCHEMA}supersededBy`: vocab.superseded.set(s, o); break;
        case `${VS}term_status`: if (o === 'archaic') vocab.archaic.add(s); break;
        case `${OWL}deprecated`: if (o === 'true') vocab.deprecated.add(s); break;
        case `${OWL}unionOf`: unionHeads.set(s, o); break;
        case `${RDF}first`: firsts.set(s, o); break;
        case `${RDF}rest`: rests.set(s, o); break;
      }
    }
  }
  // An owl:unionOf names its members in an RDF collection.
  for (const [union, head] of unionHeads) {
    const members: string[] = [];
    for (let node = head; node !== `${RDF}nil` && members.length <= firsts.size; node = rests.get(node) ?? `${RDF}nil`) members.push(firsts.get(node)!);
    vocab.unions.set(union, members);
  }
  // schema.org's file declares schema:Person ≡ foaf:Person; the matching
  // foaf:Document ≡ schema:CreativeWork arrived in FOAF 0.99, after this copy.
  add(vocab.superClasses, `${FOAF}Document`, `${SCHEMA}CreativeWork`);
  add(vocab.superClasses, `${SCHEMA}CreativeWork`, `${FOAF}Document`);
  return vocab;
}

/**
 * The schema.org data type a literal is a value of, by its datatype. Data
 * types' own subclasses (Integer ⊂ Number, URL ⊂ Text) come from the file.
 */
const LITERAL_TYPES: Record<string, string> = {
  [`${XSD}string`]: 'Text', [`${RDF}langString`]: 'Text', [`${XSD}anyURI`]: 'URL',
  [`${XSD}date`]: 'Date', [`${XSD}gYear`]: 'Date', [`${XSD}gYearMonth`]: 'Date',
  [`${XSD}dateTime`]: 'DateTime', [`${XSD}time`]: 'Time', [`${XSD}boolean`]: 'Boolean',
  [`${XSD}integer`]: 'Integer', [`${XSD}int`]: 'Integer', [`${XSD}long`]: 'Integer',
  [`${XSD}nonNegativeInteger`]: 'Integer', [`${XSD}positiveInteger`]: 'Integer',
  [`${XSD}decimal`]: 'Number', [`${XSD}double`]: 'Float', [`${XSD}float`]: 'Float',
};

/**
 * Every way `quads` departs from the vocabularies, one readable line each,
 * sorted; empty when the graph conforms. The graph's own rdf:type triples
 * type a node, and the vocabularies' own (rdf:nil is an rdf:List); nothing
 * else is inferred from how a node is used, but for one rule of the RDF
 * vocabulary: a node with an rdf:first is an rdf:List.
 */
export function checkVocabulary(quads: Iterable<Quad>, vocab: Vocabulary): string[] {
  const all = [...quads];
  const key = (t: Term) => `${t.termType}|${t.value}`;
  const types = new Map<string, string[]>();
  const values = new Map<string, Term[]>(); // subject + predicate → objects
  const incoming = new Map<string, Quad[]>(); // object → the quads pointing at it
  for (const q of all) {
    const list = <T>(map: Map<string, T[]>, k: string) => map.get(k) ?? map.set(k, []).get(k)!;
    if (q.predicate.value === TYPE) list(types, key(q.subject)).push(q.object.value);
    list(values, `${key(q.subject)} ${q.predicate.value}`).push(q.object);
    list(incoming, key(q.object)).push(q);
  }

  const closure = new Map<string, Set<string>>();
  const ancestors = (cls: string): Set<string> => {
    let found = closure.get(cls);
    if (!found) {
      found = new Set([cls]);
      closure.set(cls, found); // set before walking, so a cycle of equivalences ends
      for (const sup of vocab.superClasses.get(cls) ?? []) for (const a of ancestors(sup)) found.add(a);
    }
    return found;
  };
  const classesOf = (names: Iterable<string>) => new Set([...names].flatMap((c) => [...ancestors(c)]));
  /**
   * What a node is, as a subject: its types, those the vocabularies give it
   * (rdf:nil is an rdf:List), and a Thing and a Resource whatever else it is.
   * One thing is read from use: a node with an rdf:first is an rdf:List, as
   * the RDF vocabulary's rdfs:domain of rdf:first says.
   */
  const nodeClasses = (t: Term) => classesOf([`${SCHEMA}Thing`, `${OWL}Thing`, `${RDFS}Resource`, ...(types.get(key(t)) ?? []),
    ...(t.termType === 'NamedNode' ? vocab.individuals.get(t.value) ?? [] : []),
    ...(values.has(`${key(t)} ${RDF}first`) ? [`${RDF}List`] : [])]);
  /** What an object is, as a value: a literal is a data type value; an IRI is also a URL. */
  const valueClasses = (t: Term) => {
    if (t.termType !== 'Literal') return classesOf([...nodeClasses(t), ...(t.termType === 'NamedNode' ? [`${SCHEMA}URL`] : [])]);
    const dataType = LITERAL_TYPES[t.datatype.value];
    return classesOf([`${RDFS}Literal`, `${RDFS}Resource`, ...(dataType ? [`${SCHEMA}${dataType}`] : [])]);
  };
  const isRole = (t: Term) => t.termType !== 'Literal' && nodeClasses(t).has(`${SCHEMA}Role`);

  const show = (t: Term, seen = new Set<string>()): string => {
    if (t.termType === 'NamedNode') return `<${t.value}>`;
    if (t.termType === 'Literal') {
      const text = JSON.stringify(t.value.length > 40 ? `${t.value.slice(0, 39)}…` : t.value);
      return t.language ? `${text}@${t.language}` : `${text}^^${compact(t.datatype.value)}`;
    }
    // A blank node's label means nothing to a reader: name it by the path
    // from the entity that holds it (`<#me> schema:address []`).
    const [link] = incoming.get(key(t)) ?? [];
    if (!link || seen.has(key(t))) return `_:${t.value}`;
    return `${show(link.subject, seen.add(key(t)))} ${compact(link.predicate.value)} []`;
  };
  const showObject = (t: Term) => (t.termType === 'BlankNode' ? '[]' : show(t));
  const showTypes = (t: Term) => {
    if (t.termType === 'Literal') return `a literal (${t.language ? 'rdf:langString' : compact(t.datatype.value)})`;
    return (types.get(key(t)) ?? []).map(compact).join(', ') || 'untyped';
  };
  const showClass = (c: string): string => (vocab.unions.has(c) ? `(${vocab.unions.get(c)!.map(showClass).join(' or ')})` : compact(c));
  const showClasses = (classes: Iterable<string>, join: string) => [...classes].map(showClass).join(join);
  /** Whether a node of these classes is of class `c`: of any member, if `c` is a union. */
  const isOf = (have: Set<string>, c: string): boolean => (vocab.unions.has(c) ? vocab.unions.get(c)!.some((m) => isOf(have, m)) : have.has(c));

  const problems: string[] = [];
  /** Whether a term is a current one of the vocabularies; reports it if not. */
  const checkTerm = (iri: string, kind: 'class' | 'property', where: string): boolean => {
    const known = kind === 'class' ? vocab.classes : vocab.properties;
    const vocabulary = vocabularyOf(iri);
    if (!vocabulary) return !problems.push(`${where}: not a schema.org, FOAF, BIBO or RDF collection term`);
    if (!known.has(iri)) return !problems.push(`${where}: not ${vocabulary.ns === RDF ? 'an RDF collection' : `a ${vocabulary.name}`} ${kind}`);
    const replacement = vocab.superseded.get(iri);
    if (replacement) problems.push(`${where}: superseded by ${compact(replacement)}`);
    if (vocab.archaic.has(iri)) problems.push(`${where}: archaic ${vocabulary.name} term`);
    if (vocab.deprecated.has(iri)) problems.push(`${where}: deprecated ${vocabulary.name} term`);
    return true;
  };

  for (const { subject: s, predicate, object: o } of all) {
    const p = predicate.value;
    if (p === TYPE) {
      if (o.termType !== 'NamedNode') problems.push(`${show(s)} a ${show(o)}: not a class`);
      else checkTerm(o.value, 'class', `${show(s)} a ${compact(o.value)}`);
      continue;
    }
    const triple = `${show(s)} ${compact(p)} ${showObject(o)}`;
    if (!checkTerm(p, 'property', `${show(s)} ${compact(p)}`)) continue;
    const schemaTerm = !vocabularyOf(p)!.rdfs;

    // schema.org's Role pattern, `X p R . R a Role . R p Y`, means `X p Y`
    // qualified by R: the triple `X p R` carries both checks (X against the
    // domain, Y against the range), so `R p Y` itself is not checked again.
    if (schemaTerm && isRole(s) && (incoming.get(key(s)) ?? []).some((q) => q.predicate.value === p)) continue;
    const roleValues = schemaTerm && isRole(o) ? values.get(`${key(o)} ${p}`) ?? [] : [];
    const targets = roleValues.length > 0 ? roleValues.map((y) => ({ y, at: `${triple} ${compact(p)} ${showObject(y)}` })) : [{ y: o, at: triple }];

    // schema.org lists the classes a term may be used with (any one will
    // do); the rdfs:domain and rdfs:range of FOAF, BIBO and RDF are RDFS, so
    // each one must hold (a union holding if any of its members does).
    const fits = (have: Set<string>, want: Set<string>) => (schemaTerm ? [...want].some((c) => isOf(have, c)) : [...want].every((c) => isOf(have, c)));
    const join = schemaTerm ? ' or ' : ' and ';
    const domain = vocab.domains.get(p);
    if (domain && !fits(nodeClasses(s), domain)) problems.push(`${triple}: subject is ${showTypes(s)}, domain is ${showClasses(domain, join)}`);
    const range = vocab.ranges.get(p);
    for (const { y, at } of targets) {
      if (range && !fits(valueClasses(y), range)) problems.push(`${at}: object is ${showTypes(y)}, range is ${showClasses(range, join)}`);
    }
  }
  return [...new Set(problems)].sort();
}

function compact(iri: string): string {
  for (const [prefix, ns] of Object.entries(PREFIXES)) if (iri.startsWith(ns)) return `${prefix}:${iri.slice(ns.length)}`;
  return `<${iri}>`;
}

import type { DatasetCore, Term } from '@rdfjs/types';
import { expect } from 'chai';
import rdf from 'rdf-ext';
import SHACLValidator from 'rdf-validate-shacl';
import { shapeValidator } from '../../src/graph/shacl.js';
import { loadOntology } from '../../src/ontology.js';
import { Graph } from '../../src/rdf/graph.js';
import { RDF_TYPE, schema, xsd } from '../../src/rdf/vocabulary.js';
import { demoDir } from '../support/fixtures.js';
import { buildProfile } from '../support/profile.js';

const show = (t: Term | null | undefined) => (!t ? '-' : t.termType === 'BlankNode' ? '_:' : t.termType === 'Literal' ? JSON.stringify(t.value) : t.value);

/**
 * The demo graph, broken in ways every kind of shape catches: names dropped
 * (minCount, sh:or), an organisation as an author (sh:class), a second publication date (maxCount), a name that is a
 * number (datatype).
 */
async function brokenDemo(): Promise<DatasetCore> {
  const { graph } = await buildProfile(demoDir);
  const broken = new Graph([...graph].filter((q) => q.predicate.value !== schema('name')));
  const organization = [...graph.match(null, rdf.namedNode(RDF_TYPE), rdf.namedNode(schema('Organization')))][0].subject;
  for (const { subject } of [...graph.match(null, rdf.namedNode(RDF_TYPE), rdf.namedNode(schema('ScholarlyArticle')))]) {
    broken.add(rdf.quad(subject, rdf.namedNode(schema('author')), organization));
    broken.add(rdf.quad(subject, rdf.namedNode(schema('datePublished')), rdf.literal('1999', rdf.namedNode(xsd('gYear')))));
  }
  for (const { subject } of [...graph.match(null, rdf.namedNode(RDF_TYPE), rdf.namedNode(schema('Person')))].slice(0, 3)) {
    broken.add(rdf.quad(subject, rdf.namedNode(schema('name')), rdf.literal('42', rdf.namedNode(xsd('integer')))));
  }
  return broken;
}

describe('the SHACL engine', () => {
  it('finds, on a broken graph, exactly the violations rdf-validate-shacl finds: focus, path, value, rule and message', async () => {
    const shapes = rdf.dataset((await loadOntology()).shapes);
    const graph = await brokenDemo();
    const fast = await shapeValidator(shapes).validate({ dataset: graph });
    const reference = await new SHACLValidator(shapes).validate(graph);
    // A path of one property is compared as its IRI; a longer path (a blank node in the reference report) only as being one.
    const fastResults = fast.results.map((r) => [show(r.focusNode.term),
      r.path?.length === 1 && r.path[0].quantifier === 'one' && r.path[0].start === 'subject' ? r.path[0].predicates[0].value : r.path?.length ? 'a path' : '-',
      show(r.value?.term), r.constraintComponent.value, r.message.map((m) => m.value).join('; ')].join(' | ')).sort();
    const referenceResults = reference.results.map((r) => [show(r.focusNode as Term | null),
      r.path?.termType === 'NamedNode' ? r.path.value : r.path ? 'a path' : '-',
      show(r.value as Term | null), r.sourceConstraintComponent?.value, r.message.map((m) => m.value).join('; ')].join(' | ')).sort();
    expect(referenceResults.length).to.be.above(10);
    const rules = new Set(referenceResults.map((r) => r.split(' | ')[3].replace(/.*#/, '')));
    expect([...rules].sort()).to.include.members(['ClassConstraintComponent', 'DatatypeConstraintComponent', 'MaxCountConstraintComponent',
      'MinCountConstraintComponent', 'OrConstraintComponent']);
    expect(fastResults).to.deep.equal(referenceResults);
  });

  it('takes a name or text with characters beyond U+FFFF for a plain text (xsd:string), as rdf-validate-shacl does, and refuses a lone surrogate', async () => {
    const shapes = rdf.dataset((await loadOntology()).shapes);
    const { graph } = await buildProfile(demoDir);
    const person = [...graph.match(null, rdf.namedNode(RDF_TYPE), rdf.namedNode(schema('Person')))][0].subject;
    const named = (name: string) => new Graph([...graph].filter((q) => !(q.subject.equals(person) && q.predicate.value === schema('name')))
      .concat(rdf.quad(person, rdf.namedNode(schema('name')), rdf.literal(name))));
    // 𠮷 (U+20BB7) of the family name 𠮷田, an emoji, and 𝔽 (U+1D53D): one character each, two UTF-16 code units.
    for (const name of ['𠮷田 花子', 'Ada 🏆 Lovelace', 'Über 𝔽_q']) {
      const graphNamed = named(name);
      expect((await shapeValidator(shapes).validate({ dataset: graphNamed })).conforms, name).to.equal(true);
      expect((await new SHACLValidator(shapes).validate(graphNamed)).conforms, name).to.equal(true);
    }
    const broken = await shapeValidator(shapes).validate({ dataset: named('Ada \ud800 Lovelace') });
    expect(broken.results.map((r) => [r.constraintComponent.value.replace(/.*#/, ''), r.value?.term?.value])).to.deep.equal([['DatatypeConstraintComponent', 'Ada \ud800 Lovelace']]);
  });
});

// The part of shacl-engine (https://github.com/rdf-ext/shacl-engine) the project uses: it ships no types.
declare module 'shacl-engine' {
  import type { DataFactory, DatasetCore, DatasetCoreFactory, Literal, NamedNode, Term } from '@rdfjs/types';

  /** A grapoi pointer: the nodes a result is about. */
  export interface Pointer { term: Term | undefined; terms: Term[] }

  /** One step of a property path: `predicates` followed forwards (start 'subject') or backwards, `quantifier` times. */
  export interface PathStep { start: 'subject' | 'object'; end: 'subject' | 'object'; predicates: NamedNode[]; quantifier: 'one' | 'zeroOrOne' | 'zeroOrMore' | 'oneOrMore' }

  export interface ValidationResult {
    focusNode: Pointer;
    path: PathStep[] | null | undefined;
    value: Pointer | undefined;
    constraintComponent: NamedNode;
    severity: NamedNode;
    readonly message: Literal[];
  }

  export interface ValidationReport {
    readonly conforms: boolean;
    results: ValidationResult[];
  }

  export class Validator {
    constructor(shapes: DatasetCore, options: { factory: DataFactory & DatasetCoreFactory; details?: boolean; debug?: boolean });
    /** Every shape on its targets; or the shapes given, each on the `terms` given (which need not be its targets). */
    validate(data: { dataset: DatasetCore; terms?: Iterable<Term> }, shapes?: Array<{ terms: Term[] }>): Promise<ValidationReport>;
  }
}

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

  /** What a constraint's check is given: the value (or focus node) it checks, the factory, and where to say whether it passed. */
  export interface ValidationContext {
    valueOrNode: Pointer & { term: Term };
    factory: DataFactory;
    test(success: boolean, constraintComponent: NamedNode, args: { args?: Record<string, Term>; message?: Literal[]; value?: Pointer }): void;
  }

  /** A constraint's compilation: from its shape (a pointer to the shape's node in the shapes graph) to the check of each value. */
  export type ShapeCompilation = (shape: { ptr: { out(predicates: NamedNode[]): { term: Term | undefined } } }) => { generic: (context: ValidationContext) => void };

  export class Validator {
    constructor(shapes: DatasetCore, options: { factory: DataFactory & DatasetCoreFactory; details?: boolean; debug?: boolean;
      /** Constraints checked otherwise than the engine does, by their parameter (sh:datatype). */
      validations?: Map<NamedNode, ShapeCompilation> });
    /** Every shape on its targets; or the shapes given, each on the `terms` given (which need not be its targets). */
    validate(data: { dataset: DatasetCore; terms?: Iterable<Term> }, shapes?: Array<{ terms: Term[] }>): Promise<ValidationReport>;
  }
}

// The engine's own check of sh:datatype, which src/graph/shacl.ts keeps for every datatype but xsd:string.
declare module 'shacl-engine/lib/validations/type.js' {
  import type { ShapeCompilation } from 'shacl-engine';
  export const compileDatatype: ShapeCompilation;
}

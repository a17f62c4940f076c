// The part of citation-js (https://citation.js.org/) the project uses: it ships no types.
declare module '@citation-js/core' {
  export class Cite {
    constructor(data: unknown);
    format(format: string, options?: Record<string, unknown>): string;
  }
  export const plugins: {
    config: {
      /** The CSL plugin's locales (XML), by name. */
      get(name: '@csl'): { locales: { get(name: string): string | undefined; list(): string[] } };
    };
    input: {
      /** CSL-JSON items as citation-js hands them to its outputs: unknown fields dropped, names, dates and types corrected. */
      util: { clean<T>(items: T[]): T[] };
    };
  };
  export const util: {
    /** CSL-JSON items with CSL 1.0.1's names (`event`) renamed as 1.0.2 names them. */
    upgradeCsl<T>(items: T[]): T[];
  };
}
declare module '@citation-js/plugin-csl';
declare module '@citation-js/plugin-ris';
// The part of citeproc-js (citation-js's CSL engine) the project calls itself: its engine, XML parser and search of a style (render/citations.ts).
declare module 'citeproc' {
  namespace CSL {
    /** An element as the engine's parser reads it: text children are strings. */
    interface XmlNode { name: string; attrs: Record<string, string>; children: Array<XmlNode | string> }
  }
  namespace CSL {
    /** A style compiled, with the works it formats: the engine retrieves each by its id from `sys`. */
    interface Engine {
      sys: unknown;
      /** Its helpers: the one that finds inline markup (`<i>`, quotes) in a piece of text it writes. */
      fun: { flipflopper: { processTags(blob: { blobs: unknown }): void } };
      getTerm(name: string): string | undefined;
      /** Its options (`disambiguate-add-givenname`), and its citation's (`givenname-disambiguation-rule`). */
      opt: Record<string, unknown>;
      citation: { opt: Record<string, unknown> };
      /** The works registered: the ids of those of each ambiguity key (a work's in-text citation, as rendered to tell works apart). */
      registry: { ambigcites: Record<string, string[]> };
      /** The state of what it is rendering: the disambiguation asked for, and that of the render. */
      tmp: { area: string; disambig_request: unknown; disambig_settings: unknown };
      /** Its disambiguation: `run` tells apart the works of one ambiguity key. */
      disambiguate: { run(akey: string): void };
      setOutputFormat(format: 'text' | 'html' | 'rtf'): void;
      /** The works of the bibliography, by id, replacing those registered before: their ids, in order. */
      updateItems(ids: string[]): string[];
      /** The bibliography of the works registered: the text around it, and one entry each. */
      makeBibliography(): [{ bibstart: string; bibend: string }, string[]];
    }
  }
  const CSL: {
    Engine: new (sys: unknown, style: string, lang: string, forceLang: boolean) => CSL.Engine;
    parseXml(xml: string): CSL.XmlNode;
    /** A work's in-text citation as rendered to tell it apart from other works (its ambiguity key; `this` is the engine). */
    getAmbiguousCite(this: CSL.Engine, item: object, ...rest: unknown[]): string;
    /** Renders a work in the part of the style the engine is in (`tmp.area`: the citation, the bibliography or a sort key). */
    getCite(this: CSL.Engine, ...args: unknown[]): unknown;
    /** How to render names to tell works apart: none added yet. */
    AmbigConfig: new () => object;
    /** A string in lower (upper) case, in the languages of the reference the engine is making (`this` is the engine). */
    toLocaleLowerCase(this: { tmp?: { lang_array?: string[] } }, text: string): string;
    toLocaleUpperCase(this: { tmp?: { lang_array?: string[] } }, text: string): string;
    XmlJSON: {
      prototype: {
        /** The elements named `name` (and with the attribute name="nameAttribute") in and under `node`, in document order. */
        getNodesByName(node: CSL.XmlNode | undefined, name: string, nameAttribute?: string, found?: CSL.XmlNode[]): CSL.XmlNode[];
      };
    };
  };
  export default CSL;
}

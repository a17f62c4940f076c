// The part of citation-js (https://citation.js.org/) the project uses: it ships no types.
declare module '@citation-js/core' {
  export class Cite {
    constructor(data: unknown);
    format(format: string, options?: Record<string, unknown>): string;
  }
  export const plugins: {
    config: {
      get(name: '@csl'): { styles: { add(name: string, xml: string): void; has(name: string): boolean } };
    };
  };
}
declare module '@citation-js/plugin-csl';
declare module '@citation-js/plugin-ris';
// The part of citeproc-js (citation-js's CSL engine) the project calls itself: its XML parser and search of a style (render/citations.ts).
declare module 'citeproc' {
  namespace CSL {
    /** An element as the engine's parser reads it: text children are strings. */
    interface XmlNode { name: string; attrs: Record<string, string>; children: Array<XmlNode | string> }
  }
  const CSL: {
    parseXml(xml: string): CSL.XmlNode;
    XmlJSON: {
      prototype: {
        /** The elements named `name` (and with the attribute name="nameAttribute") in and under `node`, in document order. */
        getNodesByName(node: CSL.XmlNode | undefined, name: string, nameAttribute?: string, found?: CSL.XmlNode[]): CSL.XmlNode[];
      };
    };
  };
  export default CSL;
}

// The structured-data validators ship no type declarations; the tests use what support/structured-data.ts states.
declare module '@adobe/structured-data-validator' {
  export default class Validator {
    constructor(schemaOrgJson?: object);
    validate(data: unknown): Promise<unknown[]>;
  }
}
declare module '@marbec/web-auto-extractor' {
  export default class WebAutoExtractor {
    constructor(options?: object);
    parse(html: string): unknown;
  }
}

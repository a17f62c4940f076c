import { loadOntology } from './ontology.js';
import { clearCompiledSchemas, writeCompiledSchema } from './source/schema.js';

/**
 * Run by `npm run build` after `tsc`: compiles the schemas of ontology/ (a
 * profile's and site.yaml's) once and writes their validating code into
 * dist/schemas/, which every command then loads instead of compiling them
 * again (`compileSchema` in source/schema.ts).
 */
const ontology = await loadOntology();
clearCompiledSchemas();
for (const schema of [ontology.schema, ontology.siteSchema]) writeCompiledSchema(schema);

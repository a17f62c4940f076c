/**
 * What the endpoint has to know about a query before running it, read from
 * its tokens: its form (to negotiate the result format), whether it is an
 * update or uses SERVICE (both refused with a clear message), how deeply
 * it nests (Oxigraph's parser recurses: 1,000 nested groups ran its
 * WebAssembly out of stack, a 500 that cost the worker), and where its
 * top-level LIMIT is (to cap the rows).
 *
 * Why a tokenizer and not a full parser: Oxigraph is the parser that
 * matters, and it reports syntax errors itself; a second full parse
 * (sparqljs) costs more per query than Oxigraph takes to evaluate a simple
 * one. Tokens are enough here, because strings, IRIs and comments are the
 * only places a keyword can hide, and brace depth tells the top level from
 * sub-queries; the depth of brackets of every kind, outside strings, IRIs
 * and comments, is exactly how deeply the query nests. Oxigraph, like this tokenizer, reads `\u` escapes only inside
 * strings and IRIs, so the two agree on what is a keyword. The guarantees do
 * not rest on this module: Oxigraph's `query()` cannot run updates, and its
 * WebAssembly build has no HTTP client, so SERVICE could fetch nothing anyway.
 */

export type QueryForm = 'SELECT' | 'ASK' | 'CONSTRUCT' | 'DESCRIBE';

export interface QueryShape {
  /** Undefined when the query does not start like one (Oxigraph's parser then says what is wrong). */
  form?: QueryForm;
  /** The first keyword, when it starts a SPARQL Update operation (INSERT, DELETE, LOAD...). */
  update?: string;
  /** SERVICE is used somewhere (at any depth). */
  service: boolean;
  /** The query names its own dataset (FROM or FROM NAMED): the engine must not set a default graph over it. */
  dataset: boolean;
  /** The top-level LIMIT's integer, with its place in the text. */
  limit?: { value: bigint; start: number; end: number };
  /** Where a top-level VALUES clause (after the WHERE clause) starts: LIMIT has to go before it. */
  valuesAt?: number;
  /** False when the text could not be tokenized to the end (an unterminated string or IRI). */
  complete: boolean;
  /** The deepest nesting of brackets (`{`, `(`, `[`): groups, sub-queries, expressions, blank nodes. */
  nesting: number;
  /**
   * Whether its answer may come from its first solutions: an ASK, or a
   * top-level LIMIT of at most `CHEAP_LIMIT`; with no sub-query and nothing
   * that needs every solution first (ORDER BY, GROUP BY, DISTINCT, REDUCED,
   * an aggregate). A guess from the text, which the pool uses to keep a
   * worker for such queries (pool.ts): a query that only looks cheap holds
   * that worker until the time limit stops it.
   */
  cheap: boolean;
}

/** The largest LIMIT of a query `analyseQuery` calls cheap. */
export const CHEAP_LIMIT = 100;
/** Keywords that make a query wait for every solution before its first, or hold a sub-query. */
const NOT_CHEAP = new Set(['ORDER', 'GROUP', 'DISTINCT', 'REDUCED', 'COUNT', 'SUM', 'MIN', 'MAX', 'AVG', 'SAMPLE', 'GROUP_CONCAT', 'SELECT', 'SERVICE']);

/** The deepest nesting a query may have (`checkQuery` refuses a deeper one). */
export const MAX_NESTING = 64;

const FORMS = new Set(['SELECT', 'ASK', 'CONSTRUCT', 'DESCRIBE']);
const UPDATES = new Set(['INSERT', 'DELETE', 'LOAD', 'CLEAR', 'DROP', 'CREATE', 'ADD', 'MOVE', 'COPY', 'WITH']);

// Sticky patterns, tried at the current position.
const WHITESPACE = /[ \t\r\n]+/y;
const COMMENT = /#[^\r\n]*/y;
const IRIREF = /<[^<>"{}|^`\\\u0000-\u0020]*>/y;
const LONG_STRING = /'''(?:(?:'|'')?(?:[^'\\]|\\[\s\S]))*'''|"""(?:(?:"|"")?(?:[^"\\]|\\[\s\S]))*"""/y;
const STRING = /'(?:[^'\\\r\n]|\\.)*'|"(?:[^"\\\r\n]|\\.)*"/y;
const VARIABLE = /[?$][\p{L}\p{N}_\u00B7\u0300-\u036F\u203F\u2040]*/uy;
// Keywords, prefixed names, blank node labels and numbers; only keywords and integers matter here.
const WORD = /[\p{L}\p{N}_:][\p{L}\p{N}_:.\-%\\\u00B7\u0300-\u036F\u203F\u2040]*/uy;
const INTEGER = /^[0-9]+$/;

interface Token { text: string; start: number; end: number; depth: number }

/** The words of the query (keywords, names, numbers) with their brace depth; strings, IRIs and comments skipped. */
function words(text: string): { tokens: Token[]; complete: boolean; nesting: number } {
  const tokens: Token[] = [];
  let depth = 0;
  // Brackets of every kind open now, and the most at once.
  let open = 0;
  let nesting = 0;
  let i = 0;
  const at = (pattern: RegExp): number => {
    pattern.lastIndex = i;
    return pattern.test(text) ? pattern.lastIndex : -1;
  };
  while (i < text.length) {
    const c = text[i];
    let end: number;
    if ((end = at(WHITESPACE)) > 0 || (c === '#' && (end = at(COMMENT)) > 0)) { i = end; continue; }
    if (c === '<') { i = (end = at(IRIREF)) > 0 ? end : i + 1; continue; } // else `<` or `<=` as an operator
    if (c === '"' || c === "'") {
      end = at(LONG_STRING);
      if (end < 0) end = at(STRING);
      if (end < 0) return { tokens, complete: false, nesting };
      i = end;
      continue;
    }
    if (c === '?' || c === '$') { i = Math.max(at(VARIABLE), i + 1); continue; }
    if (c === '{' || c === '(' || c === '[') { if (++open > nesting) nesting = open; }
    if (c === '}' || c === ')' || c === ']') open--;
    if (c === '{') { depth++; i++; continue; }
    if (c === '}') { depth--; i++; continue; }
    if ((end = at(WORD)) > 0) {
      tokens.push({ text: text.slice(i, end), start: i, end, depth });
      i = end;
      continue;
    }
    i++;
  }
  return { tokens, complete: true, nesting };
}

export function analyseQuery(text: string): QueryShape {
  const { tokens, complete, nesting } = words(text);
  const shape: QueryShape = { service: false, dataset: false, complete, nesting, cheap: false };
  let blocking = false;
  const keyword = (t: Token | undefined) => (t && !t.text.includes(':') ? t.text.toUpperCase() : undefined);
  let formSeen = false;
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    const word = keyword(t);
    if (word === 'SERVICE') shape.service = true;
    if (!formSeen) {
      // The prologue: BASE <iri> and PREFIX p: <iri> (IRIs are not tokens here).
      if (word === 'BASE') continue;
      if (word === 'PREFIX') { k++; continue; }
      formSeen = true;
      if (word && FORMS.has(word)) shape.form = word as QueryForm;
      else if (word && UPDATES.has(word)) shape.update = word;
      continue;
    }
    if (word && NOT_CHEAP.has(word)) blocking = true;
    if (t.depth !== 0 || !shape.form) continue;
    if (word === 'FROM') shape.dataset = true;
    else if (word === 'LIMIT' && shape.limit === undefined) {
      const n = tokens[k + 1];
      if (n && INTEGER.test(n.text)) shape.limit = { value: BigInt(n.text), start: n.start, end: n.end };
    } else if (word === 'VALUES' && shape.valuesAt === undefined) {
      shape.valuesAt = t.start;
    }
  }
  shape.cheap = complete && !blocking && (shape.form === 'ASK' || (shape.limit !== undefined && shape.limit.value <= BigInt(CHEAP_LIMIT)));
  return shape;
}

/**
 * The query with at most `maxRows` solutions: its own LIMIT when that is
 * lower, else LIMIT `maxRows` added (or put in place of a larger one).
 * `capped` says the endpoint's limit applies, so a result of exactly
 * `maxRows` rows may have been cut short. ASK needs no cap; a query that
 * could not be tokenized is left for the engine to reject as written.
 */
export function capRows(text: string, shape: QueryShape, maxRows: number): { text: string; capped: boolean } {
  if (!shape.form || shape.form === 'ASK' || !shape.complete) return { text, capped: false };
  const cap = String(maxRows);
  if (shape.limit) {
    if (shape.limit.value <= BigInt(maxRows)) return { text, capped: false };
    return { text: text.slice(0, shape.limit.start) + cap + text.slice(shape.limit.end), capped: true };
  }
  if (shape.valuesAt !== undefined) {
    return { text: `${text.slice(0, shape.valuesAt)}LIMIT ${cap}\n${text.slice(shape.valuesAt)}`, capped: true };
  }
  // On a line of its own, so that a comment on the last line cannot swallow it.
  return { text: `${text}\nLIMIT ${cap}`, capped: true };
}

/**
 * The query with runs of whitespace outside strings and IRIs made one
 * character (a newline where the run had one, so that a comment still ends
 * where it did), for the result cache's key: queries that differ only in
 * layout share answers. Comments are kept as they are. Text the tokenizer
 * is not sure of (an unterminated string, `\u` escapes, which Oxigraph reads
 * inside IRIs that the IRI pattern here does not match) is only trimmed: a
 * key that is too exact costs a cache miss, one that is too loose would
 * give another query's answer.
 */
export function normaliseQuery(text: string): string {
  const trimmed = text.trim();
  if (/\\[uU]/.test(trimmed)) return trimmed;
  let out = '';
  let i = 0;
  let from = 0;
  const at = (pattern: RegExp): number => {
    pattern.lastIndex = i;
    return pattern.test(trimmed) ? pattern.lastIndex : -1;
  };
  while (i < trimmed.length) {
    const c = trimmed[i];
    let end: number;
    if (c === '#' && (end = at(COMMENT)) > 0) { i = end; continue; }
    if (c === '<' && (end = at(IRIREF)) > 0) { i = end; continue; }
    if (c === '"' || c === "'") {
      end = at(LONG_STRING);
      if (end < 0) end = at(STRING);
      if (end < 0) return trimmed;
      i = end;
      continue;
    }
    if ((end = at(WHITESPACE)) > 0) {
      const run = trimmed.slice(i, end);
      if (run !== ' ') {
        out += `${trimmed.slice(from, i)}${run.includes('\n') || run.includes('\r') ? '\n' : ' '}`;
        from = end;
      }
      i = end;
      continue;
    }
    i++;
  }
  return out + trimmed.slice(from);
}

import { visit, type Alias, type Document, type YAMLError } from 'yaml';
import type { Issue } from '../issues.js';

/**
 * The YAML syntax problem of one file, as one message. A single slip (an
 * unclosed bracket, a stray indent) often makes the parser stumble over
 * every line after it; those follow-on errors point away from the cause, so
 * only the first is shown, with a count of the rest.
 */
export function syntaxIssue(file: string, text: string, document: Document.Parsed): Issue | undefined {
  const errors: YAMLError[] = [...document.errors, ...document.warnings];
  const first = errors[0];
  if (!first) return unresolvedAlias(file, text, document);
  const start = first.linePos?.[0];
  const lines = text.split(/\r?\n/);
  const hint = start ? indentHint(first, lines, start.line, start.col) ?? quoteHint(first, lines, start.line, start.col) : undefined;
  const more = errors.length - 1;
  return {
    file, line: start?.line, column: start?.col,
    message: `YAML: ${first.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}` +
      (hint ? `; ${hint}` : '') +
      (more > 0 ? ` (${more} more YAML error${more === 1 ? '' : 's'} after it in this file, likely caused by it)` : ''),
  };
}

/**
 * An alias (`*name`) with no anchor (`&name`) before it: the parser takes
 * it, and only reading its value fails, so it is looked for here, where the
 * file and its line are known.
 */
function unresolvedAlias(file: string, text: string, document: Document.Parsed): Issue | undefined {
  let found: Alias | undefined;
  visit(document, { Alias(_, alias) {
    if (alias.resolve(document) !== undefined) return undefined;
    found = alias;
    return visit.BREAK;
  } });
  const start = found?.range?.[0];
  if (found === undefined || start === undefined) return undefined;
  const before = text.slice(0, start);
  const line = before.split('\n').length;
  return { file, line, column: start - before.lastIndexOf('\n'), message: `YAML: *${found.source} refers to no anchor &${found.source} before it; write the value itself, or set the anchor first` };
}

/**
 * The other classic slip: a field indented by a space or two more or less
 * than the fields it belongs with. Indented more, YAML reads it as the rest
 * of the value above it (`datePublished: 2019 pages: 112-124`), which
 * quoting would not mend; indented less, as the start of nothing. The
 * message names the line and the indent its neighbours have.
 */
function indentHint(error: YAMLError, lines: readonly string[], lineNumber: number, column: number): string | undefined {
  if (!['BLOCK_AS_IMPLICIT_KEY', 'MISSING_CHAR', 'BAD_INDENT'].includes(error.code)) return undefined;
  const misaligned = misalignment(lines, lineNumber);
  if (misaligned || error.code !== 'BLOCK_AS_IMPLICIT_KEY') return misaligned;
  // The value's own line has no colon; a more indented line after it, read as its continuation, starts with a key.
  const line = lines[lineNumber - 1] ?? '';
  const key = keyAt(line);
  if (key === undefined || /:\s.*:(\s|$)/.test(line.slice(key))) return undefined;
  for (let i = lineNumber; i < lines.length && lines[i].search(/\S/) > key; i++) {
    if (keyAt(lines[i]) !== undefined) {
      // Only the writer knows which it is: a field indented too far, or a value with a colon in it.
      const field = line.slice(key).split(':')[0];
      const quote = quoteHint(error, lines, lineNumber, column);
      return `if line ${i + 1} is a field of its own, indent it by ${spaces(key)}, as \`${field}:\` is (YAML reads it as the rest of that value)${quote ? `; if it is part of the value, ${quote}` : ''}`;
    }
    if (/:(\s|$)/.test(lines[i])) return undefined;
  }
  return undefined;
}

/** Where a line's key starts (after a list's dash), if it has one. */
function keyAt(line: string): number | undefined {
  return /^(\s*(?:-\s+)?)[^\s#"'[{][^:]*:(?:\s|$)/.exec(line)?.[1].length;
}

/** A line that starts where none of the items (by their dash) or fields above it do: which, and where they start. */
function misalignment(lines: readonly string[], lineNumber: number): string | undefined {
  const line = lines[lineNumber - 1] ?? '';
  const item = /^\s*-\s/.test(line);
  const startOf = (l: string) => (item ? /^(\s*)-\s/.exec(l)?.[1].length : keyAt(l));
  const indent = line.search(/\S/);
  if (indent <= 0 || startOf(line) === undefined) return undefined;
  // Where the items or fields above it start, up to the collection it is in.
  const above = new Set<number>();
  for (let i = lineNumber - 2; i >= 0 && lines[i].search(/\S/) !== 0; i--) {
    const start = startOf(lines[i]);
    if (start !== undefined) above.add(start);
  }
  const nearest = [...above].sort((a, b) => Math.abs(a - indent) - Math.abs(b - indent) || b - a)[0];
  if (nearest === undefined || above.has(indent)) return undefined;
  return `line ${lineNumber} is indented by ${spaces(indent)}, and the ${item ? 'items' : 'fields'} above it by ${nearest}: indent it as they are`;
}

function spaces(n: number): string {
  return `${n} space${n === 1 ? '' : 's'}`;
}

/**
 * The classic slip: a value with a colon in it, `name: Pivot Tracing: Dynamic
 * Monitoring`, which YAML reads as a mapping inside a mapping. The parser
 * points at the value; the fix is to quote it, so the message shows how,
 * with the value on one line (a plain value may run on over more-indented
 * lines, which YAML joins with spaces).
 */
function quoteHint(error: YAMLError, lines: readonly string[], lineNumber: number, column: number): string | undefined {
  const nested = error.code === 'BLOCK_AS_IMPLICIT_KEY' || /mapping values are not allowed/i.test(error.message);
  const line = lines[lineNumber - 1];
  if (!nested || line === undefined) return undefined;
  const keyPart = /^(\s*(?:-\s+)*)(.*?):\s*$/.exec(line.slice(0, column - 1));
  if (!keyPart || !keyPart[2]) return undefined;
  const keyIndent = keyPart[1].length;
  const parts = [line.slice(column - 1)];
  for (const next of lines.slice(lineNumber)) {
    if (next.trim() === '' || next.search(/\S/) <= keyIndent) break;
    parts.push(next);
  }
  const value = parts.map((p) => p.replace(/\s+#.*$/, '').trim()).join(' ');
  if (!/:(\s|$)/.test(value) || /^["'[{|>]/.test(value)) return undefined;
  // A JSON string is a valid YAML double-quoted scalar, escapes included.
  return `put the value in quotes: ${keyPart[2]}: ${JSON.stringify(value)}`;
}

import type { Document, YAMLError } from 'yaml';
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
  if (!first) return undefined;
  const start = first.linePos?.[0];
  const hint = start ? quoteHint(first, text.split(/\r?\n/), start.line, start.col) : undefined;
  const more = errors.length - 1;
  return {
    file, line: start?.line, column: start?.col,
    message: `YAML: ${first.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}` +
      (hint ? `; ${hint}` : '') +
      (more > 0 ? ` (${more} more YAML error${more === 1 ? '' : 's'} after it in this file, likely caused by it)` : ''),
  };
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

/**
 * A problem found in the data, located as precisely as the data allows.
 * Every validation layer (YAML syntax, JSON Schema, references, SHACL) reports
 * these, so the CLI and the server print them the same way.
 */
export interface Issue {
  /** Data file, relative to the current directory where possible. */
  file?: string;
  line?: number;
  column?: number;
  /** Field path in the data, e.g. `awards[3].date`, or an entity IRI. */
  path?: string;
  message: string;
}

export function formatIssue(issue: Issue): string {
  let where = issue.file ?? '';
  if (issue.file && issue.line !== undefined) where += `:${issue.line}`;
  if (issue.file && issue.line !== undefined && issue.column !== undefined) where += `:${issue.column}`;
  const parts = [where, issue.path ? `${issue.path}:` : ''].filter(Boolean);
  return [...parts, issue.message].join(' ');
}

/** Thrown when the data cannot be published; carries every issue found. */
export class InvalidProfileError extends Error {
  constructor(readonly issues: Issue[]) {
    super(`${issues.length} problem${issues.length === 1 ? '' : 's'} in the profile data:\n` +
      issues.map((i) => `  ${formatIssue(i)}`).join('\n'));
    this.name = 'InvalidProfileError';
  }
}

/** The issues without repeats (two layers may find the same problem). */
export function dedupeIssues(issues: readonly Issue[]): Issue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = JSON.stringify(i);
    return !seen.has(key) && !!seen.add(key);
  });
}

/**
 * "Did you mean": the known name a misspelt one was probably meant to be.
 * Typos are a letter or two off (`emial`, `nmae`, `datepublished`), so a
 * candidate counts when it differs only in case, or by at most two edits
 * (a swap of neighbours is one), and by fewer edits than the name is long,
 * so that a short name does not match everything.
 */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  const sameCase = candidates.find((c) => c.toLowerCase() === name.toLowerCase());
  if (sameCase !== undefined) return sameCase;
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    // Names that differ in length by more than two are more than two edits apart: a profile's thousands of ids are mostly that.
    if (Math.abs(candidate.length - name.length) > 2) continue;
    const distance = editDistance(name, candidate);
    if (distance <= 2 && distance < name.length && (!best || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps of adjacent letters. */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

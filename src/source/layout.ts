/**
 * Where a data file's text splits into parts that YAML reads alone as it
 * reads them in the whole: each top-level key with its value, and, for a
 * key whose value is a block list, the key's line and each item (a line at
 * the list's indent starting with `- `, up to the next one). Offsets are
 * the text's; every part ends where the next begins, the first begins at 0.
 *
 * Undefined when the split is not certain from the lines alone: a
 * document marker or directive, a flow collection, anchor, alias, tag,
 * complex key or block scalar at the top level, a list item at column 0
 * outside a list, or a line of an item not indented past the item's dash
 * (only blank lines and comments may be). What the lines cannot show (a
 * quoted scalar running over an item's end) the parts' parse does: a part
 * that YAML cannot read alone is a sign the split was wrong.
 */
export type Part = { key: Span } | { header: Span; items: Span[] };
export interface Span { start: number; end: number }

const BLANK_OR_COMMENT = /^[ \t]*(?:#.*)?\r?$/;
const ITEM = /^( *)-(?:[ \t]|\r?$)/;
const MARKER = /^(?:---|\.\.\.)(?:[ \t]|\r?$)/;

export function layoutOf(text: string): Part[] | undefined {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  if (starts.at(-1) === text.length) starts.pop();
  // A line without its line feed (the last one may have none).
  const line = (i: number) => text.slice(starts[i], i + 1 < starts.length ? starts[i + 1] - 1 : text.length - (text.endsWith('\n') ? 1 : 0));
  const at = (i: number) => (i < starts.length ? starts[i] : text.length);

  const keyLines: number[] = [];
  for (let i = 0; i < starts.length; i++) {
    const first = text[starts[i]];
    if (first === ' ' || first === '\t' || first === '\r' || first === '\n' || first === '#') continue;
    const l = line(i);
    if (MARKER.test(l) || /^[%[{&*!?|>@`]/.test(l)) return undefined;
    if (first === '-') {
      if (!ITEM.test(l)) keyLines.push(i); // a key that starts with a dash
      continue; // an item at column 0: one of a list at the top level's indent, checked below
    }
    keyLines.push(i);
  }
  if (keyLines.length === 0) return undefined;

  const parts: Part[] = [];
  for (const [k, keyLine] of keyLines.entries()) {
    const start = k === 0 ? 0 : at(keyLine);
    const endLine = keyLines[k + 1] ?? starts.length;
    let first = keyLine + 1;
    while (first < endLine && BLANK_OR_COMMENT.test(line(first))) first++;
    const item = first < endLine ? ITEM.exec(line(first)) : null;
    if (!item) {
      // Not a list: the part is the key and its value, which may hold no item at column 0.
      for (let i = keyLine + 1; i < endLine; i++) if (text[starts[i]] === '-') return undefined;
      parts.push({ key: { start, end: at(endLine) } });
      continue;
    }
    const indent = item[1].length;
    const items: number[] = [];
    for (let i = first; i < endLine; i++) {
      let spaces = 0;
      while (spaces <= indent && text.charCodeAt(starts[i] + spaces) === 32) spaces++;
      if (spaces > indent) continue; // indented past the dash: the item's (most lines; read without slicing them)
      const l = line(i);
      if (spaces === indent && ITEM.test(l)) items.push(i);
      else if (!BLANK_OR_COMMENT.test(l)) return undefined;
    }
    parts.push({
      header: { start, end: at(first) },
      items: items.map((i, n) => ({ start: at(i), end: at(items[n + 1] ?? endLine) })),
    });
  }
  return parts;
}

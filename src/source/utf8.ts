/**
 * Data files are UTF-8. A file saved in another encoding (Latin-1, say)
 * would otherwise be read with U+FFFD in place of its accents and published
 * as mojibake, so it is refused, with the place of its first bad byte.
 * A UTF-8 byte-order mark is allowed (and dropped, as TextDecoder does).
 */

export type Decoded = { text: string } | { badByte: { line: number; column: number } };

export function decodeUtf8(bytes: Uint8Array): Decoded {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const at = firstBadByte(bytes);
    // Everything before the bad byte is valid, so it decodes; lines and
    // columns count characters, as the YAML parser's positions do.
    const before = new TextDecoder('utf-8').decode(bytes.subarray(0, at));
    const lineStart = before.lastIndexOf('\n') + 1;
    return { badByte: { line: before.split('\n').length, column: before.length - lineStart + 1 } };
  }
}

/**
 * The offset of the first byte that is not part of a valid UTF-8 character.
 * TextDecoder says only that a file is invalid, not where; fed one byte at a
 * time in streaming mode it throws at the byte where the text stops making
 * sense. When that byte ends a sequence begun earlier (Latin-1 `é` is 0xE9,
 * a UTF-8 lead byte, and the letter after it is no continuation), the bad
 * character starts at that lead byte, which is what a user should look at.
 */
function firstBadByte(bytes: Uint8Array): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  let characterStart = bom ? 3 : 0;
  for (let i = 0; i < bytes.length; i++) {
    try {
      // An empty result means the byte began or continued a character still incomplete.
      if (decoder.decode(bytes.subarray(i, i + 1), { stream: true }) !== '') characterStart = i + 1;
    } catch {
      return Math.min(characterStart, i);
    }
  }
  return characterStart; // the file ends inside a character
}

// The data of markdown-it-emoji (https://github.com/markdown-it/markdown-it-emoji) the import reads: GitHub's emoji names.
declare module 'markdown-it-emoji/lib/data/full.mjs' {
  /** Each emoji by its name as GitHub (and Jekyll's jemoji) write it between colons: `sparkles` → ✨. */
  const emoji: Record<string, string>;
  export default emoji;
}

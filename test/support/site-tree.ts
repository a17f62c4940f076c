import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';

/** Every file under dir (dot-files included), by name in order: relative name → sha256 and modification time. */
export async function siteTree(dir: string): Promise<Map<string, { hash: string; mtime: number }>> {
  const files = new Map<string, { hash: string; mtime: number }>();
  const walk = async (sub: string) => {
    const entries = (await readdir(path.join(dir, sub), { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const name = path.join(sub, entry.name);
      if (entry.isDirectory()) { await walk(name); continue; }
      const bytes = await readFile(path.join(dir, name));
      files.set(name, { hash: createHash('sha256').update(bytes).digest('hex'), mtime: (await stat(path.join(dir, name))).mtimeMs });
    }
  };
  await walk('');
  return files;
}

import { lstat, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The files of `public/` (CSS and other assets), read into memory once at
 * startup. Requests are answered from this map alone, so no request path is
 * ever turned into a file system path: `..`, `%2e%2e`, `%2f` or backslashes
 * find nothing because nothing is looked up on disk.
 */
export interface StaticFile {
  /** URL path below the base, percent-encoded per segment: `style.css`, `img/a%20b.png`. */
  urlPath: string;
  mediaType: string;
  bytes: Buffer;
}

const types: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.json': 'application/json',
  '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/vnd.microsoft.icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.pdf': 'application/pdf',
};

export function mediaTypeOf(file: string): string {
  return types[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** Assets bigger than this are not what public/ is for; they are left out with a warning. */
export const MAX_STATIC_BYTES = 8 * 1024 * 1024;

/**
 * Every regular file under `dir`, recursively. Dotfiles and symbolic links
 * are skipped (a link could point outside public/). A missing folder is an
 * empty one.
 */
export async function loadPublic(dir: string, warn: (message: string) => void = () => {}): Promise<StaticFile[]> {
  const files: StaticFile[] = [];
  const walk = async (folder: string, segments: string[]): Promise<void> => {
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(folder, entry.name);
      const stat = await lstat(full);
      if (stat.isSymbolicLink()) { warn(`${full}: symbolic link, not served`); continue; }
      if (stat.isDirectory()) { await walk(full, [...segments, entry.name]); continue; }
      if (!stat.isFile()) continue;
      if (stat.size > MAX_STATIC_BYTES) { warn(`${full}: ${stat.size} bytes, larger than ${MAX_STATIC_BYTES}; not served`); continue; }
      files.push({
        urlPath: [...segments, entry.name].map(encodeURIComponent).join('/'),
        mediaType: mediaTypeOf(entry.name),
        bytes: await readFile(full),
      });
    }
  };
  await walk(dir, []);
  return files;
}

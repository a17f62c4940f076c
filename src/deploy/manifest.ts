import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { MANIFEST, type SiteManifest } from '../publish/export.js';

/** The manifest `lodfolio build` writes beside the site: what the configs are generated from. */
export async function readManifest(root: string): Promise<SiteManifest> {
  const file = path.join(root, MANIFEST);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new Error(`${file}: not found; is ${root} a folder that \`lodfolio build\` wrote?`);
  }
  const manifest = JSON.parse(text) as SiteManifest;
  if (manifest['lodfolio-site'] !== 1) throw new Error(`${file}: not a lodfolio site manifest of a version this command knows`);
  return manifest;
}

export { MANIFEST, type SiteManifest };

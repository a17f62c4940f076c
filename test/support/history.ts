import { execFileSync } from 'node:child_process';
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { secondDir } from './fixtures.js';

/**
 * A profile with a past, for Memento: a copy of the second fixture profile
 * in a git repository of its own, with four commits on different dates: the
 * first with a draft title of a paper, the second with its title, the third
 * not valid, the fourth valid again (and the working tree).
 */

export const work = '/publications/uralic-segmentation-como-2019';
export const title = 'Cross-Lingual Transfer for Morphological Segmentation of Uralic Languages: Sámi, Võro and Mari';
export const draft = 'Cross-Lingual Segmentation of Uralic Languages (draft)';
export const dates = ['2020-01-01T00:00:00Z', '2021-01-01T00:00:00Z', '2022-01-01T00:00:00Z', '2023-01-01T00:00:00Z'];
export const httpDate = (iso: string) => new Date(iso).toUTCString();

/** Commits everything in `dir` at `date`. */
export function commit(dir: string, message: string, date: string): void {
  const env = { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date, GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 'test@example.org', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 'test@example.org' };
  execFileSync('git', ['add', '-A'], { cwd: dir, env });
  execFileSync('git', ['-c', 'commit.gpgsign=false', 'commit', '-q', '-m', message], { cwd: dir, env });
}

/** Makes the profile at `dir` (which does not exist) and its four commits; returns the fourth's id. */
export async function profileWithHistory(dir: string): Promise<string> {
  await cp(secondDir, dir, { recursive: true });
  const works = path.join(dir, 'works.yaml');
  const yaml = await readFile(works, 'utf8');
  execFileSync('git', ['init', '-q'], { cwd: dir });
  await writeFile(works, yaml.replace(title, draft));
  commit(dir, 'draft', dates[0]);
  await writeFile(works, yaml);
  commit(dir, 'title', dates[1]);
  await writeFile(works, yaml.replace('datePublished: 2019', 'datePublished: nineteen'));
  commit(dir, 'broken', dates[2]);
  await writeFile(works, yaml);
  commit(dir, 'fixed', dates[3]);
  return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: dir, encoding: 'utf8' }).trim();
}

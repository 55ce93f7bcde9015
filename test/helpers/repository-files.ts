import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';

/** The repository root, for tests that read its workflow, toolchain and configuration files. */
export const REPO_ROOT = join(__dirname, '../..');

export function readRepoFile(path: string): string {
  return readFileSync(join(REPO_ROOT, path), 'utf8');
}

export function readRepoYaml(path: string): any {
  return YAML.parse(readRepoFile(path));
}

/** The npm scripts package.json defines. */
export const NPM_SCRIPTS: ReadonlySet<string> = new Set(Object.keys(JSON.parse(readRepoFile('package.json')).scripts));

/** Every npm script a text runs (`npm run [--flags] NAME`, and `npm test`), in order. */
export function npmScriptsRun(text: string): string[] {
  return [...text.matchAll(/\bnpm (?:run(?:\s+--[a-z-]+)*\s+([a-z][a-z0-9:-]*)|(test)\b)/g)].map((match) => match[1] ?? match[2]);
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

/** The objects of a YAML example in the README, marked `<!-- example: NAME -->` above its code block. */
export function readmeExample(name: string): any[] {
  const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
  const match = new RegExp(`<!-- example: ${name} -->\\s*\`\`\`yaml\\n([\\s\\S]*?)\`\`\``).exec(readme);
  if (!match) throw new Error(`README has no example "${name}"`);
  return parseAllDocuments(match[1])
    .map((document) => document.toJS())
    .filter((object) => object !== null);
}

import { join } from 'node:path';

/**
 * How the app and the tools run TypeScript: node with tools/register-typescript.js (esbuild's
 * transforms of the project's files, cached on disk). `npx tsx FILE` costs about a second and a
 * half more per run: npx's own start, tsx's CLI starting a second node with an ES module loader
 * thread this CommonJS project never uses, and tsx's resolver on every require. Returns the
 * command and arguments for `spawnSync`; the hook is this checkout's, whichever checkout the file
 * belongs to.
 */
export function typescriptCommand(file: string, ...args: string[]): [string, string[]] {
  return [process.execPath, ['--require', join(__dirname, 'register-typescript.js'), file, ...args]];
}

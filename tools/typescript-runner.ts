import { join } from 'node:path';

/**
 * How the app and the tools run TypeScript: node with tools/register-typescript.js (tsx's
 * CommonJS hook for the project's files). `npx tsx FILE` costs about a second more per run: npx's
 * own start, then tsx's CLI starting a second node with an ES module loader thread this CommonJS
 * project never uses. Returns the command and arguments for `spawnSync`; the hook (and the tsx it
 * loads) is this checkout's, whichever checkout the file belongs to.
 */
export function typescriptCommand(file: string, ...args: string[]): [string, string[]] {
  return [process.execPath, ['--require', join(__dirname, 'register-typescript.js'), file, ...args]];
}

import { join } from 'node:path';

/**
 * How the app and the tools run TypeScript: node with tsx's CommonJS require hook (esbuild,
 * transforms cached on disk). `npx tsx FILE` costs about a second more per run: npx's own start,
 * then tsx's CLI starting a second node with an ES module loader thread this CommonJS project never uses.
 * Returns the command and its arguments for `spawnSync`, resolving tsx from `root`'s node_modules.
 */
export function typescriptCommand(root: string, file: string, ...args: string[]): [string, string[]] {
  return [process.execPath, ['--require', join(root, 'node_modules/tsx/dist/cjs/index.cjs'), file, ...args]];
}

import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The upstream data folder (`../shared` beside the project; `PLATFORM_SHARED_DIR` where the
 * checkout lives elsewhere, as in a git worktree), or undefined where there is none.
 */
export const SHARED_DIR: string | undefined = [process.env.PLATFORM_SHARED_DIR, join(__dirname, '../../shared')].find(
  (dir): dir is string => dir !== undefined && existsSync(join(dir, 'charts')),
);

import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { HelmChartPin } from '../../lib/config/version-matrix';

const PROJECT_ROOT = resolve(__dirname, '../..');

/** In a git worktree, `../shared` beside the main checkout: its .git file reads `gitdir: <main>/.git/worktrees/<name>`. */
function besideMainCheckout(): string | undefined {
  const dotGit = join(PROJECT_ROOT, '.git');
  if (!existsSync(dotGit) || !statSync(dotGit).isFile()) return undefined;
  const gitDir = /^gitdir:\s*(.+)$/m.exec(readFileSync(dotGit, 'utf8'))?.[1]?.trim();
  const mainCheckout = gitDir?.split(join('.git', 'worktrees'))[0];
  return mainCheckout ? join(mainCheckout, '..', 'shared') : undefined;
}

/**
 * The upstream data folder (`../shared` beside the project; `PLATFORM_SHARED_DIR`, or the main
 * checkout's sibling, where the checkout lives elsewhere, as in a git worktree), or undefined where
 * there is none: tests that need it skip there, with the reason.
 */
export const SHARED_DIR: string | undefined = [
  process.env.PLATFORM_SHARED_DIR,
  join(PROJECT_ROOT, '..', 'shared'),
  besideMainCheckout(),
].find((dir): dir is string => dir !== undefined && existsSync(join(dir, 'charts')));

export const NO_SHARED_REASON = 'skipped: ../shared (published charts) is absent; set PLATFORM_SHARED_DIR or run in CI';

/** The published charts at our pins, or undefined on a clone without ../shared. */
export const CHARTS_DIR = SHARED_DIR && join(SHARED_DIR, 'charts');

/** Why chart tests skip, in one line, when ../shared/charts is absent. */
export const NO_CHARTS_REASON = `../shared/charts is absent beside ${PROJECT_ROOT} (set PLATFORM_SHARED_DIR): chart render tests skipped`;

/** The folder of a pinned chart: `<chart>-<version>`. */
export function chartFolder(pin: Pick<HelmChartPin, 'chart' | 'version'>): string {
  if (!CHARTS_DIR) throw new Error(NO_CHARTS_REASON);
  return join(CHARTS_DIR, `${pin.chart}-${pin.version}`);
}

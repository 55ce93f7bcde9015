import type { Blocker } from './blockers';
import { isAllowable } from './blockers';
import { git } from './synthesize';

/** The commit-message trailer that allows one blocker for the change that carries it. */
export const ALLOW_TRAILER = 'Review-allow';

/**
 * Allowances live with the change they are for: `Review-allow: <id>` trailers in the commits
 * between the base and HEAD (so they leave the reviewed range once merged, and cannot let a
 * later change through), plus `--allow <id>` given on the command line for this run.
 */
export function allowancesOf(repoRoot: string, baseCommit: string, fromCommandLine: readonly string[]): string[] {
  const trailers = git(repoRoot, ['log', `--format=%(trailers:key=${ALLOW_TRAILER},valueonly,separator=%x0A)`, `${baseCommit}..HEAD`])
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  return [...new Set([...trailers, ...fromCommandLine])];
}

/**
 * Allowances that let nothing through, as error lines: naming no blocker of the reviewed
 * diff, or one no allowance can pass. With `--env`, allowances of other environments are not
 * checked here (their own review checks them).
 */
export function unmatchedAllowances(allowances: readonly string[], blockers: readonly Blocker[], onlyEnv: string | undefined): string[] {
  return allowances
    .filter((allowance) => !onlyEnv || allowance.split('/')[0] === onlyEnv)
    .flatMap((allowance) => {
      const blocker = blockers.find((candidate) => candidate.id === allowance);
      if (!blocker) return [`${allowance}: names nothing this change would refuse`];
      return isAllowable(blocker) ? [] : [`${allowance}: cannot be allowed, Kubernetes refuses the change whatever the review says`];
    });
}

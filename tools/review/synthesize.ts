import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The outcome of synthesizing one side of a review: a cloud assembly, or why there is none. */
export type SynthOutcome = { readonly ok: true; readonly outdir: string } | { readonly ok: false; readonly reason: string };

/**
 * Runs the CDK app of a checkout the way `cdk synth` does (its own cdk.json context, output to
 * a fresh directory), offline and without credentials. `env` selects one environment.
 */
export function synthesize(checkout: string, toolsRoot: string, env: string | undefined): SynthOutcome {
  const cdkJson = JSON.parse(readFileSync(join(checkout, 'cdk.json'), 'utf8'));
  const outdir = mkdtempSync(join(tmpdir(), 'platform-review-out-'));
  const context = { ...cdkJson.context, ...(env ? { env } : {}) };
  const result = spawnSync(join(toolsRoot, 'node_modules/.bin/tsx'), ['bin/platform.ts'], {
    cwd: checkout,
    encoding: 'utf8',
    env: { ...process.env, CDK_OUTDIR: outdir, CDK_CONTEXT_JSON: JSON.stringify(context), CDK_DISABLE_VERSION_CHECK: 'true' },
  });
  if (result.status === 0) return { ok: true, outdir };
  rmSync(outdir, { recursive: true, force: true });
  const output = `${result.stderr ?? ''}${result.stdout ?? ''}`.trim();
  // The app prints config problems first; a stack trace after them is noise for a reviewer.
  const reason =
    output
      .split('\n')
      .filter((line) => !/^\s+at /.test(line))
      .slice(0, 40)
      .join('\n') || `exit code ${result.status}`;
  return { ok: false, reason };
}

/** A detached worktree of `ref`, sharing this checkout's node_modules; removed by `dispose`. */
export function worktreeOf(repoRoot: string, ref: string): { readonly path: string; dispose(): void } {
  const path = mkdtempSync(join(tmpdir(), 'platform-review-base-'));
  rmSync(path, { recursive: true });
  git(repoRoot, ['worktree', 'add', '--detach', '--quiet', path, ref]);
  if (!existsSync(join(path, 'node_modules'))) symlinkSync(join(repoRoot, 'node_modules'), join(path, 'node_modules'), 'dir');
  return {
    path,
    dispose: () => {
      git(repoRoot, ['worktree', 'remove', '--force', path]);
    },
  };
}

/** Runs git; throws with git's own message when it fails. */
export function git(cwd: string, args: string[]): string {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error((result.stderr || result.stdout || `git ${args.join(' ')} failed`).trim());
  return result.stdout.trim();
}

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { typescriptCommand } from '../typescript-runner';
import { onExit } from './cleanup';

/** The outcome of synthesizing one side of a review: a cloud assembly, or why there is none. */
export type SynthOutcome = { readonly ok: true; readonly outdir: string } | { readonly ok: false; readonly reason: string };

/**
 * Runs the CDK app of a checkout the way `cdk synth` does (its own cdk.json context, output to
 * a fresh directory), offline and without credentials. `env` selects one environment.
 *
 * With a `cache` (a directory and the git tree the checkout holds), an outcome is kept there and
 * reused: the same tree synthesizes the same templates, so reviewing a commit twice, or a base
 * that another review had as its head, synthesizes it once. The test suite sets one per run
 * (PLATFORM_REVIEW_SYNTH_CACHE); a cached assembly is the cache's, never removed by the review.
 */
export function synthesize(checkout: string, env: string | undefined, cache?: SynthCache): SynthOutcome {
  const earlier = cache && cachedOutcome(cache, env);
  if (earlier) return earlier;
  const cached = cache && cachePath(cache, env);
  const outcome = runApp(checkout, env, cached);
  if (cached && !outcome.ok) writeFileSync(`${cached}.failed`, outcome.reason);
  return outcome;
}

/** The kept outcome of synthesizing `cache.tree` (for `env`), if there is one. */
export function cachedOutcome(cache: SynthCache, env: string | undefined): SynthOutcome | undefined {
  const path = cachePath(cache, env);
  if (existsSync(join(path, 'manifest.json'))) return { ok: true, outdir: path };
  if (existsSync(`${path}.failed`)) return { ok: false, reason: readFileSync(`${path}.failed`, 'utf8') };
  return undefined;
}

/** Where synthesis outcomes are kept, and the git tree a checkout holds. */
export interface SynthCache {
  readonly dir: string;
  readonly tree: string;
}

function cachePath(cache: SynthCache, env: string | undefined): string {
  return join(cache.dir, `${cache.tree}-${env ?? 'all'}`);
}

function runApp(checkout: string, env: string | undefined, cached: string | undefined): SynthOutcome {
  const cdkJson = JSON.parse(readFileSync(join(checkout, 'cdk.json'), 'utf8'));
  let outdir: string;
  if (cached) {
    outdir = cached;
    rmSync(outdir, { recursive: true, force: true });
  } else {
    outdir = mkdtempSync(join(tmpdir(), 'platform-review-out-'));
    onExit(() => rmSync(outdir, { recursive: true, force: true }));
  }
  // Assets are referenced where they are, not copied: the review reads templates, and copying the
  // kubectl layer (tens of MB) twice per review is most of what it would write.
  const context = { ...cdkJson.context, 'aws:cdk:disable-asset-staging': true, ...(env ? { env } : {}) };
  const result = spawnSync(...typescriptCommand('bin/platform.ts'), {
    cwd: checkout,
    encoding: 'utf8',
    env: {
      ...process.env,
      CDK_OUTDIR: outdir,
      CDK_CONTEXT_JSON: JSON.stringify(context),
      CDK_DISABLE_VERSION_CHECK: 'true',
      // bin/platform.ts then skips validation (cdk synth in CI runs it).
      PLATFORM_REVIEW_SYNTHESIS: 'true',
    },
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
  const dispose = onExit(() => {
    spawnSync('git', ['worktree', 'remove', '--force', path], { cwd: repoRoot });
    rmSync(path, { recursive: true, force: true });
    spawnSync('git', ['worktree', 'prune'], { cwd: repoRoot });
  });
  git(repoRoot, ['worktree', 'add', '--detach', '--quiet', path, ref]);
  if (!existsSync(join(path, 'node_modules'))) symlinkSync(join(repoRoot, 'node_modules'), join(path, 'node_modules'), 'dir');
  return { path, dispose };
}

/** Runs git; throws with git's own message when it fails. */
export function git(cwd: string, args: string[]): string {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error((result.stderr || result.stdout || `git ${args.join(' ')} failed`).trim());
  return result.stdout.trim();
}

/**
 * Changes in the working tree that HEAD does not have (modified, staged or untracked files),
 * outside `ignoredDir` (the report folder). The review compares commits, so it would not see them.
 */
export function uncommittedChanges(repoRoot: string, ignoredDir: string): string[] {
  const ignored = relative(repoRoot, ignoredDir);
  // -z: paths as they are (no quoting), each entry `XY path` NUL-terminated; git() would trim the X column.
  const status = spawnSync('git', ['status', '--porcelain', '-z', '--untracked-files=all'], { cwd: repoRoot, encoding: 'utf8' });
  if (status.status !== 0) throw new Error(status.stderr.trim());
  return status.stdout
    .split('\0')
    .filter((entry) => /^.. /.test(entry))
    .map((entry) => entry.slice(3))
    .filter((path) => ignored.startsWith('..') || !(path === ignored || path.startsWith(`${ignored}/`)));
}

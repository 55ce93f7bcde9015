import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One way of running a CDK app: a checkout, its cdk.json context, and the command `cdk synth` would run. */
export interface AppRun {
  readonly label: string;
  readonly checkout: string;
  /** The shell command, as cdk.json's `app` (an entry other than bin/platform.ts replaces it). */
  readonly command: string;
  readonly env?: Record<string, string>;
}

/** The `app` command of a checkout's cdk.json, with `entry` in place of its bin/platform.ts. */
export function appCommand(checkout: string, entry = 'bin/platform.ts'): string {
  const app: string = JSON.parse(readFileSync(join(checkout, 'cdk.json'), 'utf8')).app;
  if (!app.includes('bin/platform.ts')) throw new Error(`${checkout}/cdk.json: app "${app}" does not run bin/platform.ts`);
  return app.replace('bin/platform.ts', entry);
}

/**
 * Runs an app as `cdk synth` does (the shell command of cdk.json, its context, a fresh output
 * directory) and returns the seconds it took. `keep` receives the output directory instead of
 * it being removed.
 */
export function timeApp(run: AppRun, keep?: (outdir: string) => void): number {
  const outdir = mkdtempSync(join(tmpdir(), 'platform-bench-'));
  const started = process.hrtime.bigint();
  const result = spawnSync(run.command, {
    cwd: run.checkout,
    shell: true,
    encoding: 'utf8',
    env: { ...process.env, ...synthEnv(run.checkout), ...run.env, CDK_OUTDIR: outdir },
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) {
    rmSync(outdir, { recursive: true, force: true });
    throw new Error(`${run.label} failed:\n${result.stderr}`);
  }
  if (keep) keep(outdir);
  else rmSync(outdir, { recursive: true, force: true });
  return seconds;
}

/** The environment `cdk synth` gives an app: cdk.json's context and the CLI's own, offline. */
export function synthEnv(checkout: string): Record<string, string> {
  const context = JSON.parse(readFileSync(join(checkout, 'cdk.json'), 'utf8')).context;
  return { CDK_CONTEXT_JSON: JSON.stringify({ ...context, ...CLI_CONTEXT }), CDK_DISABLE_VERSION_CHECK: 'true' };
}

/** What `cdk synth` (aws-cdk 2.11xx) adds to cdk.json's context by default. */
const CLI_CONTEXT = {
  'aws:cdk:enable-path-metadata': true,
  'aws:cdk:enable-asset-metadata': true,
  'aws:cdk:version-reporting': true,
  'aws:cdk:bundling-stacks': ['**'],
};

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ENVIRONMENTS } from '../lib/config/environments';
import { longestKubectlChain } from '../lib/deploy-order';
import { readAssembly } from './review/assembly';
import { cleanUp } from './review/cleanup';
import { worktreeOf } from './review/synthesize';
import type { AppRun } from './bench/run-app';
import { appCommand, median, synthEnv, timeApp } from './bench/run-app';
import { profileApp } from './bench/profile-breakdown';

/**
 * `npm run bench [-- --runs N] [--base REF]`
 *
 * 1. Synthesis of every environment with validation on (the CloudFormation validator and cdk-nag)
 *    against a bare CDK app with as many stages and stacks, each run as `cdk synth` runs it
 *    (cdk.json's app command and context, a fresh output directory), alternating to share the noise.
 * 2. Synthesis with validation off (`cdk synth --no-validation`) against the same at REF (default
 *    1babe23, main on 2026-11-25), checked out in a temporary worktree sharing node_modules and
 *    run with its own cdk.json; and the longest chain of kubectl custom resources on both sides.
 * 3. One synthesis with validation off and no cache (as the first after `npm ci`), and one with
 *    validation on and no kept reports (every template validated).
 * 4. Where the time of one synthesis with validation on goes, from a CPU profile.
 */
const { values: options } = parseArgs({
  options: { runs: { type: 'string', default: '5' }, base: { type: 'string', default: '1babe23' } },
});
const runs = Number(options.runs);
const root = join(__dirname, '..');
const NO_VALIDATION = { CDK_VALIDATION: 'false' };
/** Where tools/register-typescript.js keeps its transforms and V8's compiled code. */
const TYPESCRIPT_CACHE = join(root, 'node_modules', '.cache', 'platform-typescript');
/** Where bin/platform.ts keeps each template's validation report. */
const VALIDATION_REPORTS = join(root, 'node_modules', '.cache', 'platform-validation');

function main(): void {
  const stages = String(ENVIRONMENTS.length);
  const platform: AppRun = { label: 'platform', checkout: root, command: appCommand(root) };
  const bare: AppRun = {
    label: 'bare app',
    checkout: root,
    command: appCommand(root, 'tools/bench/bare-app.ts'),
    env: { BENCH_STAGES: stages },
  };
  const worktree = worktreeOf(root, options.base!);
  checkSameDependencies(worktree.path);
  const base: AppRun = { label: `base ${options.base}`, checkout: worktree.path, command: appCommand(worktree.path), env: NO_VALIDATION };
  const platformOff: AppRun = { ...platform, label: 'platform, validation off', env: NO_VALIDATION };

  const times = new Map<AppRun, number[]>([platform, bare, platformOff, base].map((run) => [run, []]));
  const chains = new Map<AppRun, Map<string, string[]>>();
  const keepChains = (run: AppRun) => (outdir: string) => {
    chains.set(run, longestChains(outdir));
    rmSync(outdir, { recursive: true, force: true });
  };
  timeApp(bare); // warm the file system cache and the TypeScript transform caches (ours, and tsx's for the base)
  timeApp(platformOff);
  timeApp(base, keepChains(base));
  for (let run = 1; run <= runs; run++) {
    for (const [app, seconds] of times) seconds.push(timeApp(app, run === runs && app === platformOff ? keepChains(app) : undefined));
    console.log(`run ${run}/${runs}: ${[...times].map(([app, seconds]) => `${app.label} ${seconds.at(-1)!.toFixed(2)} s`).join(', ')}`);
  }
  worktree.dispose();
  // The figures above are of warm runs, as every synthesis after the first is: the transforms of the
  // project's TypeScript and V8's compiled code are cached (tools/register-typescript.js). Once cold:
  rmSync(TYPESCRIPT_CACHE, { recursive: true, force: true });
  const cold = timeApp(platformOff);
  // ... and with validation on, every template validated (no report kept, as in CI or after an edit
  // that changes every environment):
  rmSync(VALIDATION_REPORTS, { recursive: true, force: true });
  const validatedAfresh = timeApp(platform);

  const m = (run: AppRun) => median(times.get(run)!);
  const stacks = ENVIRONMENTS.length * 2;
  console.log(`\nmedians of ${runs} runs, ${ENVIRONMENTS.length} environments (${stacks} stacks):`);
  console.log(`  validation on:  platform ${m(platform).toFixed(2)} s, bare app (${stacks} stacks) ${m(bare).toFixed(2)} s`);
  console.log(`    ratio ${(m(platform) / m(bare)).toFixed(2)}x (target: at most 1.5x)`);
  console.log(`  validation off: platform ${m(platformOff).toFixed(2)} s, ${base.label} ${m(base).toFixed(2)} s`);
  console.log(`    ratio ${(m(platformOff) / m(base)).toFixed(2)}x (target: at most 0.6x)`);
  console.log(`  app commands: "${platform.command}"; base: "${base.command}"`);
  console.log(`  platform, validation off, with no cache (the first run after npm ci): ${cold.toFixed(2)} s`);
  console.log(
    `  platform, validation on, no report kept (every template validated): ${validatedAfresh.toFixed(2)} s, ${(validatedAfresh / m(bare)).toFixed(2)}x the bare app`,
  );

  console.log('\nlongest chain of kubectl custom resources in each cluster stack (base -> now):');
  const now = chains.get(platformOff)!;
  const before = chains.get(base)!;
  for (const env of [...new Set([...before.keys(), ...now.keys()])].sort())
    console.log(`  ${env}: ${before.get(env)?.length ?? '-'} -> ${now.get(env)?.length ?? '-'}: ${(now.get(env) ?? []).join(' -> ')}`);

  const breakdown = profileApp(root, ['node', '--require', './tools/register-typescript.js'], 'bin/platform.ts', synthEnv(root));
  const total = breakdown.mainThread.reduce((sum, [, ms]) => sum + ms, 0);
  console.log(`\nwhere one synthesis with validation on goes (CPU profile of the main thread, ${(total / 1000).toFixed(2)} s):`);
  for (const [part, ms] of breakdown.mainThread) console.log(`  ${(ms / 1000).toFixed(2).padStart(6)} s  ${part}`);
  console.log(`  and, alongside, the CloudFormation validator's worker thread was busy ${(breakdown.workerBusy / 1000).toFixed(2)} s`);
}

/**
 * The base runs on this checkout's node_modules: fair only if it pins the same versions of what
 * synthesis loads (its runtime dependencies, and the transpilers: esbuild, and tsx, which older
 * commits run the app with). Otherwise the comparison would be of libraries.
 */
function checkSameDependencies(checkout: string): void {
  const pkg = JSON.parse(readFileSync(join(checkout, 'package.json'), 'utf8'));
  const wanted: Record<string, string> = { ...pkg.dependencies, esbuild: pkg.devDependencies?.esbuild, tsx: pkg.devDependencies?.tsx };
  const different = Object.entries(wanted).filter(([name, version]) => {
    const installed = JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version;
    return version !== undefined && installed !== version;
  });
  if (different.length > 0)
    throw new Error(
      `the base pins other versions than node_modules has: ${different.map(([name, version]) => `${name}@${version}`).join(', ')}`,
    );
}

/** The longest kubectl chain of every environment's cluster stack in a cloud assembly. */
function longestChains(outdir: string): Map<string, string[]> {
  const chains = new Map<string, string[]>();
  for (const [env, stacks] of readAssembly(outdir)) {
    const cluster = stacks.get('Cluster');
    if (cluster) chains.set(env, longestKubectlChain(cluster));
  }
  return chains;
}

try {
  main();
} finally {
  cleanUp();
}

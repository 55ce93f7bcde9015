import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENVIRONMENTS } from '../lib/config/environments';

/**
 * `npm run bench [-- --runs N]`: times the synthesis of every environment against a bare CDK
 * app with the same number of empty stacks. Both run as `cdk synth` runs an app (same runner,
 * same cdk.json context, a fresh output directory each time), alternating to share the noise.
 */
const root = join(__dirname, '..');
const runsFlag = process.argv.indexOf('--runs');
const runs = runsFlag >= 0 ? Number(process.argv[runsFlag + 1]) : 5;
const context = JSON.parse(readFileSync(join(root, 'cdk.json'), 'utf8')).context;
const tsx = join(root, 'node_modules/.bin/tsx');

function timeApp(entry: string): number {
  const outdir = mkdtempSync(join(tmpdir(), 'platform-bench-'));
  const started = process.hrtime.bigint();
  const result = spawnSync(tsx, [entry], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, CDK_OUTDIR: outdir, CDK_CONTEXT_JSON: JSON.stringify(context), BENCH_STAGES: String(ENVIRONMENTS.length) },
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  rmSync(outdir, { recursive: true, force: true });
  if (result.status !== 0) throw new Error(`${entry} failed:\n${result.stderr}`);
  return seconds;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const platform: number[] = [];
const bare: number[] = [];
timeApp('tools/bench/bare-app.ts'); // warm the file cache so the first measured run is not an outlier
for (let run = 1; run <= runs; run++) {
  platform.push(timeApp('bin/platform.ts'));
  bare.push(timeApp('tools/bench/bare-app.ts'));
  console.log(`run ${run}/${runs}: platform ${platform.at(-1)!.toFixed(2)} s, bare ${bare.at(-1)!.toFixed(2)} s`);
}

const stacks = ENVIRONMENTS.length * 2;
console.log(`\nsynthesis of ${ENVIRONMENTS.length} environments (${stacks} stacks), median of ${runs} runs:`);
console.log(`  platform app:          ${median(platform).toFixed(2)} s`);
console.log(`  bare app, ${stacks} empty stacks: ${median(bare).toFixed(2)} s`);
console.log(`  ratio:                 ${(median(platform) / median(bare)).toFixed(2)}x`);

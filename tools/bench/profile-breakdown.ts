import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A V8 CPU profile, as `node --cpu-prof` writes it. */
interface CpuProfile {
  readonly nodes: { id: number; callFrame: { functionName: string; url: string }; children?: number[] }[];
  readonly samples: number[];
  readonly timeDeltas: number[];
}

/**
 * Where a sample's time goes: the innermost frame of its stack that one of these matches names
 * its part (a module loaded lazily while constructs are built counts as module loading, a chart
 * rendered during synthesis as cdk8s rendering).
 */
const PARTS: readonly { readonly part: string; readonly frame: RegExp }[] = [
  {
    part: 'TypeScript transpilation (the hook, its cache, esbuild)',
    frame: /\/node_modules\/(tsx|esbuild)\/|\/tools\/(register-typescript|typescript-transform)\.js$/,
  },
  { part: 'CloudFormation validator, waiting for its worker', frame: /^ask@.*background-cloudformation-validation/ },
  { part: 'CloudFormation validator, on the main thread', frame: /cloudformation-validate/ },
  { part: 'cdk-nag', frame: /\/node_modules\/cdk-nag\// },
  { part: 'asset staging', frame: /asset-staging|^copy(File|Directory)(Sync)?@/ },
  { part: 'cdk8s rendering', frame: /\/node_modules\/cdk8s(-plus-\d+)?\/|\/charts\/[^/]+\.ts$/ },
  { part: 'module loading', frame: /^(Module\._load|Module\._compile|Module\.require|require)@/ },
  { part: 'synthesis (templates, tokens, assembly)', frame: /^synth(esize)?@.*aws-cdk-lib\/core\/lib\/(stage|private\/synthesis)\.js/ },
  { part: 'construct building', frame: /^buildPlatformApp@/ },
];

export interface Breakdown {
  /** Milliseconds of the main thread per part, largest first. */
  readonly mainThread: [string, number][];
  /** Milliseconds the validator's worker thread was busy (alongside the main thread). */
  readonly workerBusy: number;
}

/** Runs `command` (node and its arguments, before the entry) with the CPU profiler on, and splits its time. */
export function profileApp(checkout: string, node: string[], entry: string, env: Record<string, string>): Breakdown {
  const dir = mkdtempSync(join(tmpdir(), 'platform-bench-profile-'));
  const outdir = join(dir, 'cdk.out');
  try {
    const [executable, ...args] = node;
    const result = spawnSync(executable, ['--cpu-prof', '--cpu-prof-dir', dir, ...args, entry], {
      cwd: checkout,
      encoding: 'utf8',
      env: { ...process.env, ...env, CDK_OUTDIR: outdir },
    });
    if (result.status !== 0) throw new Error(`profiling failed:\n${result.stderr}`);
    // One profile per thread: CPU.<date>.<time>.<pid>.<thread id>.<n>.cpuprofile, the main thread's id 0.
    const profiles = readdirSync(dir).filter((file) => file.endsWith('.cpuprofile'));
    const threadOf = (file: string) => Number(file.split('.').at(-3));
    const main = profiles.find((file) => threadOf(file) === 0);
    if (!main) throw new Error('no profile of the main thread');
    const read = (file: string): CpuProfile => JSON.parse(readFileSync(join(dir, file), 'utf8'));
    const workerBusy = profiles
      .filter((file) => file !== main)
      .map((file) => busyMs(read(file)))
      .reduce((sum, ms) => sum + ms, 0);
    return { mainThread: splitMainThread(read(main)), workerBusy };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function splitMainThread(profile: CpuProfile): [string, number][] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const partOf = new Map<number, string>();
  const classify = (id: number): string => {
    const known = partOf.get(id);
    if (known) return known;
    let part: string | undefined;
    for (let current: number | undefined = id; current !== undefined && !part; current = parentOf.get(current)) {
      const { functionName, url } = byId.get(current)!.callFrame;
      part = PARTS.find(({ frame }) => frame.test(`${functionName}@${url}`))?.part;
    }
    const name = byId.get(id)!.callFrame.functionName;
    part ??=
      name === '(garbage collector)' ? 'garbage collection' : name === '(idle)' ? 'idle (waiting on I/O)' : 'other (startup, config)';
    partOf.set(id, part);
    return part;
  };
  const totals = new Map<string, number>();
  profile.samples.forEach((id, index) => {
    const part = classify(id);
    totals.set(part, (totals.get(part) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000);
  });
  return [...totals].sort((a, b) => b[1] - a[1]);
}

function busyMs(profile: CpuProfile): number {
  const idle = new Set(
    profile.nodes.filter((node) => ['(idle)', '(program)'].includes(node.callFrame.functionName)).map((node) => node.id),
  );
  return profile.samples.reduce((sum, id, index) => sum + (idle.has(id) ? 0 : (profile.timeDeltas[index] ?? 0) / 1000), 0);
}

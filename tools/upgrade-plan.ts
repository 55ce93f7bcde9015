import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError } from '../lib/config/config-error';
import { ENVIRONMENTS } from '../lib/config/environments';
import { parseEnvironments } from '../lib/config/parse';
import { planUpgrade } from '../lib/upgrade/plan';
import { upgradeStep } from '../lib/upgrade/refusal';
import { renderPlan } from '../lib/upgrade/report';
import { readAssembly } from './review/assembly';
import { git, synthesize } from './review/synthesize';
import { SHARED_DIR } from './shared-dir';
import { appliedByPlatform } from './upgrade/applied';
import { todayOrGiven } from './upgrade/today';

/**
 * `npm run upgrade-plan -- --env NAME --to MAJOR.MINOR [--today YYYY-MM-DD]`, offline.
 *
 * Plans one Kubernetes minor upgrade of one environment: preflight results, what changes, the
 * order CloudFormation applies it, what to watch, what cannot be undone. Exit 0 ready, 1 blocked
 * by a preflight, 2 cannot plan (bad arguments, unknown environment, not a one-minor step).
 */
const USAGE = 'usage: npm run upgrade-plan -- --env NAME --to MAJOR.MINOR [--today YYYY-MM-DD]';

function main(): number {
  let options;
  try {
    options = parseArgs({ options: { env: { type: 'string' }, to: { type: 'string' }, today: { type: 'string' } } }).values;
  } catch (error) {
    return cannotPlan(`${(error as Error).message}; ${USAGE}`);
  }
  if (!options.env || !options.to) return cannotPlan(`--env and --to are required; ${USAGE}`);
  const today = todayOrGiven(options.today);
  if (!today) return cannotPlan(`--today "${options.today}" is not a date such as 2027-01-31`);
  const names = ENVIRONMENTS.map((env) => env.name);
  if (!names.includes(options.env)) return cannotPlan(`unknown environment "${options.env}"; known environments: ${names.join(', ')}`);

  let environment;
  try {
    [environment] = parseEnvironments(ENVIRONMENTS, options.env);
  } catch (error) {
    if (error instanceof ConfigError) return cannotPlan(error.message.replace(/\n/g, '; '));
    throw error;
  }
  const step = upgradeStep(environment.name, environment.cluster.kubernetesVersion, options.to);
  if (!step.ok) return cannotPlan(step.reason);

  // What the platform applies today, from the synthesized templates of this environment.
  const root = git(process.cwd(), ['rev-parse', '--show-toplevel']);
  const synth = synthesize(root, environment.name);
  if (!synth.ok) return cannotPlan(`synthesis failed: ${synth.reason.split('\n')[0]}`);
  try {
    const templates = readAssembly(synth.outdir).get(environment.name) ?? new Map();
    const applied = appliedByPlatform(templates, SHARED_DIR, step.target.kubernetesVersion);
    const plan = planUpgrade({ environment, current: step.current, target: step.target, ...applied, today });
    console.log(renderPlan(plan));
    if (applied.notRendered.length > 0)
      console.log(['', 'Not checked (charts not rendered)', ...applied.notRendered.map((line) => `  ${line}`)].join('\n'));
    return plan.ready ? 0 : 1;
  } finally {
    rmSync(synth.outdir, { recursive: true, force: true });
  }
}

function cannotPlan(message: string): number {
  console.error(`upgrade-plan: ${message}`);
  return 2;
}

process.exitCode = main();

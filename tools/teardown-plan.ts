import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError } from '../lib/config/config-error';
import { ENVIRONMENTS } from '../lib/config/environments';
import { parseEnvironments } from '../lib/config/parse';
import { planTeardown, renderTeardown } from '../lib/teardown/plan';
import { readAssembly } from './review/assembly';
import { git, synthesize } from './review/synthesize';

/**
 * `npm run teardown-plan -- --env NAME`, offline: what `cdk destroy` deletes and retains for one
 * environment, and what must be removed outside CloudFormation, in order, with the commands.
 * Exit 0 with a plan, 2 when it cannot make one.
 */
function main(): number {
  let options;
  try {
    options = parseArgs({ options: { env: { type: 'string' } } }).values;
  } catch (error) {
    return cannotPlan(`${(error as Error).message}; usage: npm run teardown-plan -- --env NAME`);
  }
  const names = ENVIRONMENTS.map((env) => env.name);
  if (!options.env) return cannotPlan('--env is required; usage: npm run teardown-plan -- --env NAME');
  if (!names.includes(options.env)) return cannotPlan(`unknown environment "${options.env}"; known environments: ${names.join(', ')}`);
  let environment;
  try {
    [environment] = parseEnvironments(ENVIRONMENTS, options.env);
  } catch (error) {
    if (error instanceof ConfigError) return cannotPlan(error.message.replace(/\n/g, '; '));
    throw error;
  }
  const root = git(process.cwd(), ['rev-parse', '--show-toplevel']);
  const synth = synthesize(root, environment.name);
  if (!synth.ok) return cannotPlan(`synthesis failed: ${synth.reason.split('\n')[0]}`);
  try {
    console.log(renderTeardown(planTeardown(environment, readAssembly(synth.outdir).get(environment.name) ?? new Map())));
    return 0;
  } finally {
    rmSync(synth.outdir, { recursive: true, force: true });
  }
}

function cannotPlan(message: string): number {
  console.error(`teardown-plan: ${message}`);
  return 2;
}

process.exitCode = main();

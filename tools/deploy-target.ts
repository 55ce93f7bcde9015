import { RegionInfo } from 'aws-cdk-lib/region-info';
import { parseArgs } from 'node:util';
import { parseAppConfig } from '../lib/config/app-config';
import { ConfigError } from '../lib/config/config-error';
import { DEPLOYMENT } from '../lib/config/deployment';
import { ENVIRONMENTS } from '../lib/config/environments';
import { deployRoleName } from '../lib/deploy-accounts';

/**
 * `npm run --silent deploy-target -- --env NAME`
 *
 * Prints where an environment deploys and the role the deploy workflow assumes there, as
 * `key=value` lines for $GITHUB_OUTPUT, from the same config the app reads: the workflow keeps
 * no second copy of accounts, regions or role names. Exits 2 on an unknown environment or bad config.
 */
const USAGE = 'usage: npm run --silent deploy-target -- --env NAME';

function main(): number {
  let env: string | undefined;
  try {
    env = parseArgs({ options: { env: { type: 'string' } } }).values.env;
  } catch (error) {
    return fail(`${(error as Error).message}\n${USAGE}`);
  }
  if (!env) return fail(`--env is required\n${USAGE}`);
  try {
    const { environments, deployment } = parseAppConfig(ENVIRONMENTS, DEPLOYMENT, env);
    const { account, region } = environments[0];
    const partition = RegionInfo.get(region).partition ?? 'aws';
    console.log(`environment=${env}`);
    console.log(`account=${account}`);
    console.log(`region=${region}`);
    console.log(`role-arn=arn:${partition}:iam::${account}:role/${deployRoleName(deployment.githubRepository)}`);
    return 0;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return fail(error.message);
  }
}

function fail(message: string): number {
  console.error(message);
  return 2;
}

process.exitCode = main();

import { typescriptCommand } from '../tools/typescript-runner';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { DEPLOYMENT } from '../lib/config/deployment';
import { ENVIRONMENTS } from '../lib/config/environments';
import { REPO_ROOT } from './helpers/repository-files';

/** `npm run deploy-target`: what the deploy workflow reads instead of keeping its own copy of config. */
function deployTarget(...args: string[]) {
  return spawnSync(...typescriptCommand(join(REPO_ROOT, 'tools/deploy-target.ts'), ...args), {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
}

test('prints, for $GITHUB_OUTPUT, the account, region and deploy role of an environment from config', () => {
  const env = ENVIRONMENTS[0];
  const result = deployTarget('--env', env.name as string);
  expect(result.status).toBe(0);
  const name = (DEPLOYMENT.githubRepository as string).split('/')[1];
  expect(result.stdout).toBe(
    [
      `environment=${env.name}`,
      `account=${env.account}`,
      `region=${env.region}`,
      `role-arn=arn:aws:iam::${env.account}:role/github-deploy-${name}`,
      '',
    ].join('\n'),
  );
});

test.each([
  [['--env', 'no-such-environment'], 'context.env: unknown environment "no-such-environment"'],
  [[], '--env is required'],
  [['--environment', 'dev'], "Unknown option '--environment'"],
])('%j is exit 2 with the reason', (args, reason) => {
  const result = deployTarget(...args);
  expect(result.status).toBe(2);
  expect(result.stderr).toContain(reason);
  expect(result.stdout).toBe('');
});

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENVIRONMENTS } from '../lib/config/environments';

/** Runs `cdk synth` as a user would, into a fresh output directory. */
function cdkSynth(...args: string[]) {
  const outdir = mkdtempSync(join(tmpdir(), 'platform-cli-'));
  const result = spawnSync(join(__dirname, '../node_modules/.bin/cdk'), ['synth', '--quiet', '--output', outdir, ...args], {
    cwd: join(__dirname, '..'),
    encoding: 'utf8',
    env: { ...process.env, CDK_DISABLE_VERSION_CHECK: 'true' },
  });
  const written = readdirSync(outdir);
  rmSync(outdir, { recursive: true, force: true });
  return { status: result.status, stderr: result.stderr, written };
}

const NO_STACK_TRACE = /^\s+at /m;

test('an unknown environment fails with your environments listed, no stack trace, and nothing written', () => {
  const { status, stderr, written } = cdkSynth('-c', 'env=no-such-environment');
  expect(status).not.toBe(0);
  const known = ENVIRONMENTS.map((env) => env.name).join(', ');
  expect(stderr).toContain(`context.env: unknown environment "no-such-environment"; known environments: ${known}`);
  expect(stderr).not.toMatch(NO_STACK_TRACE);
  expect(written).toEqual([]);
});

test('-c env=NAME synthesizes only that environment', () => {
  const name = ENVIRONMENTS[0].name;
  const { status, stderr, written } = cdkSynth('-c', `env=${name}`);
  expect(stderr).not.toContain('Error');
  expect(status).toBe(0);
  expect(written.filter((file) => file.startsWith('assembly-'))).toEqual([`assembly-${name}`]);
  // The deploy-role stacks must trust every environment of their account, so a selection never builds them.
  expect(written.filter((file) => file.startsWith('GitHubDeploy-'))).toEqual([]);
});

test('bad config lists every problem of every environment at once, exits 1, writes nothing, shows no stack trace', () => {
  const { status, stderr, written } = cdkSynth('--app', 'node --require ./tools/register-typescript.js test/fixtures/broken-config-app.ts');
  expect(status).not.toBe(0);
  expect(stderr).toContain('Invalid platform configuration (3 problems):');
  expect(stderr).toContain('  - fx-dev.account: "12345" must be a 12-digit AWS account ID\n');
  expect(stderr).toContain(
    '  - fx-dev.tags["aws:team"]: "aws:team" is a reserved tag key: AWS reserves the aws: prefix; choose another key\n',
  );
  expect(stderr).toContain("  - fx-prod.cluster.kubernetesVersion: expected a string, got the number 1.35: write it in quotes, '1.35'\n");
  expect(stderr).not.toMatch(NO_STACK_TRACE);
  expect(written).toEqual([]);
});

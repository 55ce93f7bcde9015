import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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

test('an unknown environment fails with the known ones listed, no stack trace, and nothing written', () => {
  const { status, stderr, written } = cdkSynth('-c', 'env=qa');
  expect(status).not.toBe(0);
  expect(stderr).toContain('context.env: unknown environment "qa"; known environments: dev, staging, prod');
  expect(stderr).not.toMatch(/^\s+at /m);
  expect(written).toEqual([]);
});

test('-c env=dev synthesizes only the dev stage', () => {
  const { status, stderr, written } = cdkSynth('-c', 'env=dev');
  expect(stderr).not.toContain('Error');
  expect(status).toBe(0);
  expect(written.filter((file) => file.startsWith('assembly-'))).toEqual(['assembly-dev']);
  // The deploy-role stacks must trust every environment of their account, so a selection never builds them.
  expect(written.filter((file) => file.startsWith('GitHubDeploy-'))).toEqual([]);
});

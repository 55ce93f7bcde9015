import { typescriptCommand } from '../tools/typescript-runner';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, readRepoFile } from './helpers/repository-files';

/**
 * Secret scanning with secretlint's recommended preset: the fake credentials in
 * test/fixtures/secrets must be caught (the repository scan ignores that folder, so these tests
 * scan it explicitly), documentation placeholders must not be, and the commit scan of a pull
 * request must find a secret that a later commit removed.
 */
const SECRETLINT = join(REPO_ROOT, 'node_modules/.bin/secretlint');
const FIXTURE = 'test/fixtures/secrets/leaked-aws-credentials.ini';
const CONFIG_FILES = ['.secretlintrc.yaml', '.secretlintignore'];

interface Finding {
  readonly messageId: string;
  readonly ruleId: string;
  readonly loc: { start: { line: number } };
}

/** Scans files of a folder with the repository's rules (and, unless told otherwise, its ignore list). */
function secretlint(cwd: string, patterns: string[], ignoreFile = join(REPO_ROOT, '.secretlintignore')) {
  const result = spawnSync(
    SECRETLINT,
    [...patterns, '--format', 'json', '--secretlintrc', join(REPO_ROOT, '.secretlintrc.yaml'), '--secretlintignore', ignoreFile],
    {
      cwd,
      encoding: 'utf8',
    },
  );
  const findings: Finding[] = result.stdout.trim()
    ? JSON.parse(result.stdout).flatMap((file: { messages: Finding[] }) => file.messages)
    : [];
  return { status: result.status, findings };
}

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'secret-scanning-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the fixture', () => {
  test('its fake access key ID and secret access key are both caught, on their lines', () => {
    const emptyIgnore = join(scratch, 'no-ignore');
    writeFileSync(emptyIgnore, '');
    const { status, findings } = secretlint(REPO_ROOT, [FIXTURE], emptyIgnore);
    expect(status).toBe(1);
    expect(findings.map((finding) => [finding.ruleId, finding.messageId, finding.loc.start.line])).toEqual([
      ['@secretlint/secretlint-rule-aws', 'AWSAccessKeyID', 4],
      ['@secretlint/secretlint-rule-aws', 'AWSSecretAccessKey', 5],
    ]);
  });

  test('is skipped by the repository scan, and nothing else is', () => {
    expect(secretlint(REPO_ROOT, [FIXTURE]).status).toBe(0);
    const ignored = readRepoFile('.secretlintignore')
      .split('\n')
      .filter((line) => line && !line.startsWith('#'));
    expect(ignored).toEqual(['cdk.out/', 'coverage/', 'review/', '.bench/', 'test/fixtures/secrets/']);
  });
});

describe('the rules', () => {
  const scan = (name: string, content: string) => {
    writeFileSync(join(scratch, name), content);
    return secretlint(scratch, [name]);
  };
  // Built at run time, so that this file holds no key for the repository scan to find.
  const keyId = (prefix: string) => `${prefix}${'Q7'.repeat(8)}`;
  const secretKey = 'wJ' + 'x9/Yz'.repeat(7) + 'abc';

  // One file per side, one secretlint run each: the CLI takes about two seconds to start.
  test('catch long-term and temporary access key IDs and secret access keys, line by line', () => {
    const { status, findings } = scan(
      'candidates.txt',
      [`key = "${keyId('AKIA')}"`, `AWS_ACCESS_KEY_ID=${keyId('ASIA')}`, `aws_secret_access_key: ${secretKey}`, ''].join('\n'),
    );
    expect(status).toBe(1);
    expect(findings.map((finding) => [finding.messageId, finding.loc.start.line])).toEqual([
      ['AWSAccessKeyID', 1],
      ['AWSAccessKeyID', 2],
      ['AWSSecretAccessKey', 3],
    ]);
  });

  test('allow documentation placeholders: account IDs in config and ARNs, AWS’s example key, all-zero certificate IDs', () => {
    const placeholders = [
      `account: '111111111111',`,
      `account: "123456789012"`,
      `"Account": "333333333333"`,
      'arn:aws:iam::111111111111:role/PlatformAdmin',
      `aws_access_key_id = ${'AKIAIOSFODNN7'}EXAMPLE`,
      'arn:aws:acm:eu-west-1:111111111111:certificate/00000000-0000-0000-0000-000000000000',
      '',
    ];
    expect(scan('placeholders.ts', placeholders.join('\n'))).toEqual({ status: 0, findings: [] });
  });
});

describe('npm run lint:secrets:commits', () => {
  let repo: string;
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' }).trim();
  const commit = (message: string) => {
    git('add', '-A');
    git('-c', 'user.name=test', '-c', 'user.email=test@example.com', 'commit', '-q', '-m', message);
    return git('rev-parse', 'HEAD');
  };
  const scanCommits = (base: string) =>
    spawnSync(...typescriptCommand(join(REPO_ROOT, 'tools/scan-commits.ts'), '--base', base), {
      cwd: repo,
      encoding: 'utf8',
    });

  let base: string;
  let leak: string;
  let cleanup: string;
  beforeAll(() => {
    repo = join(scratch, 'repo');
    mkdirSync(repo);
    git('init', '-q');
    for (const file of CONFIG_FILES) copyFileSync(join(REPO_ROOT, file), join(repo, file));
    writeFileSync(join(repo, 'README.md'), 'a platform\n');
    base = commit('start');
    writeFileSync(join(repo, 'credentials.ini'), readFileSync(join(REPO_ROOT, FIXTURE)));
    leak = commit('add credentials by mistake');
    rmSync(join(repo, 'credentials.ini'));
    writeFileSync(join(repo, 'README.md'), 'a platform, tidied\n');
    cleanup = commit('remove them again');
  });

  test('finds the secret a later commit removed, names that commit, and exits 1', () => {
    const result = scanCommits(base);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(`${leak.slice(0, 7)} add credentials by mistake:`);
    expect(result.stdout).toContain('credentials.ini');
    expect(result.stdout).not.toContain('remove them again:');
    expect(result.stdout).toContain('1 of 2 commit(s) carry secrets');
  });

  test('passes commits without secrets', () => {
    const result = scanCommits(leak);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('1 commit(s) since');
    expect(cleanup).not.toBe(leak);
  });

  test('an unknown base is exit 2 with one clear line', () => {
    const result = scanCommits('no-such-ref');
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toBe(
      'scan-commits: "no-such-ref" is not a commit, branch or tag here (try `git fetch`, or a ref such as origin/main)',
    );
  });
});

test('npm run lint scans the working tree for secrets', () => {
  const scripts = JSON.parse(readRepoFile('package.json')).scripts;
  expect(scripts.lint).toMatch(/&& npm run lint:secrets$/);
  expect(scripts['lint:secrets']).toBe('secretlint "**/*"');
});

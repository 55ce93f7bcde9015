import { typescriptCommand } from '../tools/typescript-runner';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allowancesOf } from '../tools/review/allowances';
import { runSharedDir } from './setup/temp-root';

/**
 * `npm run review` as a platform engineer runs it: on a clone whose environments are the test
 * fixtures, one commit per change. Few runs, since each synthesizes two commits; the diff and
 * report logic is tested on synthesized templates in review.test.ts and review-scenarios.test.ts.
 */
const ROOT = join(__dirname, '..');
const SYNTH_CACHE = runSharedDir('review-synth-cache');
const FIXTURES = 'test/fixtures/environments.ts';

/** The project's sources in a temporary git repository whose environments are the fixtures. */
function cloneWithFixtures(): string {
  const repo = mkdtempSync(join(tmpdir(), 'platform-review-test-'));
  for (const entry of ['bin', 'lib', 'constructs', 'charts', 'cdk.json', 'package.json', 'tsconfig.json', FIXTURES])
    cpSync(join(ROOT, entry), join(repo, entry), { recursive: true });
  writeFileSync(
    join(repo, 'lib/config/environments.ts'),
    `export { FIXTURES as ENVIRONMENTS } from '../../${FIXTURES.replace(/\.ts$/, '')}';\n`,
  );
  symlinkSync(join(ROOT, 'node_modules'), join(repo, 'node_modules'), 'dir');
  writeFileSync(join(repo, '.gitignore'), 'node_modules\nreview/\n');
  git(repo, 'init', '--quiet', '--initial-branch=main');
  commit(repo, 'platform');
  return repo;
}

function git(repo: string, ...args: string[]): string {
  const result = spawnSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], { cwd: repo, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return result.stdout.trim();
}

function commit(repo: string, message: string): void {
  git(repo, 'add', '.');
  git(repo, 'commit', '--quiet', '--allow-empty', '-m', message);
}

function edit(repo: string, path: string, from: string, to: string): void {
  const text = readFileSync(join(repo, path), 'utf8');
  if (!text.includes(from)) throw new Error(`${path} has no ${from}`);
  writeFileSync(join(repo, path), text.replace(from, to));
}

/** Runs the review with its own temporary directory, to see that it leaves nothing there. */
function review(repo: string, tmp: string, ...args: string[]) {
  const result = spawnSync(...typescriptCommand(join(ROOT, 'tools/review.ts'), ...args), {
    cwd: repo,
    encoding: 'utf8',
    // Commits are synthesized once per run: the same trees come back across these tests.
    env: { ...process.env, TMPDIR: tmp, PLATFORM_REVIEW_SYNTH_CACHE: SYNTH_CACHE },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const DEVELOPER_GRANT = "{ arn: 'arn:aws:iam::100000000001:role/Developer', access: { namespaces: ['team-a', 'team-b'] } }";
const DEVELOPER_VIEWER = "{ arn: 'arn:aws:iam::100000000001:role/Developer', access: 'viewer' }";

describe('npm run review on a clone', () => {
  let repo: string;
  let tmp: string;
  beforeAll(() => {
    repo = cloneWithFixtures();
    tmp = mkdtempSync(join(tmpdir(), 'platform-review-tmp-'));
  });
  afterAll(() => {
    rmSync(repo, { recursive: true, force: true });
    rmSync(tmp, { recursive: true, force: true });
  });
  afterEach(() => {
    // Every exit path removes the synth output and the base worktree.
    expect(readdirSync(tmp).filter((entry) => entry.startsWith('platform-review'))).toEqual([]);
    expect(git(repo, 'worktree', 'list', '--porcelain').match(/^worktree /gm)).toHaveLength(1);
  });

  test('dropping the last namespace grant is refused until a commit of the change allows it', () => {
    git(repo, 'checkout', '--quiet', '-b', 'viewer');
    edit(repo, FIXTURES, DEVELOPER_GRANT, DEVELOPER_VIEWER);
    commit(repo, 'fx-dev: the Developer role becomes a viewer');
    mkdirSync(join(repo, 'review'), { recursive: true });
    writeFileSync(join(repo, 'review/fx-prod.md'), 'a report of an earlier run');

    const refused = review(repo, tmp, '--base', 'main', '--env', 'fx-dev');
    expect(refused.stderr).toBe('');
    expect(refused.status).toBe(1);
    // The counts include OpenCost's cost dashboard, which loses its team row with the last team.
    expect(refused.stdout).toMatch(
      /^fx-dev: 5 CloudFormation change\(s\), 23 Kubernetes object change\(s\), 0 Helm release change\(s\), REFUSED$/m,
    );
    const id = refused.stdout.match(/allow with a commit trailer "Review-allow: (fx-dev\/Cluster\/TeamNamespaces\w+)"/)![1];
    expect(readdirSync(join(repo, 'review'))).toEqual(['fx-dev.md']);
    const report = readFileSync(join(repo, 'review/fx-dev.md'), 'utf8');
    expect(report).toMatch(/^# fx-dev: changes from `main \([0-9a-f]{12}\)` to `HEAD \([0-9a-f]{12}\)`$/m);
    expect(report).toContain('| left in the cluster | Namespace team-a |');

    commit(repo, `Keep the team namespaces: nothing runs there any more\n\nReview-allow: ${id}`);
    const allowed = review(repo, tmp, '--base', 'main', '--env', 'fx-dev');
    expect(allowed.stderr).toBe('');
    expect(allowed.status).toBe(0);
    expect(readFileSync(join(repo, 'review/fx-dev.md'), 'utf8')).toContain('**Verdict: safe as allowed.**');
  }, 120_000);

  test('an allowance that names nothing in the diff is an error', () => {
    // A commit that changes no file: the review knows without synthesizing that nothing changes.
    commit(repo, 'Allow too much\n\nReview-allow: fx-dev/Namespace/team-c');
    const result = review(repo, tmp, '--base', 'HEAD~1', '--env', 'fx-dev', '--allow', 'fx-dev/Cluster/Vpc');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('review: 2 allowance(s) (Review-allow trailers between HEAD~1');
    expect(result.stderr).toContain(
      '  fx-dev/Namespace/team-c: names nothing this change would refuse\n  fx-dev/Cluster/Vpc: names nothing',
    );
    git(repo, 'reset', '--quiet', '--hard', 'HEAD~1');
  });

  test('uncommitted changes, a base that does not synthesize, a missing ref or repository are clear errors', () => {
    edit(repo, FIXTURES, "vpcCidr: '10.110.0.0/16'", "vpcCidr: '10.111.0.0/16'");
    const dirty = review(repo, tmp, '--base', 'main');
    expect(dirty.status).toBe(2);
    expect(dirty.stderr).toContain('the working tree has changes that are not committed');
    expect(dirty.stderr).toContain(`  ${FIXTURES}`);
    git(repo, 'checkout', '--quiet', '--', FIXTURES);

    git(repo, 'checkout', '--quiet', '-b', 'broken-base', 'main');
    edit(repo, FIXTURES, "vpcCidr: '10.110.0.0/16'", "vpcCidr: '10.110.0.1/16'");
    commit(repo, 'a config error');
    git(repo, 'checkout', '--quiet', 'viewer');
    const broken = review(repo, tmp, '--base', 'broken-base', '--env', 'fx-dev');
    expect(broken.status).toBe(2);
    expect(broken.stderr).toMatch(/The base, broken-base \([0-9a-f]{12}\), does not synthesize/);
    expect(broken.stderr).toContain('fx-dev.network.vpcCidr: "10.110.0.1/16" is not a network address (host bits are set)');
    expect(existsSync(join(repo, 'review/fx-dev.md'))).toBe(false);

    expect(review(repo, tmp, '--base', 'no-such-branch')).toMatchObject({
      status: 2,
      stderr: expect.stringContaining('"no-such-branch" is not a commit, branch or tag'),
    });
    const outside = mkdtempSync(join(tmpdir(), 'platform-review-nogit-'));
    expect(review(outside, tmp, '--base', 'main')).toMatchObject({
      status: 2,
      stderr: expect.stringContaining('is not inside a git repository'),
    });
    rmSync(outside, { recursive: true, force: true });
    expect(review(repo, tmp)).toMatchObject({ status: 2, stderr: expect.stringContaining('--base is required') });
  }, 120_000);

  test('allowances are read from the trailers of the reviewed commits only', () => {
    const base = git(repo, 'rev-parse', 'main');
    expect(allowancesOf(repo, base, ['fx-prod/Cluster/X'])).toEqual([
      expect.stringMatching(/^fx-dev\/Cluster\/TeamNamespaces\w+$/),
      'fx-prod/Cluster/X',
    ]);
    // Once the change is the base, its allowance is out of range.
    expect(allowancesOf(repo, git(repo, 'rev-parse', 'viewer'), [])).toEqual([]);
  });
});

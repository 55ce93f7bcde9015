import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';

/**
 * `npm run lint:secrets:commits -- --base <git ref>`
 *
 * Scans every commit between the base ref and HEAD with secretlint, file by file as each commit
 * added or changed it, so a secret that one commit adds and a later one removes is still caught:
 * it would stay in the history. Uses the working tree's .secretlintrc.yaml and .secretlintignore
 * (a pull request that edits them shows it, and CODEOWNERS asks the platform owners).
 * Exits 1 when a commit carries a secret, 2 when the scan cannot run.
 */
const USAGE = 'usage: npm run lint:secrets:commits -- --base <git ref>';
const SECRETLINT = join(__dirname, '..', 'node_modules', '.bin', 'secretlint');
const CONFIG_FILES = ['.secretlintrc.yaml', '.secretlintignore'];

function git(cwd: string, args: string[]): Buffer {
  return execFileSync('git', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
}

function gitText(cwd: string, args: string[]): string[] {
  return git(cwd, args).toString('utf8').split('\n').filter(Boolean);
}

/** Writes what one commit added or modified into a fresh folder, with the scan's config. */
function materializeCommit(repoRoot: string, commit: string): { dir: string; files: number } {
  const dir = mkdtempSync(join(tmpdir(), `scan-${commit.slice(0, 12)}-`));
  for (const file of CONFIG_FILES) if (existsSync(join(repoRoot, file))) copyFileSync(join(repoRoot, file), join(dir, file));
  // -z keeps unusual file names intact; --diff-filter=AMR: the content this commit introduced.
  const changed = git(repoRoot, ['diff-tree', '--no-commit-id', '--root', '-r', '-z', '--name-only', '--diff-filter=AMR', commit])
    .toString('utf8')
    .split('\0')
    .filter(Boolean)
    .filter((path) => !CONFIG_FILES.includes(path));
  for (const path of changed) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), git(repoRoot, ['show', `${commit}:${path}`]));
  }
  return { dir, files: changed.length };
}

function main(): number {
  let options;
  try {
    options = parseArgs({ options: { base: { type: 'string' } } }).values;
  } catch (error) {
    return fail(`${(error as Error).message}\n${USAGE}`);
  }
  if (!options.base) return fail(`--base is required\n${USAGE}`);

  let repoRoot: string;
  let commits: string[];
  try {
    repoRoot = gitText(process.cwd(), ['rev-parse', '--show-toplevel'])[0];
    commits = gitText(repoRoot, ['rev-list', '--reverse', `${options.base}..HEAD`]);
  } catch {
    return fail(`scan-commits: "${options.base}" is not a commit, branch or tag here (try \`git fetch\`, or a ref such as origin/main)`);
  }

  const leaking: string[] = [];
  for (const commit of commits) {
    const subject = gitText(repoRoot, ['log', '-1', '--format=%h %s', commit])[0];
    const { dir, files } = materializeCommit(repoRoot, commit);
    try {
      if (files === 0) continue;
      const scan = spawnSync(SECRETLINT, ['**/*', '--secretlintrc', '.secretlintrc.yaml', '--secretlintignore', '.secretlintignore'], {
        cwd: dir,
        encoding: 'utf8',
      });
      if (scan.status === 0) continue;
      leaking.push(subject);
      console.log(`${subject}:\n${(scan.stdout + scan.stderr).split(dir + '/').join('')}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  if (leaking.length > 0) {
    console.log(
      `${leaking.length} of ${commits.length} commit(s) carry secrets: rewrite them out of the branch (git rebase -i) and rotate the credential.`,
    );
    return 1;
  }
  console.log(`${commits.length} commit(s) since ${options.base}: no secrets found.`);
  return 0;
}

function fail(message: string): number {
  console.error(message);
  return 2;
}

process.exitCode = main();

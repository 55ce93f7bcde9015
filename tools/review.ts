import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ALLOW_TRAILER, allowancesOf, unmatchedAllowances } from './review/allowances';
import { readAssembly } from './review/assembly';
import { isAllowable } from './review/blockers';
import { cleanUp } from './review/cleanup';
import { refusedBlockers, renderReport } from './review/report';
import type { EnvironmentReview } from './review/review-environment';
import { reviewEnvironment } from './review/review-environment';
import type { SynthCache, SynthOutcome } from './review/synthesize';
import { cachedOutcome, git, synthesize, uncommittedChanges, worktreeOf } from './review/synthesize';

/**
 * `npm run review -- --base <git ref> [--env NAME] [--allow ID ...] [--out DIR]`
 *
 * Synthesizes the base ref (in a temporary worktree) and HEAD, offline, and writes a Markdown
 * report per environment to DIR (default review/). Exits 1 when the change loses data, leaves it
 * unmanaged without an allowance, or cannot be applied; 2 when the review cannot run.
 */
const USAGE = 'usage: npm run review -- --base <git ref> [--env NAME] [--allow ID ...] [--out DIR]';

function main(): number {
  let options;
  try {
    options = parseArgs({
      options: {
        base: { type: 'string' },
        env: { type: 'string' },
        allow: { type: 'string', multiple: true, default: [] },
        out: { type: 'string', default: 'review' },
      },
    }).values;
  } catch (error) {
    return fail(`${(error as Error).message}\n${USAGE}`);
  }
  if (!options.base) return fail(`--base is required\n${USAGE}`);

  let repoRoot: string;
  try {
    repoRoot = git(process.cwd(), ['rev-parse', '--show-toplevel']);
  } catch {
    return fail(`review: ${process.cwd()} is not inside a git repository; run it from a clone of the platform`);
  }
  let baseCommit: string;
  let headCommit: string;
  try {
    baseCommit = git(repoRoot, ['rev-parse', '--verify', '--quiet', `${options.base}^{commit}`]);
    headCommit = git(repoRoot, ['rev-parse', '--verify', 'HEAD']);
  } catch {
    return fail(
      `review: "${options.base}" is not a commit, branch or tag in this repository (try \`git fetch\`, or a ref such as origin/main)`,
    );
  }
  const outDir = resolve(options.out);
  const uncommitted = uncommittedChanges(repoRoot, outDir);
  if (uncommitted.length > 0)
    return fail(
      [
        'review: the working tree has changes that are not committed, and the review compares commits (the base with HEAD), so it would not see them:',
        ...uncommitted.slice(0, 20).map((path) => `  ${path}`),
        ...(uncommitted.length > 20 ? [`  ... and ${uncommitted.length - 20} more`] : []),
        'Commit them (or stash them) and run the review again.',
      ].join('\n'),
    );

  // Reports of an earlier run (another --env, another base) must not pass for this one's.
  mkdirSync(outDir, { recursive: true });
  for (const file of readdirSync(outDir)) if (file.endsWith('.md')) rmSync(join(outDir, file));

  const baseName = `${options.base} (${baseCommit.slice(0, 12)})`;
  const headName = `HEAD (${headCommit.slice(0, 12)})`;
  const allowances = allowancesOf(repoRoot, baseCommit, options.allow);

  // The same files on both sides synthesize the same templates: no need to spend a minute on it.
  if (git(repoRoot, ['rev-parse', `${baseCommit}^{tree}`]) === git(repoRoot, ['rev-parse', 'HEAD^{tree}'])) {
    const unmatched = unmatchedAllowances(allowances, [], options.env);
    if (unmatched.length > 0) return badAllowances(unmatched, baseName);
    writeFileSync(
      join(outDir, 'review.md'),
      `# Review: ${headName} has the same files as ${baseName}

Nothing changes.
`,
    );
    console.log(`${headName} has the same files as ${baseName}: nothing changes`);
    return 0;
  }
  // Outcomes kept across runs when PLATFORM_REVIEW_SYNTH_CACHE names a directory (the test suite does).
  const cacheDir = process.env.PLATFORM_REVIEW_SYNTH_CACHE;
  const cacheOf = (commit: string) => (cacheDir ? { dir: cacheDir, tree: git(repoRoot, ['rev-parse', `${commit}^{tree}`]) } : undefined);
  const baseCache = cacheOf(baseCommit);
  const base =
    (baseCache && cachedOutcome(baseCache, options.env)) ?? synthesizeIn(worktreeOf(repoRoot, baseCommit), options.env, baseCache);
  if (!base.ok)
    return cannotCompare(outDir, `The base, ${baseName}, does not synthesize, so there is nothing to compare with:`, base.reason);
  const head = synthesize(repoRoot, options.env, cacheOf(headCommit));
  if (!head.ok) return cannotCompare(outDir, `HEAD, ${headName}, does not synthesize:`, head.reason);

  const baseTemplates = readAssembly(base.outdir);
  const headTemplates = readAssembly(head.outdir);
  const envs = [...new Set([...baseTemplates.keys(), ...headTemplates.keys()])].sort();
  if (options.env && envs.length === 0) return fail(`review: no environment named "${options.env}" on either side`);
  const reviews: EnvironmentReview[] = envs.map((env) => reviewEnvironment(env, baseTemplates, headTemplates));

  const unmatched = unmatchedAllowances(
    allowances,
    reviews.flatMap((review) => review.blockers),
    options.env,
  );
  if (unmatched.length > 0) return badAllowances(unmatched, baseName);

  const allowed = new Set(allowances);
  let refused = 0;
  for (const review of reviews) {
    writeFileSync(join(outDir, `${review.env}.md`), renderReport(review, { base: baseName, head: headName, allowed }));
    const blocked = refusedBlockers(review, allowed);
    refused += blocked.length;
    const cfn = review.stacks.reduce((count, stack) => count + stack.resources.length, 0);
    console.log(
      `${review.env}: ${cfn} CloudFormation change(s), ${review.cluster.objects.length} Kubernetes object change(s), ${review.cluster.releases.length} Helm release change(s), ${blocked.length === 0 ? 'safe' : 'REFUSED'}`,
    );
    for (const blocker of blocked)
      console.log(
        isAllowable(blocker)
          ? `  - ${blocker.kind}: ${blocker.what}\n    allow with a commit trailer "${ALLOW_TRAILER}: ${blocker.id}"`
          : `  - cannot be applied: ${blocker.what}\n    way out: ${blocker.wayOut}`,
      );
  }
  console.log(`reports: ${outDir}/{${envs.join(',')}}.md`);
  return refused > 0 ? 1 : 0;
}

/** Synthesizes a base commit in its temporary worktree, which is gone when this returns. */
function synthesizeIn(worktree: ReturnType<typeof worktreeOf>, env: string | undefined, cache: SynthCache | undefined): SynthOutcome {
  try {
    return synthesize(worktree.path, env, cache);
  } finally {
    worktree.dispose();
  }
}

function badAllowances(unmatched: readonly string[], baseName: string): number {
  return fail(
    [
      `review: ${unmatched.length} allowance(s) (${ALLOW_TRAILER} trailers between ${baseName} and HEAD, or --allow) let nothing through:`,
      ...unmatched.map((line) => `  ${line}`),
      'An allowance names a blocker of this change exactly, as the report lists it; drop or correct the others.',
    ].join('\n'),
  );
}

function cannotCompare(outDir: string, what: string, reason: string): number {
  const report = ['# Review: cannot compare', '', what, '', '```', reason, '```', ''].join('\n');
  writeFileSync(join(outDir, 'review.md'), report);
  console.error(report);
  return 2;
}

function fail(message: string): number {
  console.error(message);
  return 2;
}

try {
  process.exitCode = main();
} finally {
  cleanUp();
}

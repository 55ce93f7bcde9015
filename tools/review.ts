import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readAssembly } from './review/assembly';
import { isAllowed, renderReport } from './review/report';
import { reviewEnvironment } from './review/review-environment';
import type { SynthOutcome } from './review/synthesize';
import { git, synthesize, worktreeOf } from './review/synthesize';

/**
 * `npm run review -- --base <git ref> [--env NAME] [--allow-replacement ID ...] [--out DIR]`
 *
 * Synthesizes the base ref (in a temporary worktree) and the working tree, offline, and writes a
 * Markdown report per environment to DIR (default review/). Exits 1 when a stateful resource
 * would be replaced or deleted and no --allow-replacement names it, 2 when the review cannot run.
 */
const USAGE = 'usage: npm run review -- --base <git ref> [--env NAME] [--allow-replacement ID ...] [--out DIR]';

function main(): number {
  let options;
  try {
    options = parseArgs({
      options: {
        base: { type: 'string' },
        env: { type: 'string' },
        'allow-replacement': { type: 'string', multiple: true, default: [] },
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
  try {
    baseCommit = git(repoRoot, ['rev-parse', '--verify', '--quiet', `${options.base}^{commit}`]);
  } catch {
    return fail(
      `review: "${options.base}" is not a commit, branch or tag in this repository (try \`git fetch\`, or a ref such as origin/main)`,
    );
  }

  const worktree = worktreeOf(repoRoot, baseCommit);
  let base: SynthOutcome;
  let head: SynthOutcome;
  try {
    base = synthesize(worktree.path, repoRoot, options.env);
    head = synthesize(repoRoot, repoRoot, options.env);
  } finally {
    worktree.dispose();
  }

  const outDir = resolve(options.out);
  mkdirSync(outDir, { recursive: true });
  if (!base.ok || !head.ok) {
    const report = [
      `# Review against \`${options.base}\`: cannot compare`,
      '',
      ...(!base.ok
        ? [`The base side (\`${options.base}\`, ${baseCommit.slice(0, 12)}) does not synthesize:`, '', '```', base.reason, '```', '']
        : []),
      ...(!head.ok ? ['The working tree does not synthesize:', '', '```', head.reason, '```', ''] : []),
    ].join('\n');
    writeFileSync(join(outDir, 'review.md'), report);
    console.error(report);
    return 2;
  }

  const baseTemplates = readAssembly(base.outdir);
  const headTemplates = readAssembly(head.outdir);
  rmSync(base.outdir, { recursive: true, force: true });
  rmSync(head.outdir, { recursive: true, force: true });

  const allowed = new Set(options['allow-replacement']);
  const envs = [...new Set([...baseTemplates.keys(), ...headTemplates.keys()])].sort();
  let refused = 0;
  for (const env of envs) {
    const review = reviewEnvironment(env, baseTemplates, headTemplates);
    writeFileSync(join(outDir, `${env}.md`), renderReport(review, { base: options.base, allowed }));
    const blocked = review.blockers.filter((blocker) => !isAllowed(blocker.id, allowed));
    refused += blocked.length;
    const changes = review.stacks.reduce((count, stack) => count + stack.resources.length, 0);
    console.log(
      `${env}: ${changes} CloudFormation change(s), ${review.objects.added.length + review.objects.removed.length + review.objects.changed.length} Kubernetes object change(s), ${blocked.length === 0 ? 'safe' : 'REFUSED'}`,
    );
    for (const blocker of blocked) console.log(`  - ${blocker.what}: allow with --allow-replacement ${blocker.id}`);
  }
  console.log(`reports: ${outDir}/{${envs.join(',')}}.md`);
  return refused > 0 ? 1 : 0;
}

function fail(message: string): number {
  console.error(message);
  return 2;
}

process.exitCode = main();

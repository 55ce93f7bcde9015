import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, readRepoFile, readRepoYaml } from './helpers/repository-files';

/** What CONTRIBUTING.md, the template and CODEOWNERS promise, checked against what enforces it. */
const contributing = readRepoFile('CONTRIBUTING.md');
const pullRequest = readRepoYaml('.github/workflows/pull-request.yml');
const ci = readRepoYaml('.github/workflows/ci.yml');

test('branch protection requires exactly the checks that run on pull requests', () => {
  const command = contributing.match(
    /gh api --method PUT repos\/OWNER\/NAME\/branches\/main\/protection --input - <<'JSON'\n([\s\S]+?)\nJSON/,
  );
  expect(command).not.toBeNull();
  const protection = JSON.parse(command![1]);
  const pullRequestJobs = [...Object.keys(ci.jobs), ...Object.keys(pullRequest.jobs)];
  expect(protection.required_status_checks.contexts.sort()).toEqual(pullRequestJobs.sort());
  expect(protection).toMatchObject({
    enforce_admins: true,
    allow_force_pushes: false,
    allow_deletions: false,
    required_pull_request_reviews: { required_approving_review_count: 1, require_code_owner_reviews: true },
  });
});

test('the branch types CONTRIBUTING.md lists are the ones the workflow accepts', () => {
  const script = pullRequest.jobs.rules.steps.find((step: any) => step.name === 'Branch name follows the convention').run;
  const accepted = script
    .match(/\^\(([a-z|]+)\)\//)[1]
    .split('|')
    .sort();
  const listed = contributing
    .match(/^Types: (.+?)\. The pull-request workflow/ms)![1]
    .match(/`([a-z]+)`/g)!
    .map((type) => type.slice(1, -1));
  expect(listed.sort()).toEqual(accepted);
});

test('the pull request template starts with a work-item line the workflow accepts once filled in', () => {
  const template = readRepoFile('.github/pull_request_template.md');
  expect(template).toMatch(/^## Work item\n\nCloses #<!--/m);
  for (const heading of ['What changes in which environment', 'Review report', 'How it was tested'])
    expect(template).toContain(`## ${heading}`);
});

test('every path CODEOWNERS names exists, so none silently stops protecting anything', () => {
  const patterns = readRepoFile('.github/CODEOWNERS')
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('#'))
    .map((line) => line.split(/\s+/)[0]);
  expect(patterns.length).toBeGreaterThan(10);
  for (const pattern of patterns.filter((candidate) => candidate !== '*' && candidate !== '/.review-allow')) {
    const path = pattern.replace(/^\//, '');
    if (!path.includes('*')) expect([pattern, existsSync(join(REPO_ROOT, path))]).toEqual([pattern, true]);
    else {
      const [dir, glob] = [path.slice(0, path.lastIndexOf('/')), path.slice(path.lastIndexOf('/') + 1)];
      const regex = new RegExp(`^${glob.split('*').join('.*')}$`);
      expect([pattern, readdirSync(join(REPO_ROOT, dir)).some((file) => regex.test(file))]).toEqual([pattern, true]);
    }
  }
});

test('every file an open-source project is expected to carry is there', () => {
  for (const file of ['LICENSE', 'CONTRIBUTING.md', 'SECURITY.md', '.github/CODEOWNERS', '.github/pull_request_template.md'])
    expect([file, existsSync(join(REPO_ROOT, file))]).toEqual([file, true]);
});

test('every action a workflow pins is in the table of pinned tools, with the same commit and tag', () => {
  const workflows = readdirSync(join(REPO_ROOT, '.github/workflows')).map((file) => readRepoFile(`.github/workflows/${file}`));
  const pins = new Set(
    workflows.flatMap((text) =>
      [...text.matchAll(/uses: ([\w-]+\/[\w-]+)@([0-9a-f]{40}) # (v[\d.]+)/g)].map((m) => `${m[1]} ${m[2]} ${m[3]}`),
    ),
  );
  expect(pins.size).toBe(4);
  for (const pin of pins) {
    const [action, commit, tag] = pin.split(' ');
    expect(contributing).toMatch(new RegExp(`\\| \`${action}\` +\\| \`${commit}\` +\\| tag \`${tag.replace(/\./g, '\\.')}\``));
  }
});

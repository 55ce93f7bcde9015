import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENVIRONMENTS } from '../lib/config/environments';
import { NPM_SCRIPTS, REPO_ROOT, npmScriptsRun, readRepoFile, readRepoYaml } from './helpers/repository-files';

/** The GitHub workflows, parsed: what runs where, with which permissions, in which order. */
const WORKFLOW_DIR = '.github/workflows';
const workflowFiles = readdirSync(join(REPO_ROOT, WORKFLOW_DIR)).filter((file) => /\.ya?ml$/.test(file));
const workflows = new Map<string, any>(workflowFiles.map((file) => [file, readRepoYaml(`${WORKFLOW_DIR}/${file}`)]));
const deploy = workflows.get('deploy.yml');
const deployEnvironment = workflows.get('deploy-environment.yml');
const deployJob = deployEnvironment.jobs.deploy;
const stepIndex = (predicate: (step: any) => boolean) => deployJob.steps.findIndex(predicate);

/** Every permissions block (workflow and job level), as `file` or `file#job`. */
function permissionBlocks(): [string, Record<string, string> | string][] {
  return [...workflows].flatMap(([file, workflow]) => [
    ...(workflow.permissions !== undefined ? [[file, workflow.permissions] as [string, any]] : []),
    ...Object.entries<any>(workflow.jobs)
      .filter(([, job]) => job.permissions !== undefined)
      .map(([name, job]) => [`${file}#${name}`, job.permissions] as [string, any]),
  ]);
}

test('the workflows are the ones this test knows', () => {
  expect(workflowFiles.sort()).toEqual(['ci.yml', 'deploy-environment.yml', 'deploy.yml', 'pull-request.yml']);
});

describe('deploy.yml', () => {
  test('runs on merges to main only', () => {
    expect(deploy.on).toEqual({ push: { branches: ['main'] } });
  });

  test('verifies the merge commit with ci.yml first', () => {
    expect(deploy.jobs.verify).toMatchObject({ uses: './.github/workflows/ci.yml' });
    expect(deploy.jobs.verify.needs).toBeUndefined();
    expect(workflows.get('ci.yml').on).toHaveProperty('workflow_call');
  });

  test('deploys the environments in the order ENVIRONMENTS lists them, each job needing the one before', () => {
    const order: string[] = [];
    for (let job = 'verify'; ;) {
      const next = Object.entries<any>(deploy.jobs).filter(([, definition]) => [definition.needs].flat().includes(job));
      if (next.length === 0) break;
      expect(next).toHaveLength(1); // a chain: no two environments deploy at once
      job = next[0][0];
      order.push(job);
    }
    expect(order).toEqual(ENVIRONMENTS.map((env) => env.name));
    expect(Object.keys(deploy.jobs).sort()).toEqual([...order, 'verify'].sort());
  });

  test('every environment in config has a deploy job that deploys it by name', () => {
    for (const env of ENVIRONMENTS) {
      expect(deploy.jobs[env.name]).toMatchObject({ uses: './.github/workflows/deploy-environment.yml', with: { environment: env.name } });
    }
  });
});

describe('deploy-environment.yml', () => {
  test('is only called, and runs its job in the GitHub environment it is given', () => {
    expect(Object.keys(deployEnvironment.on)).toEqual(['workflow_call']);
    expect(deployEnvironment.on.workflow_call.inputs.environment).toMatchObject({ type: 'string', required: true });
    expect(deployJob.environment).toBe('${{ inputs.environment }}');
  });

  test('one deployment per environment at a time, never cancelling one under way', () => {
    expect(deployJob.concurrency).toEqual({ group: 'deploy-${{ inputs.environment }}', 'cancel-in-progress': false });
  });

  test('assumes the role from config through OIDC, with no stored keys', () => {
    const credentials = deployJob.steps.find((step: any) => String(step.uses).startsWith('aws-actions/configure-aws-credentials@'));
    expect(credentials.uses).toMatch(/^aws-actions\/configure-aws-credentials@[0-9a-f]{40}$/);
    expect(credentials.with).toMatchObject({
      'role-to-assume': '${{ steps.target.outputs.role-arn }}',
      'aws-region': '${{ steps.target.outputs.region }}',
      'allowed-account-ids': '${{ steps.target.outputs.account }}',
    });
    expect(Object.keys(credentials.with)).not.toEqual(expect.arrayContaining(['aws-access-key-id']));
    expect(Object.keys(credentials.with)).not.toEqual(expect.arrayContaining(['aws-secret-access-key']));
    const target = deployJob.steps.find((step: any) => step.id === 'target');
    expect(target.run).toContain('npm run --silent deploy-target -- --env "$ENVIRONMENT"');
    expect(target.run).toContain('$GITHUB_OUTPUT');
  });

  test('preflight, then the review against the last deployment, then credentials, diff and deploy', () => {
    const preflight = stepIndex((step) => /npm run (--if-present )?preflight/.test(step.run ?? ''));
    const review = stepIndex((step) => /npm run review -- --base "\$last" --env "\$ENVIRONMENT"/.test(step.run ?? ''));
    const credentials = stepIndex((step) => String(step.uses).startsWith('aws-actions/configure-aws-credentials@'));
    const diff = stepIndex((step) => (step.run ?? '').startsWith('npm run diff -- -c "env=$ENVIRONMENT" "$ENVIRONMENT/*"'));
    const deployStep = stepIndex((step) => (step.run ?? '').startsWith('npm run deploy -- -c "env=$ENVIRONMENT" "$ENVIRONMENT/*"'));
    expect([preflight, review, credentials, diff, deployStep].every((index) => index >= 0)).toBe(true);
    expect([preflight, review, credentials, diff, deployStep]).toEqual(
      [...[preflight, review, credentials, diff, deployStep]].sort((a, b) => a - b),
    );
    expect(deployStep).toBe(deployJob.steps.length - 1);
  });

  test('the review reads the last successful deployment of this environment from GitHub, and fails the job when refused', () => {
    const review = deployJob.steps[stepIndex((step) => /npm run review/.test(step.run ?? ''))];
    expect(review.run).toContain('deployments?environment=$ENVIRONMENT');
    expect(review.run).toContain('[ "$state" = success ]');
    expect(review.run).toContain('exit "$status"');
    expect(review.env).toEqual({ GH_TOKEN: '${{ github.token }}' });
  });

  describe('the last-deployment lookup, run with stand-ins for gh and npm', () => {
    const script = deployJob.steps[stepIndex((step) => /npm run review/.test(step.run ?? ''))].run;
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'deploy-review-'));
      mkdirSync(join(dir, 'bin'));
      mkdirSync(join(dir, 'review'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    /** gh answers from `deployments` (newest first, as "id sha") and `states` (by id); npm records its arguments. */
    function runLookup(deployments: string, states: Record<string, string>, reviewStatus = 0) {
      const stub = (name: string, body: string) => writeFileSync(join(dir, 'bin', name), `#!/usr/bin/env bash\n${body}\n`, { mode: 0o755 });
      stub(
        'gh',
        [
          'case "$2" in',
          `  *"deployments?environment=dev"*) printf '%b' ${JSON.stringify(deployments)} ;;`,
          ...Object.entries(states).map(([id, state]) => `  */deployments/${id}/statuses*) echo ${state} ;;`),
          '  *) exit 3 ;;',
          'esac',
        ].join('\n'),
      );
      stub('npm', `echo "$*" >> "${dir}/npm-calls"; echo report > review/dev.md; exit ${reviewStatus}`);
      const result = spawnSync('bash', ['-c', script], {
        cwd: dir,
        encoding: 'utf8',
        env: {
          PATH: `${join(dir, 'bin')}:${process.env.PATH}`,
          ENVIRONMENT: 'dev',
          GITHUB_REPOSITORY: 'acme/eks-platform',
          GITHUB_SHA: 'current',
          GITHUB_STEP_SUMMARY: join(dir, 'summary'),
        },
      });
      const npmCalls = existsSync(join(dir, 'npm-calls')) ? readFileSync(join(dir, 'npm-calls'), 'utf8').trim() : '';
      return {
        status: result.status,
        npmCalls,
        summary: existsSync(join(dir, 'summary')) ? readFileSync(join(dir, 'summary'), 'utf8') : '',
      };
    }

    test('reviews against the newest deployment whose latest status is success', () => {
      const outcome = runLookup('30 c3\n20 c2\n10 c1\n', { '30': 'failure', '20': 'success', '10': 'success' });
      expect(outcome).toEqual({ status: 0, npmCalls: 'run review -- --base c2 --env dev', summary: 'report\n' });
    });

    test('a first deployment has nothing to review against, and says so', () => {
      const outcome = runLookup('', {});
      expect(outcome).toEqual({ status: 0, npmCalls: '', summary: 'First deployment of dev: nothing deployed to review against.\n' });
    });

    test('a refused review fails the step, after putting the report in the summary', () => {
      const outcome = runLookup('20 c2\n', { '20': 'success' }, 1);
      expect(outcome).toEqual({ status: 1, npmCalls: 'run review -- --base c2 --env dev', summary: 'report\n' });
    });

    test('a failing GitHub API fails the step instead of passing as a first deployment', () => {
      writeFileSync(join(dir, 'bin', 'gh'), '#!/usr/bin/env bash\nexit 1\n', { mode: 0o755 });
      const result = spawnSync('bash', ['-c', script], {
        cwd: dir,
        encoding: 'utf8',
        env: { PATH: `${join(dir, 'bin')}:${process.env.PATH}`, ENVIRONMENT: 'dev' },
      });
      expect(result.status).not.toBe(0);
    });
  });

  test('the CLI does not wait for a terminal: the GitHub environment is the approval', () => {
    expect(deployJob.steps.at(-1).run).toContain('--require-approval never');
  });
});

describe('permissions', () => {
  test('workflows grant nothing by default (deploy) or read-only contents', () => {
    expect(deploy.permissions).toEqual({});
    expect(deployEnvironment.permissions).toEqual({});
    expect(workflows.get('pull-request.yml').permissions).toEqual({ contents: 'read' });
    expect(workflows.get('ci.yml').permissions).toEqual({ contents: 'read' });
  });

  test('id-token: write only in the jobs that deploy', () => {
    const withIdToken = permissionBlocks()
      .filter(([, permissions]) => typeof permissions === 'object' && permissions['id-token'] === 'write')
      .map(([where]) => where);
    const deployJobs = ENVIRONMENTS.map((env) => `deploy.yml#${env.name}`);
    expect(withIdToken.sort()).toEqual(['deploy-environment.yml#deploy', ...deployJobs].sort());
    expect(permissionBlocks().filter(([, permissions]) => typeof permissions === 'string')).toEqual([]); // no read-all/write-all
  });
});

describe('no secrets in plain text', () => {
  const texts = workflowFiles.map((file) => [file, readRepoFile(`${WORKFLOW_DIR}/${file}`)] as const);

  test.each(texts)('%s uses no stored secrets and no AWS keys', (_, text) => {
    expect(text).not.toMatch(/\$\{\{\s*secrets\./);
    expect(text).not.toMatch(/aws-(access-key-id|secret-access-key|session-token)/);
    expect(text).not.toMatch(/\b(AKIA|ASIA)[A-Z0-9]{16}\b/);
    expect(text).not.toMatch(/arn:aws[a-z-]*:iam::\d{12}:role\//);
  });

  test.each(workflowFiles)('%s never splices author-written text into a script', (file) => {
    const runs = Object.values<any>(workflows.get(file).jobs).flatMap((job) => (job.steps ?? []).map((step: any) => step.run ?? ''));
    for (const run of runs)
      expect(run).not.toMatch(/\$\{\{\s*github\.(head_ref|event\.pull_request\.(body|title|head\.ref)|event\.head_commit)/);
  });

  test.each(['ci.yml', 'deploy-environment.yml', 'pull-request.yml'])('%s pins every action by commit', (file) => {
    const uses = Object.values<any>(workflows.get(file).jobs).flatMap((job) =>
      (job.steps ?? []).map((step: any) => step.uses).filter(Boolean),
    );
    expect(uses.length).toBeGreaterThan(0);
    for (const action of uses) expect(action).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
  });
});

describe('the same commands everywhere', () => {
  test.each([...workflowFiles.map((file) => `${WORKFLOW_DIR}/${file}`), '.ci/run'])('every npm script %s runs exists', (path) => {
    for (const script of npmScriptsRun(readRepoFile(path))) expect(NPM_SCRIPTS).toContain(script);
  });

  test('ci.yml checks what .ci/run checks, in the same order', () => {
    const ciSteps = workflows
      .get('ci.yml')
      .jobs.check.steps.map((step: any) => step.run)
      .filter((run: unknown) => typeof run === 'string' && /^npm (ci|run|test)/.test(run));
    const ciRun = readRepoFile('.ci/run')
      .split('\n')
      .filter((line) => /^npm (ci|run|test)/.test(line))
      .map((line) => line.replace(/\s+#.*$/, ''));
    expect(ciSteps).toEqual(ciRun);
  });

  test('every job installs Node from .nvmrc', () => {
    const setups = [...workflows.values()].flatMap((workflow) =>
      Object.values<any>(workflow.jobs).flatMap((job) =>
        (job.steps ?? []).filter((step: any) => String(step.uses).startsWith('actions/setup-node@')),
      ),
    );
    expect(setups.length).toBeGreaterThanOrEqual(3);
    for (const setup of setups) expect(setup.with).toEqual({ 'node-version-file': '.nvmrc', cache: 'npm' });
  });
});

describe('pull-request.yml rules', () => {
  const rules = workflows.get('pull-request.yml').jobs.rules.steps;
  const run = (name: string, env: Record<string, string>) => {
    const step = rules.find((candidate: any) => candidate.name === name);
    return spawnSync('bash', ['-e', '-c', step.run], { env: { PATH: process.env.PATH, ...env }, encoding: 'utf8' });
  };

  test.each([
    ['feat/42-karpenter-pools', 0],
    ['fix/7-aws-auth', 0],
    ['docs/18-contributing', 0],
    ['dependabot/npm_and_yarn/aws-cdk-lib-2.300.0', 0],
    ['karpenter-pools', 1],
    ['feat/karpenter-pools', 1],
    ['feature/42-karpenter', 1],
    ['feat/42-Karpenter_Pools', 1],
    ['feat/42-', 1],
    ['main', 1],
  ])('branch %s: exit %d', (branch, status) => {
    const result = run('Branch name follows the convention', { BRANCH: branch });
    expect(result.status).toBe(status);
    if (status !== 0) expect(result.stdout).toContain('::error::branch');
  });

  test.each([
    ['Closes #42', 0],
    ['## Work item\n\nRefs: #18 (the dev workflow)', 0],
    ['fixes acme/platform#7', 0],
    ['Part of https://github.com/acme/platform/issues/12', 0],
    ['**Work item:** PLAT-123', 0],
    ['Resolves #', 1],
    ['see issue 42', 1],
    ['Work item: <!-- link -->', 1],
    ['', 1],
    ['Closes #42 `; rm -rf / #` $(echo injected)', 0],
  ])('description %j: exit %d', (body, status) => {
    const result = run('Description links a work item', { BODY: body });
    expect(result.status).toBe(status);
    if (status !== 0) expect(result.stdout).toContain('::error::the description links no work item');
  });

  test('the template as it comes is refused; with its issue number filled in, accepted', () => {
    const template = readRepoFile('.github/pull_request_template.md');
    expect(run('Description links a work item', { BODY: template }).status).toBe(1);
    expect(run('Description links a work item', { BODY: template.replace('Closes #<!--', 'Closes #42 <!--') }).status).toBe(0);
  });

  test('the pull request’s own commits are scanned for secrets, from the base of the pull request', () => {
    const secrets = workflows.get('pull-request.yml').jobs.secrets;
    expect(secrets.steps[0].with).toMatchObject({ ref: '${{ github.event.pull_request.head.sha }}', 'fetch-depth': 0 });
    expect(secrets.steps.at(-1)).toMatchObject({
      env: { BASE_SHA: '${{ github.event.pull_request.base.sha }}' },
      run: 'npm run lint:secrets:commits -- --base "$BASE_SHA"',
    });
  });

  test('Dependabot, whose branches the convention admits, need not link a work item', () => {
    const step = rules.find((candidate: any) => candidate.name === 'Description links a work item');
    expect(step.if).toBe("github.event.pull_request.user.login != 'dependabot[bot]'");
  });

  test('runs again when the description is edited', () => {
    expect(workflows.get('pull-request.yml').on.pull_request.types).toEqual(
      expect.arrayContaining(['opened', 'edited', 'synchronize', 'reopened']),
    );
  });
});

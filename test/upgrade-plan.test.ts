import { typescriptCommand } from '../tools/typescript-runner';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ENVIRONMENTS } from '../lib/config/environments';
import { parseEnvironment, parseEnvironments } from '../lib/config/parse';
import { kubernetesRelease } from '../lib/config/version-matrix';
import { failed } from '../lib/upgrade/finding';
import { planUpgrade } from '../lib/upgrade/plan';
import type { SourcedObject } from '../lib/upgrade/removed-apis';
import { renderPlan } from '../lib/upgrade/report';
import { environmentSupportFindings } from '../lib/upgrade/support-window';
import { appliedManifests } from '../tools/review/kubernetes-objects';
import { devFixture, FIXTURES, prodFixture } from './fixtures/environments';
import { synthEnvironment } from './helpers/synth';

const REPO_ROOT = join(__dirname, '..');
const current = kubernetesRelease('1.35');
const target = kubernetesRelease('1.36');

describe('every cluster carries an explicit support type (upgrade policy)', () => {
  test.each(FIXTURES.map((fixture) => [fixture.name, fixture] as const))(
    '%s: from config, STANDARD unless it chose EXTENDED',
    (_, fixture) => {
      expect(parseEnvironment(fixture).cluster.supportType).toBe(fixture === prodFixture ? 'EXTENDED' : 'STANDARD');
    },
  );

  test('a support type EKS does not know is refused naming the field', () => {
    expect(() => parseEnvironment({ ...devFixture, cluster: { ...devFixture.cluster, supportType: 'FOREVER' as never } })).toThrow(
      /fx-dev\.cluster\.supportType/,
    );
  });
});

describe('upgrade plan of fx-dev, 1.35 -> 1.36, over what the platform applies', () => {
  const environment = parseEnvironment(devFixture);
  const { cluster } = synthEnvironment(devFixture);
  const objects: SourcedObject[] = appliedManifests('Cluster', cluster.toJSON() as never).flatMap((manifest) =>
    [...manifest.objects.values()].map((object) => ({
      source: `Cluster/${manifest.logicalId}`,
      object: object as SourcedObject['object'],
    })),
  );
  const plan = (extra: SourcedObject[] = [], today = '2026-11-25') =>
    planUpgrade({ environment, current, target, objects: [...objects, ...extra], charts: [], today });

  test('the cluster template sets the upgrade policy from config', () => {
    cluster.hasResourceProperties('AWS::EKS::Cluster', { UpgradePolicy: { SupportType: 'STANDARD' } });
  });

  test('the authored manifests pass: ready, and the plan lists the changes the version matrix makes', () => {
    const result = plan();
    expect(result.checkedObjects).toBeGreaterThan(20);
    expect(result.findings.filter((finding) => finding.severity !== 'ok')).toEqual([]);
    expect(result.ready).toBe(true);
    expect(result.changes[0]).toEqual({ what: 'EKS control plane', from: '1.35', to: '1.36' });
    expect(result.changes).toContainEqual({ what: 'add-on kube-proxy', from: 'v1.35.3-eksbuild.29', to: 'v1.36.0-eksbuild.45' });
    expect(result.changes).toContainEqual({
      what: 'kubectl/Helm layer',
      from: '@aws-cdk/lambda-layer-kubectl-v35',
      to: '@aws-cdk/lambda-layer-kubectl-v36',
    });
    expect(result.nodeDrift).toEqual([
      expect.stringMatching(/^NodePool general-purpose: .*al2023@v20260930.*budgets: 50% of nodes at a time$/),
    ]);
    expect(result.irreversible[0]).toContain('cannot go back to 1.35');
  });

  test('a deliberately removed API blocks the plan, naming the object and its source', () => {
    const legacy: SourcedObject = {
      source: 'fixture manifest',
      object: {
        apiVersion: 'policy/v1beta1',
        kind: 'PodDisruptionBudget',
        metadata: { name: 'legacy', namespace: 'team-a' },
        spec: { minAvailable: 1 },
      },
    };
    const result = plan([legacy]);
    expect(result.ready).toBe(false);
    expect(result.findings.filter((finding) => finding.severity === 'fail')).toEqual([
      expect.objectContaining({ check: 'removed-api', subject: 'PodDisruptionBudget team-a/legacy (fixture manifest)' }),
    ]);
    expect(renderPlan(result)).toMatch(/^Upgrade plan: fx-dev, Kubernetes 1.35 -> 1.36: BLOCKED/);
    expect(renderPlan(result)).toContain('FAIL removed-api: PodDisruptionBudget team-a/legacy (fixture manifest)');
  });

  test('planning after the target left standard support blocks a STANDARD environment', () => {
    expect(failed(plan([], '2027-08-02').findings)).toBe(true);
  });
});

/** Runs a tool as npm would; slow (a tsx start each), so few. */
const run = (tool: string, args: string[]) => spawnSync(...typescriptCommand(tool, ...args), { cwd: REPO_ROOT, encoding: 'utf8' });

describe('the command lines', () => {
  test.each([
    [['--env', 'nope', '--to', '1.36'], 'unknown environment "nope"'],
    [['--env', ENVIRONMENTS[0].name, '--to', '1.37'], '1.37'],
  ])('upgrade-plan %j exits 2 with one line', (args, message) => {
    const result = run('tools/upgrade-plan.ts', args);
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringContaining(message)]);
  });

  test('preflight exits 1 once every environment has left support, and as its findings say today', () => {
    expect(run('tools/preflight.ts', ['--today', '2099-01-01']).status).toBe(1);
    const today = '2026-11-25';
    const expected = failed(environmentSupportFindings(parseEnvironments(ENVIRONMENTS), today)) ? 1 : 0;
    const result = run('tools/preflight.ts', ['--today', today]);
    expect(result.status).toBe(expected);
    expect(result.stdout.split('\n').filter((line) => line.includes('support-window'))).toHaveLength(ENVIRONMENTS.length);
  });
});

import { KUBERNETES_RELEASES, kubernetesRelease } from '../lib/config/version-matrix';
import type { KubernetesRelease } from '../lib/config/version-matrix';
import { chartRangeFindings, karpenterFinding, matrixFindings } from '../lib/upgrade/compatibility';
import { drainBlockingPdbFindings } from '../lib/upgrade/drain-blocking-pdbs';
import { parseMinorVersion } from '../lib/upgrade/kubernetes-version';
import { upgradeStep } from '../lib/upgrade/refusal';
import type { SourcedObject } from '../lib/upgrade/removed-apis';
import { REMOVED_APIS, removedApiFindings } from '../lib/upgrade/removed-apis';
import { supportWindowFinding } from '../lib/upgrade/support-window';

const v135 = kubernetesRelease('1.35');
const v136 = kubernetesRelease('1.36');

describe('the version matrix: support window and Karpenter minimum', () => {
  test('1.35 and 1.36 carry the EKS calendar dates', () => {
    expect(v135.support).toEqual({ released: '2026-01-27', endOfStandardSupport: '2027-03-27', endOfExtendedSupport: '2028-03-27' });
    expect(v136.support).toEqual({ released: '2026-06-02', endOfStandardSupport: '2027-08-02', endOfExtendedSupport: '2028-08-02' });
    expect([v135.minimumKarpenterVersion, v136.minimumKarpenterVersion]).toEqual(['1.9.0', '1.13.0']);
  });

  test.each(KUBERNETES_RELEASES.map((release) => [release.kubernetesVersion, release] as const))(
    '%s: released < end of standard < end of extended, standard support 14 months, extended 12 more',
    (_, release) => {
      const { released, endOfStandardSupport, endOfExtendedSupport } = release.support;
      const months = (from: string, to: string) =>
        (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7));
      expect(months(released, endOfStandardSupport)).toBe(14);
      expect(months(endOfStandardSupport, endOfExtendedSupport)).toBe(12);
    },
  );

  test('the pinned Karpenter chart meets every version minimum', () => {
    for (const release of KUBERNETES_RELEASES) expect(karpenterFinding(release.helmCharts.karpenter.version, release).severity).toBe('ok');
  });
});

describe('parseMinorVersion', () => {
  test.each([
    ['1.36', { major: 1, minor: 36 }],
    ['1.4', { major: 1, minor: 4 }],
    ['1.36.1', undefined],
    ['v1.36', undefined],
    ['1', undefined],
    ['', undefined],
  ])('%j -> %j', (text, expected) => expect(parseMinorVersion(text)).toEqual(expected));
});

describe('upgradeStep: one minor version, in the matrix', () => {
  test.each([
    ['1.36', true, ''],
    ['1.37', false, 'skips a minor version'],
    ['1.35', false, 'already runs Kubernetes 1.35'],
    ['1.34', false, 'EKS never downgrades'],
    ['2.0', false, 'skips a minor version'],
    ['1.36.0', false, 'not a Kubernetes minor version'],
    ['latest', false, 'not a Kubernetes minor version'],
  ])('1.35 --to %s: ok %s', (to, ok, reason) => {
    const step = upgradeStep('fx-dev', '1.35', to);
    expect(step.ok).toBe(ok);
    if (!step.ok) expect(step.reason).toContain(reason);
    else expect([step.current.kubernetesVersion, step.target.kubernetesVersion]).toEqual(['1.35', '1.36']);
  });

  test('the next minor version that the matrix lacks is refused as such', () => {
    const step = upgradeStep('fx-dev', '1.36', '1.37');
    expect(step).toEqual({
      ok: false,
      reason: expect.stringContaining('Kubernetes 1.37 is not in the version matrix (lib/config/version-matrix.ts has 1.35, 1.36)'),
    });
  });
});

describe('supportWindowFinding', () => {
  const window = v135.support; // standard to 2027-03-27, extended to 2028-03-27
  test.each([
    ['2026-06-01', 'STANDARD', 'ok', 'standard support until 2027-03-27 (299 days)'],
    ['2026-12-26', 'STANDARD', 'ok', '(91 days)'],
    ['2026-12-27', 'STANDARD', 'warn', 'in 90 days; then EKS upgrades the control plane itself'],
    ['2026-12-27', 'EXTENDED', 'warn', 'in 90 days; then extended support is billed'],
    ['2027-03-26', 'STANDARD', 'warn', 'in 1 days'],
    ['2027-03-27', 'STANDARD', 'fail', 'standard support ended on 2027-03-27 and cluster.supportType is STANDARD'],
    ['2027-03-27', 'EXTENDED', 'warn', 'in extended support since 2027-03-27'],
    ['2028-03-26', 'EXTENDED', 'warn', '1 days left'],
    ['2028-03-27', 'EXTENDED', 'fail', 'extended support ended on 2028-03-27'],
    ['2029-01-01', 'STANDARD', 'fail', 'extended support ended'],
  ] as const)('on %s with %s: %s', (today, supportType, severity, message) => {
    const finding = supportWindowFinding({ environment: 'fx-dev', kubernetesVersion: '1.35', supportType, support: window, today });
    expect(finding).toEqual({
      severity,
      check: 'support-window',
      subject: 'fx-dev (Kubernetes 1.35)',
      message: expect.stringContaining(message),
    });
  });
});

const sourced = (object: Record<string, unknown>, source = 'fixture'): SourcedObject => ({
  source,
  object: object as SourcedObject['object'],
});

describe('removedApiFindings', () => {
  test('the table names its versions as major.minor and each apiVersion/kind once per version', () => {
    const keys = REMOVED_APIS.flatMap((change) => change.kinds.map((kind) => `${change.apiVersion} ${kind} ${change.since}`));
    expect(new Set(keys).size).toBe(keys.length);
    for (const change of REMOVED_APIS) expect(parseMinorVersion(change.since)).toBeDefined();
  });

  test.each([
    ['policy/v1beta1', 'PodDisruptionBudget', '1.36', 'fail', 'not served since Kubernetes 1.25; use policy/v1'],
    ['policy/v1', 'PodDisruptionBudget', '1.36', undefined, ''],
    ['flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema', '1.32', 'fail', 'since Kubernetes 1.32'],
    ['flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema', '1.31', undefined, ''],
    ['networking.k8s.io/v1beta1', 'Ingress', '1.35', 'fail', 'use networking.k8s.io/v1'],
    ['v1', 'Endpoints', '1.36', 'warn', 'deprecated since Kubernetes 1.33'],
    ['v1', 'Endpoints', '1.32', undefined, ''],
    ['storage.k8s.io/v1beta1', 'StorageClass', '1.36', 'fail', 'since Kubernetes 1.22'],
    ['storage.k8s.io/v1', 'StorageClass', '1.36', undefined, ''],
  ])('%s %s on %s: %s', (apiVersion, kind, target, severity, message) => {
    const findings = removedApiFindings(
      [sourced({ apiVersion, kind, metadata: { name: 'x', namespace: 'team-a' } }, 'chart demo 1.0.0')],
      parseMinorVersion(target)!,
    );
    if (severity === undefined) expect(findings).toEqual([]);
    else
      expect(findings).toEqual([
        { severity, check: expect.any(String), subject: `${kind} team-a/x (chart demo 1.0.0)`, message: expect.stringContaining(message) },
      ]);
  });
});

describe('drainBlockingPdbFindings', () => {
  const deployment = (replicas: number | undefined) =>
    sourced({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'ns' },
      spec: { replicas, template: { metadata: { labels: { app: 'web', tier: 'x' } } } },
    });
  const pdb = (spec: Record<string, unknown>, matchLabels: Record<string, string> = { app: 'web' }) =>
    sourced({
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'web', namespace: 'ns' },
      spec: { ...spec, selector: { matchLabels } },
    });

  test.each([
    [{ maxUnavailable: 0 }, 2, 'maxUnavailable is 0'],
    [{ maxUnavailable: '0%' }, 3, 'maxUnavailable is "0%"'],
    [{ minAvailable: '100%' }, 3, 'minAvailable is "100%"'],
    [{ minAvailable: 2 }, 2, 'minAvailable 2 with 2 replicas'],
    [{ minAvailable: 1 }, undefined, 'minAvailable 1 with 1 replica'],
    [{ minAvailable: 1 }, 2, undefined],
    [{ maxUnavailable: 1 }, 1, undefined],
    [{ minAvailable: '50%' }, 2, undefined],
  ])('%j over %s replicas: %s', (spec, replicas, reason) => {
    const findings = drainBlockingPdbFindings([deployment(replicas), pdb(spec)]);
    if (reason === undefined) expect(findings).toEqual([]);
    else
      expect(findings).toEqual([
        {
          severity: 'fail',
          check: 'drain-blocking-pdb',
          subject: 'PodDisruptionBudget ns/web (fixture)',
          message: expect.stringContaining(reason),
        },
      ]);
  });

  test('a minAvailable budget over no workload it can see is not judged by replicas', () => {
    expect(drainBlockingPdbFindings([deployment(2), pdb({ minAvailable: 5 }, { app: 'other' })])).toEqual([]);
  });
});

describe('matrixFindings, karpenterFinding, chartRangeFindings', () => {
  test('1.35 -> 1.36: every add-on has a build, and the kubectl layer moves to v36', () => {
    const findings = matrixFindings(v135, v136);
    expect(findings).toHaveLength(Object.keys(v135.addons).length + 1);
    expect(findings.every((finding) => finding.severity === 'ok')).toBe(true);
    expect(findings.find((finding) => finding.subject === 'coredns')?.message).toBe('v1.14.6-eksbuild.4 -> v1.14.7-eksbuild.11');
    expect(findings.at(-1)?.message).toBe('@aws-cdk/lambda-layer-kubectl-v35 -> @aws-cdk/lambda-layer-kubectl-v36');
  });

  test('a target without a build of an add-on, or without a kubectl layer, fails naming them', () => {
    const { coredns: _, ...addons } = v136.addons;
    const broken = { ...v136, addons, kubectlLayerPackage: '' } as unknown as KubernetesRelease;
    const failures = matrixFindings(v135, broken).filter((finding) => finding.severity === 'fail');
    expect(failures.map((finding) => finding.subject)).toEqual(['coredns', 'kubectl layer']);
  });

  test.each([
    ['1.8.2', '1.35', 'fail'],
    ['1.9.0', '1.35', 'ok'],
    ['1.12.0', '1.36', 'fail'],
    ['1.13.0', '1.36', 'ok'],
    ['1.14.1', '1.36', 'ok'],
  ])('Karpenter %s on Kubernetes %s: %s', (version, kubernetes, severity) => {
    expect(karpenterFinding(version, kubernetesRelease(kubernetes)).severity).toBe(severity);
  });

  test.each([
    ['>=1.25.0-0', 'ok'],
    ['>= 1.19.0-0', 'ok'],
    ['>=v1.23.0-0', 'ok'],
    ['>=1.21.0-0 <1.36.0-0', 'fail'],
    ['<=1.35.x', 'fail'],
    [undefined, 'ok'],
  ])('kubeVersion %s on 1.36: %s', (kubeVersion, severity) => {
    const [finding] = chartRangeFindings([{ chart: 'demo', version: '1.0.0', kubeVersion }], '1.36');
    expect(finding).toMatchObject({ severity, check: 'chart-range', subject: 'demo 1.0.0' });
  });
});

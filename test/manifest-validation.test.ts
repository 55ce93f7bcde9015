import { ENVIRONMENTS } from '../lib/config/environments';
import { devFixture as dev } from './fixtures/environments';
import { appliedObjects, isWorkload, schemaProblems, workloadProblems } from './helpers/manifests';
import { resourcesOfType } from './helpers/synth';
import { helmValues } from './helpers/cfn';
import { synthEnvironment } from './helpers/synth';

/**
 * Every Kubernetes object the app applies through the kubectl provider, in every environment,
 * validated against the Kubernetes schemas (kubernetes-models) and the CRD schemas extracted by
 * tools/import-crds.sh. Deploy-time values (ARNs) are placeholders here.
 */
const NO_PUBLISHED_SCHEMA = new Set(['snapshot.storage.k8s.io/v1 VolumeSnapshotClass']); // asserted field by field in cluster-platform.test.ts

describe.each(ENVIRONMENTS.map((env) => [env.name, env] as const))('%s', (_, input) => {
  const template = synthEnvironment(input).cluster;
  const objects = appliedObjects(template);

  test('every workload we apply meets the workload rules', () => {
    expect(objects.filter(({ object }) => isWorkload(object)).flatMap(({ object }) => workloadProblems(object))).toEqual([]);
  });

  test('every Helm release we configure sets requests and limits for its pods', () => {
    const releases = Object.fromEntries(
      resourcesOfType(template, 'Custom::AWSCDK-EKS-HelmChart').map(([, release]) => [release.Release, helmValues(release)]),
    );
    const sized = (resources: any) => Boolean(resources?.requests?.cpu && resources?.requests?.memory && resources?.limits?.memory);
    expect(sized(releases['aws-load-balancer-controller'].resources)).toBe(true);
    expect(sized(releases.karpenter.controller.resources)).toBe(true);
    const stack = releases['kube-prometheus-stack'];
    for (const component of [
      stack.prometheus.prometheusSpec,
      stack.alertmanager.alertmanagerSpec,
      stack.grafana,
      stack.prometheusOperator,
      stack['kube-state-metrics'],
      stack['prometheus-node-exporter'],
    ])
      expect(sized(component.resources)).toBe(true);
    if (releases['external-dns']) expect(sized(releases['external-dns'].resources)).toBe(true);
  });

  test('every applied object validates against its schema', () => {
    const problems = objects
      .filter(({ object }) => !NO_PUBLISHED_SCHEMA.has(`${object.apiVersion} ${object.kind}`))
      .flatMap(({ object }) =>
        schemaProblems(object).map((problem) => `${object.kind} ${object.metadata.namespace ?? ''}/${object.metadata.name}: ${problem}`),
      );
    expect(problems).toEqual([]);
  });

  test('applies the objects the platform is made of', () => {
    const kinds = new Set(objects.map(({ object }) => object.kind));
    for (const kind of [
      'ConfigMap',
      'StorageClass',
      'VolumeSnapshotClass',
      'IngressClass',
      'IngressClassParams',
      'Namespace',
      'NetworkPolicy',
      'ResourceQuota',
      'LimitRange',
      'NodePool',
      'EC2NodeClass',
    ])
      expect(kinds).toContain(kind);
  });

  test('no object is applied twice', () => {
    const keys = objects.map(
      ({ object }) => `${object.apiVersion}/${object.kind}/${object.metadata.namespace ?? ''}/${object.metadata.name}`,
    );
    expect(keys.length).toBe(new Set(keys).size);
  });
});

test('an environment without team namespaces applies no empty manifest', () => {
  const adminsOnly = synthEnvironment({
    ...dev,
    access: { roles: [{ arn: 'arn:aws:iam::111111111111:role/PlatformAdmin', access: 'admin' }] },
  });
  const manifests = resourcesOfType(adminsOnly.cluster, 'Custom::AWSCDK-EKS-KubernetesResource');
  expect(manifests.map(([id]) => id).filter((id) => id.startsWith('Team'))).toEqual([]);
  const objects = appliedObjects(adminsOnly.cluster);
  for (const [id] of manifests) expect(objects.filter((object) => object.resource === id).length).toBeGreaterThan(0);
});

test('the workload rules catch each thing they check', () => {
  const deployment = (container: object) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'app' },
    spec: { template: { spec: { containers: [{ name: 'main', ...container }] } } },
  });
  const compliant = {
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
    readinessProbe: { httpGet: { path: '/ready', port: 8080 } },
    livenessProbe: { httpGet: { path: '/live', port: 8080 } },
    securityContext: { runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
  };
  expect(workloadProblems(deployment(compliant))).toEqual([]);
  expect(workloadProblems(deployment({}))).toEqual([
    'Deployment app, container main: no cpu request',
    'Deployment app, container main: no memory request',
    'Deployment app, container main: no memory limit',
    'Deployment app, container main: no readiness probe',
    'Deployment app, container main: no liveness probe',
    'Deployment app, container main: may run as root',
    'Deployment app, container main: writable root filesystem',
    'Deployment app, container main: privilege escalation allowed',
    'Deployment app, container main: capabilities not dropped',
  ]);
});

test('the validator rejects what the API server would', () => {
  expect(
    schemaProblems({
      apiVersion: 'karpenter.sh/v1',
      kind: 'NodePool',
      metadata: { name: 'x' },
      spec: { template: { spec: { requirements: [] } } },
    }),
  ).toEqual(["/spec/template/spec must have required property 'nodeClassRef'"]);
  expect(schemaProblems({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { count: 1 } })).toHaveLength(1);
  expect(
    schemaProblems({
      apiVersion: 'elbv2.k8s.aws/v1beta1',
      kind: 'IngressClassParams',
      metadata: { name: 'x' },
      spec: { scheme: 'public' },
    }),
  ).toEqual(['/spec/scheme must be equal to one of the allowed values']);
  expect(schemaProblems({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'x' } })).toEqual([
    'no schema for example.com/v1 Widget',
  ]);
});

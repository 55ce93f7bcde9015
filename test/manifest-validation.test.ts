import { ENVIRONMENTS } from '../lib/config/environments';
import { appliedObjects, schemaProblems } from './helpers/manifests';
import { synthEnvironment } from './helpers/synth';

/**
 * Every Kubernetes object the app applies through the kubectl provider, in every environment,
 * validated against the Kubernetes schemas (kubernetes-models) and the CRD schemas extracted by
 * tools/import-crds.sh. Deploy-time values (ARNs) are placeholders here.
 */
const NO_PUBLISHED_SCHEMA = new Set(['snapshot.storage.k8s.io/v1 VolumeSnapshotClass']); // asserted field by field in cluster-platform.test.ts

describe.each(ENVIRONMENTS.map((env) => [env.name, env] as const))('%s', (_, input) => {
  const objects = appliedObjects(synthEnvironment(input).cluster);

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

import { Template } from 'aws-cdk-lib/assertions';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { RETAINED_BECAUSE, retainedOnRemoval } from '../constructs/retained-on-removal';
import { appliedManifests, helmReleases } from '../tools/review/kubernetes-objects';
import { statefulChart, statefulObject } from '../tools/review/stateful';
import { bareClusterStack } from './helpers/bare-cluster';
import { FIXTURES } from './fixtures/environments';
import { synthEnvironment } from './helpers/synth';

/**
 * A config change never deletes data: every manifest or release holding something whose deletion
 * loses data is retained when it leaves the template, and retained manifests hold nothing else
 * (retaining them keeps everything in them). "Holds data" is the review's own judgement
 * (tools/review/stateful.ts), so the platform and its gate agree.
 */
describe.each(FIXTURES.map((fixture) => [fixture.name, fixture] as const))('%s', (_name, fixture) => {
  const template = synthEnvironment(fixture).cluster.toJSON();
  const manifests = appliedManifests('Cluster', template);
  const releases = helmReleases('Cluster', template);

  test('every manifest with stateful objects is retained, and holds only stateful objects', () => {
    const shapes = manifests.map((manifest) => {
      const kinds = [...manifest.objects.values()].map((object) => `${object.kind}${statefulObject(object) ? '' : ' (no data)'}`);
      return { id: manifest.logicalId.replace(/[0-9A-F]{8}$/, ''), retained: manifest.retained, kinds: [...new Set(kinds)].sort() };
    });
    for (const shape of shapes) {
      const stateful = shape.kinds.filter((kind) => !kind.endsWith('(no data)'));
      expect({ ...shape, retained: stateful.length > 0 }).toEqual(shape);
      if (shape.retained) expect(stateful).toEqual(shape.kinds);
    }
    expect(shapes.filter((shape) => shape.retained).map((shape) => shape.id)).toEqual(
      expect.arrayContaining(['StorageStorageClasses', 'PlatformNamespaces']),
    );
  });

  test('releases whose uninstall loses data are retained, and say why', () => {
    const retained = releases.filter((release) => release.retained);
    expect(retained.map((release) => release.chart).sort()).toEqual([
      'admission-controller',
      'external-secrets',
      'flux2',
      'karpenter-crd',
      'keda',
    ]);
    for (const release of releases) expect(release.retained).toBe(statefulChart(release.chart) !== undefined);
    for (const release of retained) expect(release.retainedBecause).toMatch(/\w+/);
  });

  test('retained resources are kept on replacement too, with their reason in the template', () => {
    const resources = Object.values(template.Resources) as { DeletionPolicy?: string; UpdateReplacePolicy?: string; Metadata?: any }[];
    const retained = resources.filter((resource) => resource.Metadata?.[RETAINED_BECAUSE]);
    expect(retained.length).toBe([...manifests, ...releases].filter((resource) => resource.retained).length);
    for (const resource of retained) expect(resource).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });
});

test('fixtures with team namespaces keep them in a retained manifest of their own, apart from their guard rails', () => {
  const template = synthEnvironment(FIXTURES[0]).cluster.toJSON();
  const byId = new Map(appliedManifests('Cluster', template).map((manifest) => [manifest.logicalId.replace(/[0-9A-F]{8}$/, ''), manifest]));
  expect([...byId.get('TeamNamespaces')!.objects.keys()]).toEqual(['Namespace team-a', 'Namespace team-b']);
  expect(byId.get('TeamNamespaces')!.retained).toBe(true);
  expect(byId.get('TeamGuardrails')!.retained).toBe(false);
  expect([...byId.get('TeamGuardrails')!.objects.keys()].some((key) => key.startsWith('Namespace '))).toBe(false);
});

test('retainedOnRemoval retains a manifest or a Helm release, not the handler around it', () => {
  const { stack, cluster } = bareClusterStack();
  retainedOnRemoval(new eks.KubernetesManifest(stack, 'Manifest', { cluster, manifest: [{ kind: 'Namespace' }] }), 'data');
  retainedOnRemoval(
    new eks.HelmChart(stack, 'Chart', { cluster, chart: 'c', repository: 'https://example.com', version: '1.0.0' }),
    'crds',
  );
  const template = Template.fromStack(stack);
  for (const type of ['Custom::AWSCDK-EKS-KubernetesResource', 'Custom::AWSCDK-EKS-HelmChart'])
    expect(Object.values(template.findResources(type))).toEqual([
      expect.objectContaining({
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Metadata: { [RETAINED_BECAUSE]: expect.any(String) },
      }),
    ]);
});

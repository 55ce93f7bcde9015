import type { AssemblyTemplates, Template } from '../tools/review/assembly';
import { unmatchedAllowances } from '../tools/review/allowances';
import { iamChanges } from '../tools/review/iam-changes';
import { resolveForDisplay } from '../tools/review/display';
import { immutableFieldChanges } from '../tools/review/immutable-fields';
import { changedLines, describeChange, propertyChanges } from '../tools/review/property-changes';
import { refusedBlockers, renderReport } from '../tools/review/report';
import { reviewEnvironment } from '../tools/review/review-environment';

/** Unit tests of the review's diff and report logic on small hand-written templates. */

type Resources = NonNullable<Template['Resources']>;
type Resource = Resources[string] & { DeletionPolicy?: string; Metadata?: Record<string, unknown> };

const assembly = (resources: Resources): AssemblyTemplates => new Map([['dev', new Map([['Cluster', { Resources: resources }]])]]);
const review = (base: Resources, head: Resources) => reviewEnvironment('dev', assembly(base), assembly(head));

const manifest = (objects: object[], options: { retained?: boolean; prune?: boolean } = {}): Resource => ({
  Type: 'Custom::AWSCDK-EKS-KubernetesResource',
  Properties: { Manifest: JSON.stringify(objects), ...(options.prune ? { PruneLabel: 'aws.cdk.eks/prune-x' } : {}) },
  ...(options.retained ? { DeletionPolicy: 'Retain', Metadata: { 'platform:retainedBecause': 'test data' } } : {}),
});
const namespace = (name: string) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
const quota = (namespace: string) => ({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'quota', namespace }, spec: {} });
const storageClass = (parameters: Record<string, string>) => ({
  apiVersion: 'storage.k8s.io/v1',
  kind: 'StorageClass',
  metadata: { name: 'gp3' },
  provisioner: 'ebs.csi.aws.com',
  reclaimPolicy: 'Delete',
  parameters,
});
const release = (chart: string, version: string, values: object, retained = false): Resource => ({
  Type: 'Custom::AWSCDK-EKS-HelmChart',
  Properties: { Release: chart, Namespace: 'monitoring', Chart: chart, Version: version, Values: JSON.stringify(values) },
  ...(retained ? { DeletionPolicy: 'Retain' } : {}),
});

describe('CloudFormation changes', () => {
  const nodes = (maxSize: number) => ({ Type: 'AWS::EKS::Nodegroup', Properties: { ScalingConfig: { MaxSize: maxSize } } });

  test('a modified resource shows each changed property, old and new, and is safe', () => {
    const result = review({ Nodes: nodes(3) }, { Nodes: nodes(6) });
    expect(result.stacks[0].resources).toEqual([
      expect.objectContaining({
        logicalId: 'Nodes',
        change: 'modified',
        properties: [{ path: 'Properties.ScalingConfig.MaxSize', before: 3, after: 6 }],
      }),
    ]);
    expect(result.blockers).toEqual([]);
    expect(renderReport(result, { base: 'main', head: 'HEAD', allowed: new Set() })).toContain(
      '`Properties.ScalingConfig.MaxSize: 3 -> 6`',
    );
  });

  test('replacing the VPC loses data; a retained log group dropped from the template is left in AWS', () => {
    const logs = { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: 'x' }, DeletionPolicy: 'Retain' } as Resource;
    const result = review(
      { Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } }, Logs: logs },
      { Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.1.0.0/16' } } },
    );
    expect(result.blockers).toEqual([
      expect.objectContaining({ id: 'dev/Cluster/Logs', kind: 'left in AWS' }),
      { id: 'dev/Cluster/Vpc', kind: 'loses data', what: 'Vpc (AWS::EC2::VPC) would be replaced: the VPC, and everything in it' },
    ]);
    expect(result.stacks[0].resources.find((resource) => resource.logicalId === 'Logs')?.change).toBe('left in AWS');
  });
});

describe('Kubernetes objects: deleted in the cluster or only dropped from the template', () => {
  test('a retained manifest that leaves the template leaves its objects in the cluster, and needs an allowance', () => {
    const result = review({ Namespaces: manifest([namespace('team-a')], { retained: true }), Guardrails: manifest([quota('team-a')]) }, {});
    expect(result.cluster.objects.map(({ key, fate }) => [key, fate])).toEqual([
      ['Namespace team-a', 'left in the cluster'],
      ['ResourceQuota team-a/quota', 'deleted in the cluster'],
    ]);
    // The quota holds no data: reported, not refused.
    expect(result.blockers).toEqual([
      expect.objectContaining({ id: 'dev/Cluster/Namespaces', kind: 'left in the cluster', what: expect.stringContaining('(test data)') }),
    ]);
    expect(result.stacks[0].resources.map(({ logicalId, change }) => [logicalId, change])).toEqual([
      ['Namespaces', 'left in the cluster'],
      ['Guardrails', 'removed'],
    ]);
  });

  test('a manifest that is not retained deletes its namespace: the review refuses it with the reason', () => {
    const result = review({ Namespaces: manifest([namespace('team-a')]) }, {});
    expect(result.blockers).toEqual([
      {
        id: 'dev/Namespace/team-a',
        kind: 'loses data',
        what: 'Namespace team-a would be deleted in the cluster (Namespaces leaves the template: kubectl delete): deleting a namespace deletes every object in it, PersistentVolumeClaims (and their EBS volumes) included',
      },
    ]);
  });

  test('an object dropped from a manifest that stays is pruned only when the manifest prunes', () => {
    const pvc = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data', namespace: 'a' }, spec: {} };
    const pruning = review({ M: manifest([pvc, namespace('a')], { prune: true }) }, { M: manifest([namespace('a')], { prune: true }) });
    expect(pruning.cluster.objects).toEqual([
      expect.objectContaining({ key: 'PersistentVolumeClaim a/data', fate: 'deleted in the cluster' }),
    ]);
    expect(pruning.blockers.map((blocker) => blocker.id)).toEqual(['dev/PersistentVolumeClaim/a/data']);

    const keeping = review({ M: manifest([pvc, namespace('a')]) }, { M: manifest([namespace('a')]) });
    expect(keeping.cluster.objects).toEqual([
      expect.objectContaining({
        key: 'PersistentVolumeClaim a/data',
        fate: 'left in the cluster',
        how: 'dropped from M, which does not prune',
      }),
    ]);
    expect(keeping.blockers).toEqual([
      {
        id: 'dev/PersistentVolumeClaim/a/data',
        kind: 'left in the cluster',
        what: 'PersistentVolumeClaim a/data is dropped from M, which does not prune: it stays in the cluster with its data, and nothing manages it any more',
      },
    ]);
    // Objects that hold no data are reported, not refused.
    expect(review({ M: manifest([quota('a'), namespace('a')]) }, { M: manifest([namespace('a')]) }).blockers).toEqual([]);
  });

  test('moving a namespace out of a retained manifest (a construct renamed) keeps it, and managed', () => {
    const result = review({ Old: manifest([namespace('a')], { retained: true }) }, { New: manifest([namespace('a')], { retained: true }) });
    expect(result.cluster.objects).toEqual([expect.objectContaining({ key: 'Namespace a', fate: 'moved to another manifest' })]);
    expect(result.blockers).toEqual([]);
  });

  test('moving a namespace out of a manifest that is then deleted deletes it after all', () => {
    const result = review({ Old: manifest([namespace('a')]) }, { New: manifest([namespace('a')], { retained: true }) });
    expect(result.cluster.objects).toEqual([expect.objectContaining({ key: 'Namespace a', fate: 'deleted in the cluster' })]);
    expect(result.blockers[0].what).toContain('retain Old first');
  });

  test('a workload that mounts claims, a CRD and an ACK resource are stateful; a ConfigMap and a Karpenter pool (compute) are not', () => {
    const objects = [
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'db', namespace: 'a' },
        spec: { template: { spec: { volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'd' } }] } } },
      },
      { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'x.example.com' } },
      { apiVersion: 'karpenter.sh/v1', kind: 'NodePool', metadata: { name: 'general' } },
      { apiVersion: 's3.services.k8s.aws/v1alpha1', kind: 'Bucket', metadata: { name: 'b', namespace: 'a' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'a' } },
    ];
    const result = review({ M: manifest(objects, { prune: true }) }, { M: manifest([], { prune: true }) });
    expect(result.blockers.map((blocker) => blocker.id)).toEqual([
      'dev/Bucket/a/b',
      'dev/CustomResourceDefinition/x.example.com',
      'dev/Deployment/a/db',
    ]);
  });
});

describe('fields Kubernetes cannot change in place', () => {
  test.each([
    ['StorageClass', { parameters: { type: 'gp3' } }, { parameters: { type: 'io2' } }, ['parameters']],
    ['StorageClass', { reclaimPolicy: 'Delete' }, { reclaimPolicy: 'Retain' }, ['reclaimPolicy']],
    [
      'Deployment',
      { spec: { selector: { matchLabels: { a: '1' } }, replicas: 1 } },
      { spec: { selector: { matchLabels: { a: '2' } } } },
      ['spec.selector'],
    ],
    ['StatefulSet', { spec: { serviceName: 'a' } }, { spec: { serviceName: 'b' } }, ['spec.serviceName']],
    ['Service', { spec: { clusterIP: '10.0.0.1' } }, { spec: { clusterIP: '10.0.0.2' } }, ['spec.clusterIP']],
    [
      'Job',
      { spec: { template: { spec: { restartPolicy: 'Never' } } } },
      { spec: { template: { spec: { restartPolicy: 'OnFailure' } } } },
      ['spec.template'],
    ],
    [
      'PersistentVolumeClaim',
      { spec: { storageClassName: 'gp3' } },
      { spec: { storageClassName: 'gp3-retain' } },
      ['spec.storageClassName'],
    ],
    ['RoleBinding', { roleRef: { name: 'view' } }, { roleRef: { name: 'edit' } }, ['roleRef']],
    [
      'PersistentVolumeClaim',
      { spec: { resources: { requests: { storage: '100Gi' } } } },
      { spec: { resources: { requests: { storage: '50Gi' } } } },
      ['spec.resources.requests.storage (a claim can only grow)'],
    ],
  ])('%s: %j -> %j changes %j', (kind, before, after, fields) => {
    expect(immutableFieldChanges({ kind, ...before }, { kind, ...after })?.fields).toEqual(fields);
  });

  test.each([
    ['StorageClass', { allowVolumeExpansion: false }, { allowVolumeExpansion: true }],
    ['Deployment', { spec: { replicas: 1 } }, { spec: { replicas: 3 } }],
    ['Service', { spec: { ports: [{ port: 80 }] } }, { spec: { ports: [{ port: 8080 }] } }],
    ['ConfigMap', { data: { a: '1' } }, { data: { a: '2' } }],
    [
      'PersistentVolumeClaim',
      { spec: { resources: { requests: { storage: '50Gi' } } } },
      { spec: { resources: { requests: { storage: '0.1Ti' } } } },
    ],
  ])('%s: %j -> %j is an update in place', (kind, before, after) => {
    expect(immutableFieldChanges({ kind, ...before }, { kind, ...after })).toBeUndefined();
  });

  test('a StorageClass parameter change cannot be applied: refused with the way out, and no allowance lets it through', () => {
    const result = review(
      { S: manifest([storageClass({ kmsKeyId: 'old' })], { retained: true }) },
      { S: manifest([storageClass({ kmsKeyId: 'new' })], { retained: true }) },
    );
    expect(result.blockers).toEqual([
      {
        id: 'dev/StorageClass/gp3',
        kind: 'cannot be applied',
        what: 'StorageClass gp3: Kubernetes refuses to change parameters of an existing StorageClass, so the deployment would fail',
        wayOut: expect.stringContaining('add a class under a new name'),
      },
    ]);
    const allowed = new Set(['dev/StorageClass/gp3']);
    expect(refusedBlockers(result, allowed)).toHaveLength(1);
    expect(unmatchedAllowances([...allowed], result.blockers, undefined)).toEqual([
      'dev/StorageClass/gp3: cannot be allowed, Kubernetes refuses the change whatever the review says',
    ]);
    const report = renderReport(result, { base: 'main', head: 'HEAD', allowed });
    expect(report).toContain('- **cannot be applied**: StorageClass gp3');
    expect(report).not.toContain('Review-allow');
    expect(report).toContain('`parameters.kmsKeyId: old -> new`');
  });
});

describe('Helm releases', () => {
  test('an upgrade shows the version and each changed value', () => {
    const result = review(
      { R: release('karpenter', '1.14.1', { replicas: 2, logLevel: 'info' }) },
      { R: release('karpenter', '1.15.0', { replicas: 2, logLevel: 'debug' }) },
    );
    expect(result.cluster.releases).toEqual([
      {
        key: 'monitoring/karpenter',
        fate: 'upgraded',
        chart: 'karpenter',
        version: { before: '1.14.1', after: '1.15.0' },
        values: [{ path: 'logLevel', before: 'info', after: 'debug' }],
      },
    ]);
    expect(result.blockers).toEqual([]);
  });

  test('a retained release is left installed; an unretained stateful chart is uninstalled and refused', () => {
    const retained = review({ R: release('kube-prometheus-stack', '1', {}, true) }, {});
    expect(retained.cluster.releases[0].fate).toBe('left in the cluster');
    expect(retained.blockers).toEqual([expect.objectContaining({ kind: 'left in the cluster', id: 'dev/Cluster/R' })]);

    const uninstalled = review({ R: release('karpenter-crd', '1', {}) }, {});
    expect(uninstalled.cluster.releases[0].fate).toBe('uninstalled');
    expect(uninstalled.blockers).toEqual([
      expect.objectContaining({
        kind: 'loses data',
        what: expect.stringContaining('it owns CRDs: uninstalling it deletes every object of their kinds'),
      }),
    ]);
    expect(review({ R: release('external-dns', '1', {}) }, {}).blockers).toEqual([]);
  });
});

describe('IAM, statement by statement', () => {
  const role = {
    Type: 'AWS::IAM::Role',
    Properties: { Description: 'Load balancer controller', AssumeRolePolicyDocument: { Statement: [] } },
  };
  const policy = (statements: object[], roles = ['Role']): Resource => ({
    Type: 'AWS::IAM::ManagedPolicy',
    Properties: { PolicyDocument: { Statement: statements }, Roles: roles.map((name) => ({ Ref: name })) },
  });
  const changes = (before: Resources, after: Resources) => iamChanges({ Resources: before }, { Resources: after });
  const describe = ['ec2:DescribeInstances'];

  test('a new action in a managed policy is an added grant of its role, and widens it', () => {
    const [change] = changes(
      { Role: role, P: policy([{ Effect: 'Allow', Action: describe, Resource: '*' }]) },
      { Role: role, P: policy([{ Effect: 'Allow', Action: [...describe, 'ec2:TerminateInstances'], Resource: '*' }]) },
    );
    expect(change).toMatchObject({ subject: 'Role', purpose: 'role: Load balancer controller', removed: [] });
    expect(change.added).toEqual([expect.objectContaining({ action: 'ec2:TerminateInstances', resource: '*', policy: 'P' })]);
    expect(change.widened).toEqual(change.added);
  });

  test('a dropped condition widens; an added condition narrows; a statement moved between policies is no change', () => {
    const conditioned = {
      Effect: 'Allow',
      Action: 'ec2:DeleteTags',
      Resource: '*',
      Condition: { Null: { 'aws:ResourceTag/owned': 'false' } },
    };
    const bare = { Effect: 'Allow', Action: 'ec2:DeleteTags', Resource: '*' };
    const dropped = changes({ Role: role, P: policy([conditioned]) }, { Role: role, P: policy([bare]) });
    expect(dropped[0].widened).toEqual([expect.objectContaining({ action: 'ec2:DeleteTags', condition: '' })]);
    const added = changes({ Role: role, P: policy([bare]) }, { Role: role, P: policy([conditioned]) });
    expect(added[0].widened).toEqual([]);
    expect(added[0].added).toHaveLength(1);
    expect(changes({ Role: role, P: policy([bare]), Q: policy([]) }, { Role: role, P: policy([]), Q: policy([bare]) })).toEqual([]);
  });

  test('a wider resource widens; a removed Deny widens; attaching a policy to another role grants that role', () => {
    const zone = (id: string) => `arn:aws:route53:::hostedzone/${id}`;
    const wider = changes(
      { Role: role, P: policy([{ Effect: 'Allow', Action: 'route53:ChangeResourceRecordSets', Resource: zone('A') }]) },
      { Role: role, P: policy([{ Effect: 'Allow', Action: 'route53:ChangeResourceRecordSets', Resource: [zone('A'), zone('B')] }]) },
    );
    expect(wider[0].widened.map((grant) => grant.resource)).toEqual([zone('B')]);
    const deny = changes({ Role: role, P: policy([{ Effect: 'Deny', Action: 'iam:*', Resource: '*' }]) }, { Role: role, P: policy([]) });
    expect(deny[0].widened).toEqual([expect.objectContaining({ effect: 'Deny', action: 'iam:*' })]);
    const attached = changes(
      { Role: role, Other: role, P: policy([{ Effect: 'Allow', Action: 'sqs:ReceiveMessage', Resource: '*' }]) },
      { Role: role, Other: role, P: policy([{ Effect: 'Allow', Action: 'sqs:ReceiveMessage', Resource: '*' }], ['Role', 'Other']) },
    );
    expect(attached.map((change) => [change.subject, change.added.length])).toEqual([['Other', 1]]);
  });

  test('the report puts widened grants at the top, before the cluster and CloudFormation sections', () => {
    const result = review(
      { Role: role, P: policy([{ Effect: 'Allow', Action: describe, Resource: '*' }]) },
      { Role: role, P: policy([{ Effect: 'Allow', Action: ['ec2:*'], Resource: '*' }]) },
    );
    const report = renderReport(result, { base: 'main', head: 'HEAD', allowed: new Set() });
    expect(report.indexOf('## Widened IAM grants')).toBeGreaterThan(0);
    expect(report.indexOf('## Widened IAM grants')).toBeLessThan(report.indexOf('## In the cluster'));
    expect(report).toContain('- **Role** (role: Load balancer controller):\n  - `Allow ec2:* on * (P)`');
    expect(report).toContain('  - removed: `Allow ec2:DescribeInstances on * (P)`');
  });
});

describe('allowances', () => {
  const blockers = review({ Namespaces: manifest([namespace('a')]) }, {}).blockers;

  test('an allowance must name a blocker of the reviewed diff exactly', () => {
    expect(unmatchedAllowances(['dev/Namespace/a'], blockers, undefined)).toEqual([]);
    expect(unmatchedAllowances(['dev/Namespace/b', 'a'], blockers, undefined)).toEqual([
      'dev/Namespace/b: names nothing this change would refuse',
      'a: names nothing this change would refuse',
    ]);
    // Reviewing one environment leaves the others' allowances to their own review.
    expect(unmatchedAllowances(['prod/Namespace/a'], blockers, 'dev')).toEqual([]);
  });

  test('an allowed blocker is listed as allowed and the verdict says so', () => {
    const report = renderReport(review({ Namespaces: manifest([namespace('a')]) }, {}), {
      base: 'main',
      head: 'HEAD',
      allowed: new Set(['dev/Namespace/a']),
    });
    expect(report).toContain('**Verdict: safe as allowed.** 1 change(s) below were allowed for this change.');
    expect(report).toContain('- (allowed) **loses data**: Namespace a would be deleted in the cluster');
  });
});

describe('values as a reviewer reads them', () => {
  test('intrinsics are written out, so the same deploy-time value reads the same on both sides', () => {
    expect(
      resolveForDisplay({
        a: { Ref: 'AWS::Partition' },
        b: { 'Fn::GetAtt': ['Key', 'Arn'] },
        c: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':root']] },
        d: { 'Fn::Select': [1, { 'Fn::Split': [':oidc-provider/', { Ref: 'Provider' }] }] },
      }),
    ).toEqual({
      a: '${AWS::Partition}',
      b: '${Key.Arn}',
      c: 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root',
      d: '${issuer of ${Provider}}',
    });
    // Inside a manifest's JSON the written-out form must stay valid JSON: no double quotes.
    expect(resolveForDisplay({ 'Fn::Base64': 'x"y' })).not.toContain('"');
  });

  test('nested properties change by path; a multi-line text changes line by line', () => {
    expect(propertyChanges({ a: { b: [1, 2], c: 'x' } }, { a: { b: [1, 3], d: 'y' } })).toEqual([
      { path: 'a.b[1]', before: 2, after: 3 },
      { path: 'a.c', before: 'x', after: undefined },
      { path: 'a.d', before: undefined, after: 'y' },
    ]);
    expect(describeChange({ path: 'a.c', before: 'x', after: undefined })).toBe('a.c: x -> (absent)');
    expect(changedLines({ path: 'data.mapRoles', before: 'one\ntwo\nthree\n', after: 'one\n2\nthree\n' })).toEqual(['- two', '+ 2']);
    expect(changedLines({ path: 'replicas', before: 1, after: 2 })).toBeUndefined();
  });
});

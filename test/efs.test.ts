import { devFixture, prodFixture, stagingFixture } from './fixtures/environments';
import { asList, render } from './helpers/cfn';
import { problemsOf } from './helpers/config';
import { appliedObjects, schemaProblems } from './helpers/manifests';
import { podSecurityViolations } from './helpers/pod-security';
import { readmeExample } from './helpers/readme';
import { resourcesOfType, synthEnvironment, withOverrides } from './helpers/synth';
import { kubernetesRelease } from '../lib/config/version-matrix';
import { statefulResource } from '../tools/review/stateful';

const prod = synthEnvironment(prodFixture).cluster;
const staging = synthEnvironment(stagingFixture).cluster;
const dev = synthEnvironment(devFixture).cluster;
const resourcesOf = (template = prod) => template.toJSON().Resources as Record<string, any>;
const onlyId = (template: typeof prod, type: string, prefix = '') => {
  const ids = Object.keys(template.findResources(type)).filter((id) => id.startsWith(prefix));
  if (ids.length !== 1) throw new Error(`expected one ${type} starting with ${prefix}, found ${ids.join(', ') || 'none'}`);
  return ids[0];
};
const fileSystemId = onlyId(prod, 'AWS::EFS::FileSystem');
const fileSystem = resourcesOf()[fileSystemId];

/** Every logical ID a resource reaches through Ref, GetAtt and DependsOn, transitively. */
function reachable(template: typeof prod, from: string): Set<string> {
  const resources = resourcesOf(template);
  const seen = new Set<string>();
  const visit = (id: string) => {
    if (seen.has(id) || !resources[id]) return;
    seen.add(id);
    const refs = new Set<string>(asList(resources[id].DependsOn ?? []));
    JSON.stringify(resources[id].Properties ?? {}, (key, value) => {
      if (key === 'Ref' && typeof value === 'string') refs.add(value);
      if (key === 'Fn::GetAtt') refs.add(value[0]);
      return value;
    });
    refs.forEach(visit);
  };
  visit(from);
  return seen;
}

describe('the file system', () => {
  test('exists where config enables EFS (staging and prod fixtures) and nowhere else', () => {
    expect(Object.keys(staging.findResources('AWS::EFS::FileSystem'))).toHaveLength(1);
    expect(Object.keys(dev.findResources('AWS::EFS::FileSystem'))).toHaveLength(0);
    expect(Object.keys(dev.findResources('AWS::EKS::Addon')).filter((id) => id.includes('Efs'))).toEqual([]);
  });

  test('is encrypted with the platform volume key, goes to Infrequent Access, elastic, backed up in production, retained', () => {
    const keyId = onlyId(prod, 'AWS::KMS::Key', 'StorageVolumeKey');
    expect(render(fileSystem.Properties)).toMatchObject({
      Encrypted: true,
      KmsKeyId: `<Ref:${keyId}>`,
      ThroughputMode: 'elastic',
      PerformanceMode: 'generalPurpose',
      LifecyclePolicies: [{ TransitionToIA: 'AFTER_30_DAYS' }, { TransitionToPrimaryStorageClass: 'AFTER_1_ACCESS' }],
      BackupPolicy: { Status: 'ENABLED' },
    });
    expect(fileSystem.DeletionPolicy).toBe('Retain');
    expect(fileSystem.UpdateReplacePolicy).toBe('Retain');
  });

  test('without deletion protection: no automatic backups, deleted with the stack', () => {
    const unprotected = synthEnvironment(withOverrides(stagingFixture, { deletionProtection: false, efs: { enabled: true } })).cluster;
    const [[, props]] = resourcesOfType(unprotected, 'AWS::EFS::FileSystem');
    expect(props.BackupPolicy?.Status ?? 'DISABLED').toBe('DISABLED');
    expect(resourcesOf(unprotected)[onlyId(unprotected, 'AWS::EFS::FileSystem')].DeletionPolicy).toBe('Delete');
  });

  test('uses the configured key, throughput and transition when given', () => {
    const key = 'arn:aws:kms:eu-west-1:100000000002:key/11111111-2222-3333-4444-555555555555';
    const custom = synthEnvironment(
      withOverrides(stagingFixture, {
        efs: {
          enabled: true,
          kmsKeyArn: key,
          throughputMode: 'provisioned',
          provisionedThroughputMibps: 64,
          transitionToInfrequentAccessDays: 7,
        },
      }),
    ).cluster;
    const [[, props]] = resourcesOfType(custom, 'AWS::EFS::FileSystem');
    expect(props).toMatchObject({
      KmsKeyId: key,
      ThroughputMode: 'provisioned',
      ProvisionedThroughputInMibps: 64,
      LifecyclePolicies: expect.arrayContaining([{ TransitionToIA: 'AFTER_7_DAYS' }]),
    });
  });

  test('has one mount target per AZ, in the private subnets, behind its own security group', () => {
    const targets = resourcesOfType(prod, 'AWS::EFS::MountTarget');
    expect(targets).toHaveLength(prodFixture.availabilityZones.length);
    const sgId = onlyId(prod, 'AWS::EC2::SecurityGroup', 'SharedStorageMountTargets');
    const subnets = targets.map(([, props]) => JSON.stringify(props.SubnetId));
    expect(new Set(subnets).size).toBe(targets.length);
    for (const subnet of subnets) expect(subnet).toMatch(/PrivateSubnet/);
    for (const [, props] of targets) {
      expect(render(props.FileSystemId)).toBe(`<Ref:${fileSystemId}>`);
      expect(render(props.SecurityGroups)).toEqual([`<Ref:${sgId}>`]);
    }
  });

  test('admits NFS (2049/tcp) only from the cluster and Karpenter node security groups, and sends nothing out', () => {
    const sgId = onlyId(prod, 'AWS::EC2::SecurityGroup', 'SharedStorageMountTargets');
    const sg = resourcesOf()[sgId].Properties;
    expect(sg.SecurityGroupIngress).toBeUndefined();
    expect(sg.SecurityGroupEgress).toBeUndefined();
    // No outbound: the one egress rule CDK writes for allowAllOutbound: false matches no traffic.
    const egress = resourcesOfType(prod, 'AWS::EC2::SecurityGroupEgress').filter(([, props]) => render(props.GroupId) === `<Ref:${sgId}>`);
    expect(egress.map(([, props]) => [props.CidrIp, props.IpProtocol])).toEqual([['255.255.255.255/32', 'icmp']]);
    const rules = resourcesOfType(prod, 'AWS::EC2::SecurityGroupIngress').filter(([, props]) => render(props.GroupId) === `<Ref:${sgId}>`);
    const karpenterSg = onlyId(prod, 'AWS::EC2::SecurityGroup', 'KarpenterNodeSecurityGroup');
    const clusterId = onlyId(prod, 'AWS::EKS::Cluster');
    expect(rules.map(([, props]) => [props.IpProtocol, props.FromPort, props.ToPort, render(props.SourceSecurityGroupId)]).sort()).toEqual(
      [
        ['tcp', 2049, 2049, `<Ref:${clusterId}>`],
        ['tcp', 2049, 2049, `<Ref:${karpenterSg}>`],
      ].sort(),
    );
    for (const [, props] of rules) expect(props.CidrIp).toBeUndefined();
  });

  test('does not wait for the cluster: the file system and mount targets reach neither the cluster nor its node group', () => {
    const clusterId = onlyId(prod, 'AWS::EKS::Cluster');
    for (const id of [fileSystemId, ...resourcesOfType(prod, 'AWS::EFS::MountTarget').map(([mountTarget]) => mountTarget)]) {
      const upstream = reachable(prod, id);
      expect([id, upstream.has(clusterId)]).toEqual([id, false]);
      expect([...upstream].filter((dep) => resourcesOf()[dep].Type === 'AWS::EKS::Nodegroup')).toEqual([]);
    }
    // The check can fail: the add-on does wait for the cluster.
    expect(reachable(prod, onlyId(prod, 'AWS::EKS::Addon', 'SharedStorageCsiDriver')).has(clusterId)).toBe(true);
  });

  test('is stateful for the review tool', () => {
    expect(statefulResource('AWS::EFS::FileSystem', fileSystemId)).toBeDefined();
  });
});

describe('the EFS CSI driver', () => {
  const addonId = onlyId(prod, 'AWS::EKS::Addon', 'SharedStorageCsiDriver');
  const addon = resourcesOf()[addonId];
  const roleId = onlyId(prod, 'AWS::IAM::Role', 'SharedStorageCsiDriverIrsa');

  test('is the pinned EKS add-on, with its controller on the system nodes, after the node group', () => {
    expect(addon.Properties).toMatchObject({
      AddonName: 'aws-efs-csi-driver',
      AddonVersion: kubernetesRelease('1.35').addons['aws-efs-csi-driver'],
    });
    expect(kubernetesRelease('1.36').addons['aws-efs-csi-driver']).toMatch(/^v\d+\.\d+\.\d+-eksbuild\.\d+$/);
    expect(JSON.parse(addon.Properties.ConfigurationValues)).toEqual({
      controller: {
        nodeSelector: { 'platform/node-role': 'system' },
        tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Equal', value: 'true', effect: 'NoSchedule' }],
      },
    });
    expect(render(addon.Properties.ServiceAccountRoleArn)).toBe(`<Ref:${roleId}>`);
    expect(addon.DependsOn).toContain(onlyId(prod, 'AWS::EKS::Nodegroup'));
  });

  test('its role holds AmazonEFSCSIDriverPolicy and trusts exactly kube-system/efs-csi-controller-sa through STS', () => {
    const role = resourcesOf()[roleId].Properties;
    expect(render(role.ManagedPolicyArns)).toEqual(['arn:aws:iam::aws:policy/service-role/AmazonEFSCSIDriverPolicy']);
    const [statement] = role.AssumeRolePolicyDocument.Statement;
    expect(statement.Action).toBe('sts:AssumeRoleWithWebIdentity');
    const conditions = resourcesOf()[render(statement.Condition.StringEquals).replace(/^<Ref:|>$/g, '')].Properties.Value;
    const text = JSON.stringify(conditions);
    expect(text).toContain('system:serviceaccount:kube-system:efs-csi-controller-sa');
    expect(text).toContain('sts.amazonaws.com');
  });
});

describe('the efs StorageClass', () => {
  const classes = appliedObjects(prod).filter(({ object }) => object.kind === 'StorageClass' && object.metadata.name === 'efs');

  test('provisions access points on the file system, with a base path, permissions and a UID/GID range from config', () => {
    expect(classes).toHaveLength(1);
    const [{ object }] = classes;
    expect(object).toMatchObject({
      provisioner: 'efs.csi.aws.com',
      reclaimPolicy: 'Retain',
      mountOptions: ['tls'],
      parameters: {
        provisioningMode: 'efs-ap',
        directoryPerms: '700',
        basePath: '/dynamic',
        gidRangeStart: '50000',
        gidRangeEnd: '7000000',
      },
    });
    expect(object.metadata.annotations['storageclass.kubernetes.io/is-default-class']).toBe('false');
    expect(schemaProblems(object)).toEqual([]);
  });

  test('names the file system, and lives in its own manifest that is never pruned and is retained', () => {
    const [{ resource }] = classes;
    const manifest = resourcesOf()[resource];
    expect(JSON.stringify(manifest.Properties.Manifest)).toContain(fileSystemId);
    expect(appliedObjects(prod).filter((applied) => applied.resource === resource)).toHaveLength(1);
    expect(manifest.Properties.PruneLabel).toBeUndefined();
    expect(manifest.DeletionPolicy).toBe('Retain');
  });
});

describe('the README example: two pods sharing one ReadWriteMany claim', () => {
  const objects = readmeExample('efs-shared-claim');

  test('is valid Kubernetes, claims ReadWriteMany from the efs class, and both pods mount that claim', () => {
    for (const object of objects) expect([object.kind, schemaProblems(object)]).toEqual([object.kind, []]);
    const claim = objects.find((object) => object.kind === 'PersistentVolumeClaim');
    expect(claim.spec).toMatchObject({ accessModes: ['ReadWriteMany'], storageClassName: 'efs' });
    const pods = objects.filter((object) => object.kind === 'Pod');
    expect(pods).toHaveLength(2);
    for (const pod of pods) {
      expect(pod.metadata.namespace).toBe(claim.metadata.namespace);
      expect(pod.spec.volumes.map((volume: any) => volume.persistentVolumeClaim?.claimName)).toContain(claim.metadata.name);
    }
  });

  test('runs in a team namespace: admitted by restricted Pod Security', () => {
    for (const pod of objects.filter((object) => object.kind === 'Pod')) expect(podSecurityViolations(pod.spec, 'restricted')).toEqual([]);
  });
});

describe('EFS config', () => {
  const withEfs = (efs: object) => withOverrides(stagingFixture, { efs: { enabled: true, ...efs } });

  test('refuses contradicting throughput settings, naming the field and quoting the value', () => {
    expect(problemsOf([withEfs({ throughputMode: 'elastic', provisionedThroughputMibps: 100 })])).toEqual([
      expect.stringMatching(/^fx-staging\.efs\.provisionedThroughputMibps: 100 is set but throughputMode is "elastic"/),
    ]);
    expect(problemsOf([withEfs({ throughputMode: 'provisioned' })])).toEqual([
      expect.stringMatching(/^fx-staging\.efs\.provisionedThroughputMibps: is required with throughputMode "provisioned"/),
    ]);
    expect(problemsOf([withEfs({ performanceMode: 'maxIO' })])).toEqual([
      expect.stringMatching(/^fx-staging\.efs\.performanceMode: "maxIO" cannot be used with throughputMode "elastic"/),
    ]);
    expect(problemsOf([withEfs({ performanceMode: 'maxIO', throughputMode: 'bursting' })])).toEqual([]);
  });

  test('refuses an empty UID/GID range or one that overlaps the system range', () => {
    expect(problemsOf([withEfs({ storageClass: { gidRangeStart: 60000, gidRangeEnd: 59999 } })])).toEqual([
      expect.stringMatching(/^fx-staging\.efs\.storageClass\.gidRangeEnd: 59999 is below gidRangeStart 60000: the range is empty/),
    ]);
    expect(problemsOf([withEfs({ storageClass: { gidRangeStart: 500 } })])).toEqual([
      expect.stringMatching(/^fx-staging\.efs\.storageClass\.gidRangeStart: 500 overlaps the system range 0-999/),
    ]);
  });

  test('refuses a key from another region or account, and reports every problem at once', () => {
    const problems = problemsOf([
      withEfs({
        kmsKeyArn: 'arn:aws:kms:us-east-1:999999999999:key/11111111-2222-3333-4444-555555555555',
        throughputMode: 'provisioned',
        storageClass: { gidRangeStart: 0 },
      }),
    ]);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^fx-staging\.efs\.kmsKeyArn: "arn:aws:kms:us-east-1:999999999999:key\/.*" is in us-east-1, but EFS in eu-west-1/,
        ),
        expect.stringMatching(/^fx-staging\.efs\.kmsKeyArn: ".*" belongs to account 999999999999, not this environment's 100000000002/),
        expect.stringMatching(/^fx-staging\.efs\.provisionedThroughputMibps:/),
        expect.stringMatching(/^fx-staging\.efs\.storageClass\.gidRangeStart:/),
      ]),
    );
    expect(problems).toHaveLength(4);
  });

  test('refuses transitions EFS does not offer', () => {
    expect(problemsOf([withEfs({ transitionToInfrequentAccessDays: 45 })])).toEqual([
      expect.stringMatching(/^fx-staging\.efs\.transitionToInfrequentAccessDays: 45 must be one of 1, 7, 14, 30, 60, 90, 180, 270, 365/),
    ]);
  });

  test('counts a mount target address per private subnet in the capacity check', () => {
    const crowded = (efs: boolean) =>
      withOverrides(devFixture, {
        network: { privateSubnetPrefixLength: 22, workloadNodes: { maxNodes: 40 } },
        efs: { enabled: efs },
      });
    const needed = (efs: boolean) => {
      const [problem] = problemsOf([crowded(efs)]);
      expect(problem).toMatch(/^fx-dev\.network\.privateSubnetPrefixLength: each private \/22 subnet has \d+ usable addresses but needs/);
      return Number(/but needs (\d+)/.exec(problem)![1]);
    };
    expect(needed(true)).toBe(needed(false) + 1);
    expect(problemsOf([crowded(true)])[0]).toContain('+ 1 addresses (EFS mount target)');
  });
});

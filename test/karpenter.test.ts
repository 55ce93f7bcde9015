import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { KARPENTER_INTERRUPTION_EVENTS } from '../constructs/karpenter-interruption-queue';
import { IAM_MANAGED_POLICY_MAX_CHARACTERS } from '../constructs/split-managed-policies';
import { devFixture as dev, prodFixture as prod, stagingFixture as staging } from './fixtures/environments';
import type { EnvironmentInput } from '../lib/config/schema';
import { asList, helmValues, render } from './helpers/cfn';
import { problemsOf } from './helpers/config';
import { appliedObjects } from './helpers/manifests';
import { resourcesOfType, synthEnvironment, withOverrides } from './helpers/synth';

const prodEnv = synthEnvironment(prod);
const template = prodEnv.cluster;
const resources = template.toJSON().Resources as Record<string, any>;
const idStartingWith = (type: string, prefix: string) =>
  Object.keys(template.findResources(type)).find((id) => id.startsWith(prefix)) ?? `no ${type} ${prefix}*`;

/** Upstream's template; CI clones may not have ../shared, so the comparison with it is skipped there. */
const REFERENCE = join(__dirname, '../../shared/reference/karpenter-1.14.1-getting-started-cloudformation.yaml');

describe('interruption handling', () => {
  const queueId = idStartingWith('AWS::SQS::Queue', 'KarpenterInterruptionQueue');

  test('the queue is encrypted, keeps messages five minutes, and refuses plain HTTP', () => {
    expect(resources[queueId].Properties).toMatchObject({ MessageRetentionPeriod: 300, SqsManagedSseEnabled: true });
    expect(resources[queueId].Properties.KmsMasterKeyId).toBeUndefined();
    const [[, queuePolicy]] = resourcesOfType(template, 'AWS::SQS::QueuePolicy');
    expect(queuePolicy.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Action: 'sqs:*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        Principal: { AWS: '*' },
      }),
    );
  });

  test('one EventBridge rule per event Karpenter handles, with upstream event names, each sending only to the queue', () => {
    const rules = resourcesOfType(template, 'AWS::Events::Rule').map(([id, rule]): Record<string, any> => ({ id, ...rule }));
    expect(rules.map((rule) => [rule.EventPattern.source, rule.EventPattern['detail-type']])).toEqual([
      [['aws.health'], ['AWS Health Event']],
      [['aws.ec2'], ['EC2 Spot Instance Interruption Warning']],
      [['aws.ec2'], ['EC2 Instance Rebalance Recommendation']],
      [['aws.ec2'], ['EC2 Instance State-change Notification']],
      [['aws.ec2'], ['EC2 Capacity Reservation Instance Interruption Warning']],
    ]);
    for (const rule of rules) expect(rule.Targets).toEqual([expect.objectContaining({ Arn: { 'Fn::GetAtt': [queueId, 'Arn'] } })]);
    const [[, queuePolicy]] = resourcesOfType(template, 'AWS::SQS::QueuePolicy');
    const sends = queuePolicy.PolicyDocument.Statement.filter((statement: any) => asList(statement.Action).includes('sqs:SendMessage'));
    expect(sends.map((statement: any) => statement.Condition.ArnEquals['aws:SourceArn']['Fn::GetAtt'][0]).sort()).toEqual(
      rules.map((rule) => rule.id).sort(),
    );
    for (const statement of sends) expect(statement.Principal).toEqual({ Service: 'events.amazonaws.com' });
  });

  (existsSync(REFERENCE) ? test : test.skip)('routes exactly the events upstream routes', () => {
    const reference = parseYaml(readFileSync(REFERENCE, 'utf8'), { customTags: cloudFormationTags }).Resources as Record<string, any>;
    const upstream = Object.values(reference)
      .filter((resource) => resource.Type === 'AWS::Events::Rule')
      .map((rule) => `${rule.Properties.EventPattern.source[0]} ${rule.Properties.EventPattern['detail-type'][0]}`);
    expect(KARPENTER_INTERRUPTION_EVENTS.map((event) => `${event.source} ${event.detailType}`).sort()).toEqual(upstream.sort());
  });
});

describe('controller permissions', () => {
  const policies = resourcesOfType(template, 'AWS::IAM::ManagedPolicy').filter(([id]) => id.startsWith('Karpenter'));
  const statements: any[] = policies.flatMap(([, policy]) => render(policy.PolicyDocument.Statement));
  const bySid = Object.fromEntries(statements.map((statement) => [statement.Sid, statement]));

  test('six managed policies, as upstream groups them, each well under the size limit', () => {
    expect(policies).toHaveLength(6);
    for (const [, policy] of policies)
      expect(JSON.stringify(policy.PolicyDocument).length).toBeLessThan(IAM_MANAGED_POLICY_MAX_CHARACTERS * 0.9);
  });

  test('launching and terminating is scoped by the cluster and NodePool tags and the region', () => {
    expect(bySid.AllowScopedEC2InstanceActionsWithTags.Condition).toEqual({
      StringEquals: {
        'aws:RequestTag/kubernetes.io/cluster/fx-prod-platform': 'owned',
        'aws:RequestTag/eks:eks-cluster-name': 'fx-prod-platform',
      },
      StringLike: { 'aws:RequestTag/karpenter.sh/nodepool': '*' },
    });
    expect(bySid.AllowScopedDeletion.Condition.StringEquals).toEqual({ 'aws:ResourceTag/kubernetes.io/cluster/fx-prod-platform': 'owned' });
    for (const resource of asList(bySid.AllowScopedDeletion.Resource)) expect(resource).toMatch(/^arn:aws:ec2:eu-west-1:\*:/);
    expect(bySid.AllowRegionalReadActions.Condition).toEqual({ StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } });
  });

  test('may pass only the Karpenter node role, only to EC2, and read only its own queue', () => {
    expect(bySid.AllowPassingInstanceRole.Resource).toBe(`<Ref:${idStartingWith('AWS::IAM::Role', 'KarpenterNodeRole')}>`);
    expect(bySid.AllowPassingInstanceRole.Condition).toEqual({
      StringEquals: { 'iam:PassedToService': ['ec2.amazonaws.com', 'ec2.amazonaws.com.cn'] },
    });
    expect(bySid.AllowInterruptionQueueActions.Resource).toBe(`<Ref:${idStartingWith('AWS::SQS::Queue', 'KarpenterInterruptionQueue')}>`);
  });

  test('wildcard resources only where the API has no resource-level permissions', () => {
    const wildcards = statements.filter((statement) => asList(statement.Resource).includes('*')).map((statement) => statement.Sid);
    expect(wildcards.sort()).toEqual([
      'AllowPricingReadActions',
      'AllowRegionalReadActions',
      'AllowUnscopedInstanceProfileListAction',
      'AllowZonalShiftStatusReadOnly',
    ]);
  });

  (existsSync(REFERENCE) ? test : test.skip)('every upstream statement, with the same actions, resources and conditions', () => {
    const reference = parseYaml(readFileSync(REFERENCE, 'utf8'), { customTags: cloudFormationTags }).Resources as Record<string, any>;
    const substitute = (text: string) =>
      text
        .replaceAll('${ClusterName}', 'fx-prod-platform')
        .replaceAll('${AWS::Partition}', 'aws')
        .replaceAll('${AWS::Region}', 'eu-west-1')
        .replaceAll('${AWS::AccountId}', '<Ref:AWS::AccountId>')
        .replaceAll('${KarpenterNodeRole.Arn}', bySid.AllowPassingInstanceRole.Resource)
        .replaceAll('${KarpenterInterruptionQueue.Arn}', bySid.AllowInterruptionQueueActions.Resource);
    const upstream = Object.values(reference)
      .filter((resource) => resource.Type === 'AWS::IAM::ManagedPolicy')
      .flatMap((policy) => JSON.parse(substitute(policy.Properties.PolicyDocument)).Statement);
    const canonical = (statement: any) =>
      JSON.stringify({
        sid: statement.Sid,
        actions: asList(statement.Action).sort(),
        resources: asList(statement.Resource).sort(),
        conditions: statement.Condition ?? {},
      });
    const ours = statements.map(canonical);
    expect(ours.sort()).toEqual(upstream.map(canonical).sort());
  });

  test('the controller role trusts only kube-system:karpenter', () => {
    const [, conditions] = resourcesOfType(template, 'Custom::AWSCDKCfnJson').find(([id]) => id.startsWith('KarpenterControllerRole'))!;
    expect(JSON.stringify(conditions.Value)).toContain('system:serviceaccount:kube-system:karpenter');
    expect(JSON.stringify(conditions.Value)).toContain('sts.amazonaws.com');
  });
});

describe('nodes', () => {
  test('the node role can join the cluster and pull images, nothing more', () => {
    const role = resources[idStartingWith('AWS::IAM::Role', 'KarpenterNodeRole')].Properties;
    expect(role.AssumeRolePolicyDocument.Statement).toEqual([
      { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' } },
    ]);
    expect(render(role.ManagedPolicyArns)).toEqual([
      'arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy',
      'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly',
      'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore',
    ]);
  });

  test('the node security group carries the discovery tag and joins the cluster security group both ways', () => {
    const groupId = idStartingWith('AWS::EC2::SecurityGroup', 'KarpenterNodeSecurityGroup');
    const group = resources[groupId].Properties;
    expect(group.Tags).toEqual(
      expect.arrayContaining([
        { Key: 'karpenter.sh/discovery', Value: 'fx-prod-platform' },
        { Key: 'kubernetes.io/cluster/fx-prod-platform', Value: 'owned' },
      ]),
    );
    const ingress = resourcesOfType(template, 'AWS::EC2::SecurityGroupIngress').map(([, rule]) => render(rule));
    const clusterSg = `<Ref:${idStartingWith('AWS::EKS::Cluster', 'EksCluster')}>`;
    expect(ingress).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ GroupId: `<Ref:${groupId}>`, SourceSecurityGroupId: `<Ref:${groupId}>`, IpProtocol: '-1' }),
        expect.objectContaining({ GroupId: `<Ref:${groupId}>`, SourceSecurityGroupId: clusterSg, IpProtocol: '-1' }),
        expect.objectContaining({ GroupId: clusterSg, SourceSecurityGroupId: `<Ref:${groupId}>`, IpProtocol: '-1' }),
      ]),
    );
  });
});

describe('controller release', () => {
  const releases = Object.fromEntries(
    resourcesOfType(template, 'Custom::AWSCDK-EKS-HelmChart').map(([id, release]) => [release.Release, { id, ...release }]),
  );
  const controller = releases.karpenter;
  const values = helmValues(controller);

  test('CRDs come from their own chart, the controller from the pinned chart without its crds/ folder', () => {
    expect(releases['karpenter-crd']).toMatchObject({
      Chart: 'karpenter-crd',
      Version: '1.14.1',
      Repository: 'oci://public.ecr.aws/karpenter/karpenter-crd',
    });
    expect(controller).toMatchObject({ Chart: 'karpenter', Version: '1.14.1', Namespace: 'kube-system', SkipCrds: true, Wait: true });
    expect(Number(controller.Timeout.replace(/s$/, ''))).toBeLessThan(15 * 60);
    expect(resources[controller.id].DependsOn).toEqual(
      expect.arrayContaining([releases['karpenter-crd'].id, idStartingWith('AWS::EKS::Nodegroup', 'EksClusterNodegroupSystemNodes')]),
    );
  });

  test('the CRD release is retained if it leaves the template: deleting a CRD deletes every NodePool', () => {
    expect(resources[releases['karpenter-crd'].id].DeletionPolicy).toBe('Retain');
    expect(resources[controller.id].DeletionPolicy).toBe('Delete');
  });

  test('knows its cluster, endpoint and interruption queue', () => {
    expect(values.settings).toEqual({
      clusterName: 'fx-prod-platform',
      clusterEndpoint: `<Ref:${idStartingWith('AWS::EKS::Cluster', 'EksCluster')}>`,
      interruptionQueue: `<Ref:${idStartingWith('AWS::SQS::Queue', 'KarpenterInterruptionQueue')}>`,
    });
  });

  test('two replicas with a disruption budget and resources, on the system nodes only', () => {
    expect(values.replicas).toBe(2);
    expect(values.podDisruptionBudget).toEqual({ name: 'karpenter', maxUnavailable: 1 });
    expect(values.controller.resources).toEqual({ requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } });
    expect(values.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux', 'platform/node-role': 'system' });
    expect(values.tolerations).toEqual([{ key: 'CriticalAddonsOnly', operator: 'Equal', value: 'true', effect: 'NoSchedule' }]);
  });
});

describe('NodePools and EC2NodeClass', () => {
  const objects = appliedObjects(template);
  const nodeClass = objects.find(({ object }) => object.kind === 'EC2NodeClass')!;
  const pools = Object.fromEntries(
    objects.filter(({ object }) => object.kind === 'NodePool').map(({ object }) => [object.metadata.name, object.spec]),
  );

  test('are applied after the controller release', () => {
    expect(resources[nodeClass.resource].DependsOn).toContain(idStartingWith('Custom::AWSCDK-EKS-HelmChart', 'KarpenterControllerRelease'));
  });

  test('the node class pins the AMI, finds subnets and security groups by tag, and locks down IMDS and disks', () => {
    expect(nodeClass.object.spec).toMatchObject({
      amiSelectorTerms: [{ alias: 'al2023@v20260930' }],
      subnetSelectorTerms: [{ tags: { 'karpenter.sh/discovery': 'fx-prod-platform' } }],
      securityGroupSelectorTerms: [{ tags: { 'karpenter.sh/discovery': 'fx-prod-platform' } }],
      metadataOptions: { httpEndpoint: 'enabled', httpProtocolIPv6: 'disabled', httpPutResponseHopLimit: 1, httpTokens: 'required' },
      blockDeviceMappings: [
        {
          deviceName: '/dev/xvda',
          rootVolume: true,
          ebs: { volumeSize: '100Gi', volumeType: 'gp3', encrypted: true, deleteOnTermination: true },
        },
      ],
      kubelet: { maxPods: 110 },
    });
    expect(nodeClass.object.spec.role).toBe('arn:aws:deploy-time-value');
  });

  test('the general-purpose pool takes spot and on-demand, both architectures, recent c/m/r types, under a spend cap', () => {
    const general = pools['general-purpose'];
    expect(general.template.spec.requirements).toEqual([
      { key: 'karpenter.sh/capacity-type', operator: 'In', values: ['spot', 'on-demand'] },
      { key: 'kubernetes.io/arch', operator: 'In', values: ['amd64', 'arm64'] },
      { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] },
      { key: 'karpenter.k8s.aws/instance-category', operator: 'In', values: ['c', 'm', 'r'] },
      { key: 'karpenter.k8s.aws/instance-generation', operator: 'Gt', values: ['5'] },
      { key: 'karpenter.k8s.aws/instance-cpu', operator: 'Gt', values: ['3'] },
    ]);
    expect(general.limits).toEqual({ cpu: 200, memory: '800Gi' });
    expect(general.disruption).toEqual({
      consolidationPolicy: 'WhenEmptyOrUnderutilized',
      consolidateAfter: '1m',
      budgets: [{ nodes: '10%' }, { nodes: '0', schedule: '0 8 * * mon-fri', duration: '10h', reasons: ['Underutilized'] }],
    });
    expect(general.template.spec.expireAfter).toBe('720h');
    expect(general.template.spec.nodeClassRef).toEqual({ group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'default' });
  });

  test('the on-demand pool is tainted and labelled for the workloads that must not be interrupted', () => {
    const onDemand = pools['on-demand'];
    expect(onDemand.template.spec.requirements[0]).toEqual({ key: 'karpenter.sh/capacity-type', operator: 'In', values: ['on-demand'] });
    expect(onDemand.template.spec.taints).toEqual([{ key: 'platform/capacity', value: 'on-demand', effect: 'NoSchedule' }]);
    expect(onDemand.template.metadata.labels).toEqual({ 'platform/capacity': 'on-demand', 'platform/pool': 'on-demand' });
    expect(onDemand.disruption.consolidationPolicy).toBe('WhenEmpty');
    expect(onDemand.weight).toBe(10);
  });

  test('Bottlerocket nodes get the pinned Bottlerocket alias and an OS plus a data volume', () => {
    const bottlerocket = appliedObjects(
      synthEnvironment(withOverrides(staging, { karpenter: { amiFamily: 'BOTTLEROCKET' } })).cluster,
    ).find(({ object }) => object.kind === 'EC2NodeClass')!.object.spec;
    expect(bottlerocket.amiSelectorTerms).toEqual([{ alias: 'bottlerocket@v1.66.0' }]);
    expect(bottlerocket.blockDeviceMappings.map((mapping: any) => [mapping.deviceName, mapping.ebs.volumeSize])).toEqual([
      ['/dev/xvda', '4Gi'],
      ['/dev/xvdb', '50Gi'],
    ]);
  });
});

describe('Karpenter config errors', () => {
  const pool = (overrides: object) =>
    ({
      karpenter: { pools: [{ name: 'general-purpose', capacityTypes: ['spot'], limits: { cpu: 10, memoryGiB: 40 }, ...overrides }] },
    }) as Partial<EnvironmentInput>;

  test.each<[string, Partial<EnvironmentInput>, string[]]>([
    [
      'limits of zero or below',
      pool({ limits: { cpu: 0, memoryGiB: -4 } }),
      [
        'fx-dev.karpenter.pools[0].limits.cpu: 0 must be greater than zero: a pool with no CPU limit can launch nothing',
        'fx-dev.karpenter.pools[0].limits.memoryGiB: -4 must be greater than zero: a pool with no memory limit can launch nothing',
      ],
    ],
    [
      'a pool with no capacity type',
      pool({ capacityTypes: [] }),
      ['fx-dev.karpenter.pools[0].capacityTypes: a pool needs at least one capacity type'],
    ],
    [
      'an unknown instance category',
      pool({ instanceCategories: ['m', 'q'] }),
      [
        'fx-dev.karpenter.pools[0].instanceCategories[1]: "q" is not a known instance category; known: c, m, r, t, i, d, x, z, g, p, inf, trn',
      ],
    ],
    [
      'arm64 with categories that have no Graviton types',
      pool({ architectures: ['arm64'], instanceCategories: ['p', 'inf'] }),
      [
        'fx-dev.karpenter.pools[0].architectures: arm64 needs an instance category with Graviton types (c, m, r, t, i, x, g); p, inf have none',
      ],
    ],
    [
      'reserved capacity without reservations',
      pool({ capacityTypes: ['reserved', 'on-demand'] }),
      ['fx-dev.karpenter.pools[0].capacityTypes: "reserved" needs capacity reservations: list them in karpenter.capacityReservationIds'],
    ],
    [
      'a budget schedule without a duration',
      pool({ disruptionBudgets: [{ nodes: '0', schedule: '0 9 * * mon-fri' }] }),
      ['fx-dev.karpenter.pools[0].disruptionBudgets: a budget with a schedule needs a duration, and one with a duration needs a schedule'],
    ],
    [
      'a budget duration in seconds, which the NodePool CRD refuses',
      pool({ disruptionBudgets: [{ nodes: '0', schedule: '@daily', duration: '30s' }] }),
      ['fx-dev.karpenter.pools[0].disruptionBudgets[0].duration: "30s" must be hours and/or minutes such as 10h, 90m or 1h30m'],
    ],
    [
      'a schedule that is not cron',
      pool({ disruptionBudgets: [{ nodes: '0', schedule: 'weekdays', duration: '8h' }] }),
      [
        'fx-dev.karpenter.pools[0].disruptionBudgets[0].schedule: "weekdays" must be a cron expression such as "0 9 * * mon-fri", or @daily',
      ],
    ],
  ])('%s', (_, overrides, expected) => {
    expect(problemsOf([withOverrides(dev, overrides)])).toEqual(expected);
  });

  test('two pools with one name', () => {
    const general = { name: 'general', capacityTypes: ['spot' as const], limits: { cpu: 4, memoryGiB: 16 } };
    expect(problemsOf([withOverrides(dev, { karpenter: { pools: [general, general] } })])).toEqual([
      'fx-dev.karpenter.pools[1].name: two pools are called "general"',
    ]);
  });

  test('a planned node count below what the pools may launch', () => {
    expect(problemsOf([withOverrides(dev, { network: { workloadNodes: { maxNodes: 5, instanceTypes: ['m6i.large'] } } })])).toEqual([
      'fx-dev.network.workloadNodes.maxNodes: is 5, but the Karpenter pools may launch up to 10 nodes (each pool: CPU limit / minInstanceCpu); raise it so that the subnet capacity check counts them, or lower the pool limits',
    ]);
  });

  test('the subnet check counts every node the pools may launch', () => {
    const huge = withOverrides(dev, {
      karpenter: { pools: [{ name: 'huge', capacityTypes: ['spot'], limits: { cpu: 20000, memoryGiB: 80000 } }] },
    });
    expect(problemsOf([huge])[0]).toMatch(
      /^fx-dev\.network\.privateSubnetPrefixLength: .*5000 node\(s\) x 129 addresses \(karpenter\.pools\)/,
    );
  });
});

/** CloudFormation's short-form tags (!Sub, !GetAtt, !Ref) as plain values, enough to read upstream's template. */
const cloudFormationTags = ['!Sub', '!GetAtt', '!Ref'].map((tag) => ({ tag, resolve: (value: string) => value }));

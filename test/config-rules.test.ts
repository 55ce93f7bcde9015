import { parseEnvironments } from '../lib/config/parse';
import type { EnvironmentInput } from '../lib/config/schema';
import { SUPPORTED_KUBERNETES_VERSIONS } from '../lib/config/version-matrix';
import { devFixture, prodFixture, stagingFixture } from './fixtures/environments';
import { problemsOf } from './helpers/config';
import { synthEnvironment, withOverrides } from './helpers/synth';

/**
 * One table per rule of what AWS or Kubernetes would refuse: each row is a change to a fixture
 * and the exact problems it raises ([] for a valid edge value that must keep passing).
 */
type Overrides = Parameters<typeof withOverrides>[1];
type Row = [string, Overrides, string[]];

/** A copy with a private endpoint (withOverrides merges objects, and a private endpoint has no CIDRs). */
const withPrivateEndpoint = (base: EnvironmentInput): EnvironmentInput => ({
  ...base,
  cluster: { ...base.cluster, endpointAccess: { mode: 'private' } },
});

const problemsWith = (base: EnvironmentInput, overrides: Overrides) => problemsOf([withOverrides(base, overrides)]);
const rules = (base: EnvironmentInput, rows: Row[]) =>
  test.each(rows)('%s', (_, overrides, expected) => expect(problemsWith(base, overrides)).toEqual(expected));

const CERT = (region: string, account: string, partition = 'aws') =>
  `arn:${partition}:acm:${region}:${account}:certificate/11111111-2222-3333-4444-555555555555`;
const KEY = (region: string, account: string) => `arn:aws:kms:${region}:${account}:key/11111111-2222-3333-4444-555555555555`;

describe('AWS tags (aws: reserved, 1-128 / 0-256 characters, allowed characters, keys others own, count)', () => {
  const manyTags = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`tag-${i}`, 'x']));
  rules(devFixture, [
    ['ordinary tags', { tags: { 'cost-center': 'platform', 'team:owner': 'a@example.com', 'Data Class': 'internal + pii' } }, []],
    ['a 128-character key and a 256-character value', { tags: { ['k'.repeat(128)]: 'v'.repeat(256) } }, []],
    ['an empty value', { tags: { empty: '' } }, []],
    ['40 tags (the fixture has 2)', { tags: manyTags(38) }, []],
    [
      'the aws: prefix, in any case',
      { tags: { 'AWS:CreatedBy': 'me' } },
      ['fx-dev.tags["AWS:CreatedBy"]: "AWS:CreatedBy" is a reserved tag key: AWS reserves the aws: prefix; choose another key'],
    ],
    [
      'a 129-character key',
      { tags: { ['k'.repeat(129)]: 'v' } },
      [`fx-dev.tags.${'k'.repeat(129)}: the key must be 1-128 characters long, not 129`],
    ],
    [
      'a 257-character value',
      { tags: { owner: 'v'.repeat(257) } },
      ['fx-dev.tags.owner: the value must be at most 256 characters long, not 257'],
    ],
    [
      'a character AWS refuses',
      { tags: { 'cost#center': 'a', owner: 'a;b' } },
      [
        'fx-dev.tags["cost#center"]: the key "cost#center" may only contain letters, digits, spaces and _ . : / = + - @',
        'fx-dev.tags.owner: the value "a;b" may only contain letters, digits, spaces and _ . : / = + - @',
      ],
    ],
    [
      'keys the platform, EKS and Karpenter set',
      { tags: { 'platform:environment': 'x', 'kubernetes.io/cluster/other': 'owned', 'karpenter.sh/nodepool': 'x' } },
      [
        'fx-dev.tags["platform:environment"]: "platform:environment" is a reserved tag key: the platform sets it to the environment name; choose another key',
        'fx-dev.tags["kubernetes.io/cluster/other"]: "kubernetes.io/cluster/other" is a reserved tag key: EKS and Karpenter own kubernetes.io/cluster/* tags; choose another key',
        'fx-dev.tags["karpenter.sh/nodepool"]: "karpenter.sh/nodepool" is a reserved tag key: Karpenter sets it on its nodes; choose another key',
      ],
    ],
    [
      '41 tags',
      { tags: manyTags(39) },
      ['fx-dev.tags: has 41 tags; at most 40 fit, since AWS allows 50 per resource and the platform and Karpenter add up to 10'],
    ],
  ]);
});

describe("ARNs in the environment's partition, region and account", () => {
  rules(devFixture, [
    ['a certificate of the environment', { ingress: { certificateArns: [CERT('eu-west-1', '100000000001')] } }, []],
    ['a KMS key of another account (its key policy decides)', { storage: { ebsKmsKeyArn: KEY('eu-west-1', '999999999999') } }, []],
    [
      'a certificate from another region',
      { ingress: { certificateArns: [CERT('us-east-1', '100000000001')] } },
      [
        `fx-dev.ingress.certificateArns[0]: "${CERT('us-east-1', '100000000001')}" is in region us-east-1, not eu-west-1; the ALB needs an ACM certificate of this environment's account and region`,
      ],
    ],
    [
      'a certificate from another account and partition',
      { ingress: { certificateArns: [CERT('eu-west-1', '999999999999', 'aws-cn')] } },
      [
        `fx-dev.ingress.certificateArns[0]: "${CERT('eu-west-1', '999999999999', 'aws-cn')}" is in partition aws-cn, not aws and account 999999999999, not 100000000001; the ALB needs an ACM certificate of this environment's account and region`,
      ],
    ],
    [
      'a KMS key from another region',
      { storage: { ebsKmsKeyArn: KEY('eu-central-1', '100000000001') } },
      [
        `fx-dev.storage.ebsKmsKeyArn: "${KEY('eu-central-1', '100000000001')}" is in region eu-central-1, not eu-west-1; EBS volumes need a KMS key in their own region`,
      ],
    ],
    [
      'an IAM role of another partition',
      {
        access: {
          roles: [
            { arn: 'arn:aws:iam::100000000001:role/PlatformAdmin', access: 'admin' },
            { arn: 'arn:aws-us-gov:iam::100000000001:role/Dev', access: 'viewer' },
          ],
        },
      },
      ['fx-dev.access.roles[1].arn: "arn:aws-us-gov:iam::100000000001:role/Dev" is in partition aws-us-gov, but eu-west-1 is in aws'],
    ],
  ]);
});

describe('ALB TLS security policies (the predefined ELB policies)', () => {
  rules(devFixture, [
    ['the default', { ingress: { sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' } }, []],
    ['a post-quantum policy', { ingress: { sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-PQ-2025-09' } }, []],
    ['a FIPS policy', { ingress: { sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04' } }, []],
  ]);
  test.each(['ELBSecurityPolicy-TLS13-1-2-2099-01', 'TLS13', 'elbsecuritypolicy-2016-08'])('"%s" is refused with the list', (policy) => {
    const [problem, ...others] = problemsWith(devFixture, { ingress: { sslPolicy: policy } });
    expect(others).toEqual([]);
    expect(problem).toMatch(
      new RegExp(
        `^fx-dev\\.ingress\\.sslPolicy: "${policy}" is not an ELB security policy; use one of ELBSecurityPolicy-TLS13-1-2-2021-06, `,
      ),
    );
    expect(problem).toContain('ELBSecurityPolicy-FS-1-2-Res-2020-10');
  });
});

describe('VPC ranges (AWS: /16 to /28; private: RFC 1918 or RFC 6598)', () => {
  rules(devFixture, [
    ['10.0.0.0/16', { network: { vpcCidr: '10.0.0.0/16' } }, []],
    ['172.16.0.0/16', { network: { vpcCidr: '172.16.0.0/16' } }, []],
    ['192.168.0.0/16', { network: { vpcCidr: '192.168.0.0/16' } }, []],
    ['100.64.0.0/16 (RFC 6598)', { network: { vpcCidr: '100.64.0.0/16' } }, []],
    [
      'a public range',
      { network: { vpcCidr: '8.8.0.0/16' } },
      [
        'fx-dev.network.vpcCidr: "8.8.0.0/16" is not a private range; use one inside 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10 (RFC 1918 or RFC 6598)',
      ],
    ],
    [
      'a range straddling a private block',
      { network: { vpcCidr: '172.0.0.0/11' } },
      ['fx-dev.network.vpcCidr: "172.0.0.0/11" is /11; AWS allows VPC CIDRs from /16 to /28'],
    ],
    [
      'larger than /16',
      { network: { vpcCidr: '10.0.0.0/8' } },
      ['fx-dev.network.vpcCidr: "10.0.0.0/8" is /8; AWS allows VPC CIDRs from /16 to /28'],
    ],
    [
      'smaller than /28',
      { network: { vpcCidr: '10.0.0.0/29' } },
      ['fx-dev.network.vpcCidr: "10.0.0.0/29" is /29; AWS allows VPC CIDRs from /16 to /28'],
    ],
    [
      'allowed by AWS, too small for the subnets',
      { network: { vpcCidr: '10.0.0.0/26' } },
      [
        'fx-dev.network.vpcCidr: "10.0.0.0/26" is too small for the platform: AWS allows /16 to /28, but the subnets pods need fit from /16 to /24',
      ],
    ],
  ]);
});

describe('between environments: no overlapping VPCs, one cluster name per account and region', () => {
  const qa = (overrides: Overrides) => withOverrides(devFixture, { name: 'fx-qa', tags: { environment: 'fx-qa' }, ...overrides });
  test.each<[string, EnvironmentInput[], string[]]>([
    ['adjacent ranges', [devFixture, qa({ network: { vpcCidr: '10.111.0.0/16' } })], []],
    [
      'one cluster name in two regions',
      [
        devFixture,
        qa({
          network: { vpcCidr: '10.111.0.0/16' },
          cluster: { name: 'fx-dev-platform' },
          region: 'eu-west-2',
          availabilityZones: ['eu-west-2a', 'eu-west-2b'],
          ingress: { certificateArns: [CERT('eu-west-2', '100000000001')] },
        }),
      ],
      [],
    ],
    [
      'a range inside another environment’s',
      [devFixture, qa({ network: { vpcCidr: '10.110.0.0/16' } })],
      [
        'fx-qa.network.vpcCidr: "10.110.0.0/16" overlaps fx-dev\'s 10.110.0.0/16; give every environment its own range (for instance 10.10.0.0/16, 10.20.0.0/16, ...) so they can be peered later',
      ],
    ],
    [
      'one cluster name in one account and region',
      [devFixture, qa({ network: { vpcCidr: '10.111.0.0/16' }, cluster: { name: 'fx-dev-platform' } })],
      [
        'fx-qa.cluster.name: "fx-dev-platform" is also fx-dev\'s cluster name in account 100000000001, eu-west-1; EKS cluster names are unique per account and region, so set cluster.name on one of them',
      ],
    ],
  ])('%s', (_, environments, expected) => {
    expect(problemsOf(environments)).toEqual(expected);
  });

  test('are checked even when one environment is selected', () => {
    const overlapping = qa({ network: { vpcCidr: '10.110.0.0/16' } });
    expect(problemsOf([devFixture, overlapping], 'fx-dev')).toHaveLength(1);
  });
});

describe("Karpenter's reserved label domains, and Kubernetes label syntax", () => {
  const pool = (labels: Record<string, string>, taints: { key: string; value?: string; effect: 'NoSchedule' }[] = []) => ({
    karpenter: {
      pools: [{ name: 'general-purpose', capacityTypes: ['spot' as const], limits: { cpu: 20, memoryGiB: 80 }, labels, taints }],
    },
  });
  const at = 'fx-dev.karpenter.pools[0]';
  rules(devFixture, [
    ['a plain label', pool({ team: 'payments' }), []],
    ['a label in your own domain', pool({ 'example.com/team': 'payments' }), []],
    [
      'node.kubernetes.io and node-restriction.kubernetes.io',
      pool({ 'node.kubernetes.io/lifecycle': 'spot', 'node-restriction.kubernetes.io/pci': 'true' }),
      [],
    ],
    [
      'labels Karpenter allows in its domains',
      pool({ 'karpenter.sh/capacity-type': 'spot', 'karpenter.k8s.aws/instance-family': 'm6i' }),
      [],
    ],
    [
      'the kubernetes.io and k8s.io domains',
      pool({ 'node-role.kubernetes.io/worker': 'true', 'x.k8s.io/a': 'b' }),
      [
        `${at}.labels["node-role.kubernetes.io/worker"]: "node-role.kubernetes.io/worker" is in a domain Karpenter reserves (kubernetes.io, k8s.io); use your own domain, or node.kubernetes.io or node-restriction.kubernetes.io`,
        `${at}.labels["x.k8s.io/a"]: "x.k8s.io/a" is in a domain Karpenter reserves (kubernetes.io, k8s.io); use your own domain, or node.kubernetes.io or node-restriction.kubernetes.io`,
      ],
    ],
    [
      'the karpenter.sh and karpenter.k8s.aws domains',
      pool({ 'karpenter.sh/owner': 'x', 'karpenter.k8s.aws/custom': 'x' }),
      [
        `${at}.labels["karpenter.sh/owner"]: "karpenter.sh/owner" is in the karpenter.sh domain, which Karpenter reserves (only karpenter.sh/capacity-type may be set)`,
        `${at}.labels["karpenter.k8s.aws/custom"]: "karpenter.k8s.aws/custom" is in the karpenter.k8s.aws domain, which Karpenter reserves except for its well-known instance labels`,
      ],
    ],
    [
      'labels Karpenter sets itself',
      pool({ 'kubernetes.io/hostname': 'x', 'karpenter.sh/nodepool': 'x', 'topology.kubernetes.io/zone': 'eu-west-1a' }),
      [
        `${at}.labels["kubernetes.io/hostname"]: "kubernetes.io/hostname" is set by Karpenter itself; select on it with requirements instead of setting it`,
        `${at}.labels["karpenter.sh/nodepool"]: "karpenter.sh/nodepool" is set by Karpenter itself; select on it with requirements instead of setting it`,
        `${at}.labels["topology.kubernetes.io/zone"]: "topology.kubernetes.io/zone" is set by Karpenter itself; select on it with requirements instead of setting it`,
      ],
    ],
    [
      'a key and a value Kubernetes refuses',
      pool({ 'my team': 'a b' }),
      [
        `${at}.labels["my team"]: "a b" is not a Kubernetes label value: at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit`,
        `${at}.labels["my team"]: "my team" is not a Kubernetes label key: the name part must be 1-63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit`,
      ],
    ],
    [
      '101 labels',
      pool(Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`label-${i}`, 'x']))),
      [`${at}.labels: has more than the 100 labels a NodePool accepts`],
    ],
    [
      'a taint key with an upper-case prefix',
      pool({}, [{ key: 'Example.com/dedicated', value: 'gpu', effect: 'NoSchedule' }]),
      [
        `${at}.taints[0].key: "Example.com/dedicated" has an invalid prefix: it must be a lowercase DNS subdomain of at most 253 characters, such as example.com/`,
      ],
    ],
  ]);
});

describe('requests never above limits, namespace defaults within the namespace quota', () => {
  const resources = { requestsCpu: '3', requestsMemory: '9Gi', limitsCpu: '2', limitsMemory: '8Gi' };
  rules(devFixture, [
    [
      'requests equal to limits',
      { monitoring: { prometheus: { resources: { requestsCpu: '1', requestsMemory: '2Gi', limitsCpu: '1', limitsMemory: '2Gi' } } } },
      [],
    ],
    [
      'Prometheus requests above its limits',
      { monitoring: { prometheus: { resources } } },
      [
        'fx-dev.monitoring.prometheus.resources.requestsCpu: 3 is more than limitsCpu 2; a request may not exceed its limit',
        'fx-dev.monitoring.prometheus.resources.requestsMemory: 9Gi is more than limitsMemory 8Gi; a request may not exceed its limit',
      ],
    ],
    [
      'container defaults equal to the quota',
      { teamNamespaces: { containerDefaults: { requestsCpu: '4', requestsMemory: '8Gi', limitsCpu: '8', limitsMemory: '16Gi' } } },
      [],
    ],
    [
      'container defaults above the quota',
      { teamNamespaces: { containerDefaults: { requestsCpu: '5', requestsMemory: '9Gi', limitsCpu: '9', limitsMemory: '17Gi' } } },
      [
        "fx-dev.teamNamespaces.containerDefaults.requestsCpu: 5 is more than the namespace quota's requestsCpu 4",
        "fx-dev.teamNamespaces.containerDefaults.requestsMemory: 9Gi is more than the namespace quota's requestsMemory 8Gi",
        "fx-dev.teamNamespaces.containerDefaults.limitsCpu: 9 is more than the namespace quota's limitsCpu 8",
        "fx-dev.teamNamespaces.containerDefaults.limitsMemory: 17Gi is more than the namespace quota's limitsMemory 16Gi",
      ],
    ],
  ]);
});

describe('instance types are checked the same in every field', () => {
  rules(devFixture, [
    [
      'an unknown family in the workload nodes',
      { network: { workloadNodes: { instanceTypes: ['m6i.large', 'm6l.large'] } } },
      [
        expect.stringMatching(
          /^fx-dev\.network\.workloadNodes\.instanceTypes\[1\]: "m6l\.large" is not a known instance type; families allowed: t2, /,
        ) as unknown as string,
      ],
    ],
    [
      'and in the system node group',
      { systemNodeGroup: { instanceTypes: ['m6l.large'] } },
      [
        expect.stringMatching(
          /^fx-dev\.systemNodeGroup\.instanceTypes\[0\]: "m6l\.large" is not a known instance type; families allowed: t2, /,
        ) as unknown as string,
      ],
    ],
  ]);
});

describe('quotas on CIDR lists (EKS: 40 public endpoint ranges; a security group: 60 inbound rules)', () => {
  const cidrs = (count: number) => Array.from({ length: count }, (_, i) => `198.51.${i}.0/24`);
  rules(stagingFixture, [
    [
      '40 endpoint ranges and 30 ALB ranges',
      { cluster: { endpointAccess: { mode: 'public', publicCidrs: cidrs(40) } }, ingress: { inboundCidrs: cidrs(30) } },
      [],
    ],
    [
      '41 endpoint ranges and 31 ALB ranges',
      { cluster: { endpointAccess: { mode: 'public', publicCidrs: cidrs(41) } }, ingress: { inboundCidrs: cidrs(31) } },
      [
        'fx-staging.cluster.endpointAccess.publicCidrs: EKS accepts at most 40 public endpoint CIDR ranges per cluster',
        "fx-staging.ingress.inboundCidrs: at most 30 CIDRs fit: each takes two of the ALB security group's 60 inbound rules",
      ],
    ],
  ]);
});

describe('CloudWatch Logs retention periods', () => {
  rules(devFixture, [
    ['1 day', { network: { flowLogRetentionDays: 1 } }, []],
    ['3653 days (ten years)', { cluster: { controlPlaneLogRetentionDays: 3653 } }, []],
    [
      'a period CloudWatch does not offer',
      { network: { flowLogRetentionDays: 2 }, monitoring: { containerInsights: { logRetentionDays: 4000 } } },
      [
        'fx-dev.network.flowLogRetentionDays: 2 must be one of the CloudWatch Logs retention periods: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653',
        'fx-dev.monitoring.containerInsights.logRetentionDays: 4000 must be one of the CloudWatch Logs retention periods: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653',
      ],
    ],
  ]);
});

describe('EKS managed node group limits (450 nodes, maxUnavailable 1-100)', () => {
  // Large private subnets and secondary-IP mode, so that 450 nodes fit the subnet plan.
  const roomy = withOverrides(stagingFixture, { network: { privateSubnetPrefixLength: 18 }, vpcCni: { prefixDelegation: false } });
  rules(roomy, [
    ['maxSize 450, maxUnavailable 100', { systemNodeGroup: { maxSize: 450, maxUnavailable: 100 } }, []],
    ['maxSize 451', { systemNodeGroup: { maxSize: 451 } }, ['fx-staging.systemNodeGroup.maxSize: 451 must be at most 450']],
    [
      'maxUnavailable 101',
      { systemNodeGroup: { maxUnavailable: 101 } },
      [
        'fx-staging.systemNodeGroup.maxUnavailable: 101 must be at most 100',
        'fx-staging.systemNodeGroup.maxUnavailable: maxUnavailable 101 is greater than maxSize 4',
      ],
    ],
  ]);
});

describe('an environment marked production refuses unsafe settings', () => {
  rules(prodFixture, [
    [
      'no protection',
      { deletionProtection: false, terminationProtection: false },
      [
        'fx-prod.deletionProtection: is false, but this environment is marked production: keep deletionProtection: true',
        'fx-prod.terminationProtection: is false, but this environment is marked production: keep terminationProtection: true',
      ],
    ],
    [
      'an API endpoint open to the world',
      { cluster: { endpointAccess: { mode: 'public', publicCidrs: ['198.51.100.0/24', '0.0.0.0/0'] } } },
      [
        'fx-prod.cluster.endpointAccess.publicCidrs[1]: "0.0.0.0/0" opens the Kubernetes API to the whole internet in a production environment; name your VPN or office ranges, or use mode: \'private\'',
      ],
    ],
  ]);

  test('a private endpoint passes', () => {
    expect(problemsOf([withPrivateEndpoint(prodFixture)])).toEqual([]);
  });

  test('the same settings pass where production is not set', () => {
    const open = {
      deletionProtection: false,
      terminationProtection: false,
      cluster: { endpointAccess: { mode: 'public' as const, publicCidrs: ['0.0.0.0/0'] } },
    };
    expect(problemsWith(stagingFixture, open)).toEqual([]);
  });
});

describe('type errors say the form expected', () => {
  rules(devFixture, [
    [
      'a number where a string is expected',
      { cluster: { kubernetesVersion: 1.35 as unknown as string } },
      ["fx-dev.cluster.kubernetesVersion: expected a string, got the number 1.35: write it in quotes, '1.35'"],
    ],
    [
      'a string where a number is expected',
      { systemNodeGroup: { maxSize: '3' as unknown as number } },
      ['fx-dev.systemNodeGroup.maxSize: expected a number, got the string "3": write it without quotes, 3'],
    ],
    [
      'a string where true or false is expected',
      { deletionProtection: 'no' as unknown as boolean },
      ['fx-dev.deletionProtection: expected true or false, got the string "no"'],
    ],
    [
      'an unknown endpoint mode',
      { cluster: { endpointAccess: { mode: 'open' as 'private' } } },
      ['fx-dev.cluster.endpointAccess.mode: "open" is not a known mode; use one of "private", "public", "public-and-private"'],
    ],
    [
      'an enum value',
      { systemNodeGroup: { capacityType: 'spot' as 'SPOT' } },
      ['fx-dev.systemNodeGroup.capacityType: "spot" is not allowed; use one of "ON_DEMAND", "SPOT"'],
    ],
  ]);
});

describe('valid edge values still pass', () => {
  const newest = SUPPORTED_KUBERNETES_VERSIONS[SUPPORTED_KUBERNETES_VERSIONS.length - 1];
  const edge = withOverrides(withPrivateEndpoint(prodFixture), {
    name: 'a-twenty-one-char-env',
    cluster: { kubernetesVersion: newest, name: `C${'x'.repeat(98)}_` },
    systemNodeGroup: { diskSizeGiB: 16384 },
    karpenter: { diskSizeGiB: 16384 },
    tags: { ['k'.repeat(128)]: 'v'.repeat(256) },
    // ACK names buckets and IAM roles after the cluster, which narrows its name (test/ack.test.ts).
    ack: { enabled: false },
  });

  test('the longest environment and cluster names, the newest Kubernetes version, a private endpoint, the largest disks', () => {
    const [env] = parseEnvironments([edge]);
    expect(env.name).toHaveLength(21);
    expect(env.cluster.name).toHaveLength(100);
    expect(env.cluster.kubernetesVersion).toBe(newest);
  });

  test('and synthesize', () => {
    const { cluster } = synthEnvironment(edge);
    const [resource] = Object.values(cluster.findResources('AWS::EKS::Cluster'));
    expect(resource.Properties).toMatchObject({ Name: edge.cluster.name, Version: newest });
    expect(resource.Properties.ResourcesVpcConfig).toMatchObject({ EndpointPublicAccess: false, EndpointPrivateAccess: true });
  });
});

describe('every field, given a value of the wrong type, names itself and the form it expects', () => {
  /** Every scalar and list in a fixture, as [path, value]. */
  function leaves(value: unknown, path: (string | number)[] = []): [(string | number)[], unknown][] {
    if (Array.isArray(value)) return [[path, value], ...value.flatMap((item, index) => leaves(item, [...path, index]))];
    if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([key, item]) => leaves(item, [...path, key]));
    return [[path, value]];
  }
  const wrongTypeFor = (value: unknown) => (Array.isArray(value) ? { not: 'a list' } : typeof value === 'string' ? 42 : 'not-a-number');
  const withValueAt = (base: unknown, [head, ...rest]: (string | number)[], value: unknown): unknown => {
    if (head === undefined) return value;
    const copy: any = Array.isArray(base) ? [...base] : { ...(base as object) };
    copy[head] = withValueAt(copy[head], rest, value);
    return copy;
  };
  const cases = leaves(prodFixture)
    .filter(([path]) => path[0] !== 'name' && path[path.length - 2] !== 'tags' && path[path.length - 2] !== 'labels')
    .map(([path, value]) => [path.join('.'), path, value] as const);

  test.each(cases)('%s', (_, path, value) => {
    const problems = problemsOf([withValueAt(prodFixture, path, wrongTypeFor(value)) as EnvironmentInput]);
    expect(problems.length).toBeGreaterThan(0);
    for (const problem of problems) {
      expect(problem).toMatch(/^fx-prod\.\S+: /);
      expect(problem).not.toMatch(/Invalid input|Invalid option|Too small|Too big|Unrecognized key|Invalid string/);
    }
    expect(problems.join('\n')).toMatch(
      /expected (a string|a number|true or false|a list|an object)|is not allowed|is not a known|must be|is not/,
    );
  });
});

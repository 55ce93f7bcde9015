import { parseEnvironment } from '../lib/config/parse';
import type { EnvironmentInput } from '../lib/config/schema';
import { SUPPORTED_KUBERNETES_VERSIONS } from '../lib/config/version-matrix';
import { devFixture as dev, FIXTURES, prodFixture as prod, stagingFixture as staging } from './fixtures/environments';
import { problemsOf } from './helpers/config';
import { withOverrides } from './helpers/synth';

describe('the fixtures (shaped like the shipped samples)', () => {
  test('dev is cheap: one NAT gateway, small nodes, no protection', () => {
    const env = parseEnvironment(dev);
    expect(env.network.natGateways).toBe(1);
    expect(env.systemNodeGroup.instanceTypes.every((type) => type.endsWith('.medium'))).toBe(true);
    expect(env.deletionProtection).toBe(false);
  });

  test('prod has a NAT gateway per AZ, a restricted endpoint and both protections', () => {
    const env = parseEnvironment(prod);
    expect(env.network.natGateways).toBe(env.availabilityZones.length);
    expect(env.cluster.endpointAccess).toEqual({ mode: 'public-and-private', publicCidrs: ['198.51.100.0/24'] });
    expect(env.network.interfaceEndpoints).toBe(true);
    expect(env.deletionProtection).toBe(true);
    expect(env.terminationProtection).toBe(true);
  });
});

describe('defaults', () => {
  const minimal: EnvironmentInput = {
    name: 'sandbox',
    account: '123456789012',
    region: 'us-east-1',
    availabilityZones: ['us-east-1a', 'us-east-1b'],
    network: { vpcCidr: '10.0.0.0/16', natGateways: 1 },
    cluster: { kubernetesVersion: '1.35', endpointAccess: { mode: 'private' } },
    systemNodeGroup: { instanceTypes: ['m6i.large'], minSize: 2, desiredSize: 2, maxSize: 3 },
    access: { roles: [{ arn: 'arn:aws:iam::123456789012:role/Admin', access: 'admin' }] },
    ingress: { certificateArns: ['arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555'] },
  };

  test('are safe: protected, all five log types, AL2023 on demand, interface endpoints for private clusters', () => {
    const env = parseEnvironment(minimal);
    expect(env.deletionProtection).toBe(true);
    expect(env.terminationProtection).toBe(true);
    expect(env.cluster.controlPlaneLogTypes).toEqual(['api', 'audit', 'authenticator', 'controllerManager', 'scheduler']);
    expect(env.cluster.name).toBe('sandbox-platform');
    expect(env.network.interfaceEndpoints).toBe(true);
    expect(env.network.privateSubnetPrefixLength).toBe(19);
    expect(env.systemNodeGroup).toMatchObject({ amiFamily: 'AL2023', capacityType: 'ON_DEMAND', diskSizeGiB: 50, architecture: 'x86_64' });
  });

  test('a public endpoint gets no interface endpoints unless asked', () => {
    const env = parseEnvironment(
      withOverrides(minimal, { cluster: { endpointAccess: { mode: 'public', publicCidrs: ['198.51.100.0/24'] } } }),
    );
    expect(env.network.interfaceEndpoints).toBe(false);
  });

  test('arm64 instance types resolve to the arm64 architecture', () => {
    const env = parseEnvironment(withOverrides(minimal, { systemNodeGroup: { instanceTypes: ['m7g.large', 't4g.medium'] } }));
    expect(env.systemNodeGroup.architecture).toBe('arm64');
  });
});

describe('bad input', () => {
  const cases: [string, DeepPartialInput, string][] = [
    [
      'a malformed CIDR',
      { network: { vpcCidr: '10.0.0/16' } },
      'fx-dev.network.vpcCidr: "10.0.0/16" is not an IPv4 CIDR such as 10.0.0.0/16',
    ],
    [
      'a CIDR with host bits',
      { network: { vpcCidr: '10.0.1.0/16' } },
      'fx-dev.network.vpcCidr: "10.0.1.0/16" is not a network address (host bits are set)',
    ],
    [
      'a VPC too small for its subnets',
      { network: { vpcCidr: '10.0.0.0/20' } },
      'fx-dev.network.vpcCidr: 10.0.0.0/20 holds 4096 addresses but 2 private /19 and 2 public /24 subnets need 16896',
    ],
    [
      'an AZ outside the region',
      { availabilityZones: ['eu-west-1a', 'us-east-1b'] },
      'fx-dev.availabilityZones[1]: "us-east-1b" is not in eu-west-1; its zones are eu-west-1a, eu-west-1b, eu-west-1c',
    ],
    [
      'an AZ listed twice',
      { availabilityZones: ['eu-west-1a', 'eu-west-1a'] },
      'fx-dev.availabilityZones[1]: "eu-west-1a" is listed twice',
    ],
    [
      'a single AZ',
      { availabilityZones: ['eu-west-1a'] },
      'fx-dev.availabilityZones: EKS needs subnets in at least two availability zones',
    ],
    ['an unknown region', { region: 'eu-west-9' }, 'fx-dev.region: "eu-west-9" is not a known region'],
    [
      'min > max',
      { systemNodeGroup: { minSize: 5, maxSize: 3, desiredSize: 3 } },
      'fx-dev.systemNodeGroup.minSize: minSize 5 is greater than maxSize 3',
    ],
    [
      'desired outside min..max',
      { systemNodeGroup: { desiredSize: 9 } },
      'fx-dev.systemNodeGroup.desiredSize: desiredSize 9 is outside minSize..maxSize (2..3)',
    ],
    [
      'an unknown instance family',
      { systemNodeGroup: { instanceTypes: ['m6l.large'] } },
      'fx-dev.systemNodeGroup.instanceTypes[0]: "m6l.large" is not a known instance type; families allowed: t2, m4, t3, ',
    ],
    [
      'mixed architectures',
      { systemNodeGroup: { instanceTypes: ['m6i.large', 'm7g.large'] } },
      'fx-dev.systemNodeGroup.instanceTypes: mixes x86_64 and arm64 instance types',
    ],
    [
      'an unsupported Kubernetes version',
      { cluster: { kubernetesVersion: '1.29' } },
      `fx-dev.cluster.kubernetesVersion: "1.29" is not supported; supported versions: ${SUPPORTED_KUBERNETES_VERSIONS.join(', ')}`,
    ],
    ['a malformed account ID', { account: '12345' }, 'fx-dev.account: "12345" must be a 12-digit AWS account ID'],
    [
      'more NAT gateways than AZs',
      { network: { natGateways: 3 } },
      'fx-dev.network.natGateways: 3 NAT gateways for 2 availability zones; use at most one per zone',
    ],
    [
      'a public endpoint open to nobody',
      { cluster: { endpointAccess: { mode: 'public', publicCidrs: [] } } },
      'fx-dev.cluster.endpointAccess.publicCidrs: name at least one CIDR',
    ],
    [
      'an unknown log type',
      { cluster: { controlPlaneLogTypes: ['api', 'kubelet'] } } as DeepPartialInput,
      'fx-dev.cluster.controlPlaneLogTypes[1]: "kubelet" is not allowed; use one of "api", "audit", "authenticator", "controllerManager", "scheduler"',
    ],
    [
      'a log retention CloudWatch does not offer',
      { cluster: { controlPlaneLogRetentionDays: 10 } },
      'fx-dev.cluster.controlPlaneLogRetentionDays: 10 must be one of the CloudWatch Logs retention periods',
    ],
    [
      'a misspelt field',
      { network: { natGateway: 1 } } as DeepPartialInput,
      'fx-dev.network: unknown field "natGateway"; the fields here are vpcCidr, privateSubnetPrefixLength, ',
    ],
  ];

  test.each(cases)('%s is reported as env.field: message', (_, overrides, expected) => {
    const problems = problemsOf([withOverrides(dev, overrides)]);
    expect(problems.some((problem) => problem.startsWith(expected))).toBe(true);
  });

  test('a missing field is reported as required', () => {
    const { account: _, ...withoutAccount } = dev;
    expect(problemsOf([withoutAccount as EnvironmentInput])).toEqual(['fx-dev.account: is required']);
  });

  test('every problem in every environment is reported at once', () => {
    const brokenDev = withOverrides(dev, { account: 'x', network: { vpcCidr: 'nope' } });
    const brokenProd = withOverrides(prod, { systemNodeGroup: { minSize: 9 } });
    const problems = problemsOf([brokenDev, staging, brokenProd]);
    expect(problems).toEqual([
      'fx-dev.account: "x" must be a 12-digit AWS account ID',
      'fx-dev.network.vpcCidr: "nope" is not an IPv4 CIDR such as 10.0.0.0/16',
      'fx-prod.systemNodeGroup.minSize: minSize 9 is greater than maxSize 6',
      'fx-prod.systemNodeGroup.desiredSize: desiredSize 3 is outside minSize..maxSize (9..6)',
    ]);
  });

  test('the error message lists each problem on its own line', () => {
    expect(() => parseEnvironment(withOverrides(dev, { account: 'x' }))).toThrow(
      'Invalid platform configuration (1 problem):\n  - fx-dev.account: "x" must be a 12-digit AWS account ID',
    );
  });

  test('an unknown environment name lists the known ones', () => {
    expect(problemsOf([...FIXTURES], 'qa')).toEqual([
      'context.env: unknown environment "qa"; known environments: fx-dev, fx-staging, fx-prod',
    ]);
  });

  test('selecting one environment validates only that one', () => {
    const brokenProd = withOverrides(prod, { account: 'x' });
    expect(problemsOf([dev, brokenProd], 'fx-dev')).toEqual([]);
    expect(problemsOf([dev, brokenProd], 'fx-prod')).toEqual(['fx-prod.account: "x" must be a 12-digit AWS account ID']);
  });

  test('two environments with one name are rejected', () => {
    expect(problemsOf([dev, dev])).toEqual(['fx-dev.name: two environments are called "fx-dev"']);
  });
});

type DeepPartialInput = Parameters<typeof withOverrides>[1];

import { NODE_INTERFACE_ENDPOINTS } from '../lib/vpc-endpoints';
import { ENVIRONMENTS } from '../lib/config/environments';
import { devFixture as dev, prodFixture as prod } from './fixtures/environments';
import { parseEnvironment } from '../lib/config/parse';
import { ENI_LIMITS } from '../lib/max-pods';
import { addressesPerNode, nodeGroupMaxPods, nodeMaxPods } from '../lib/pod-addresses';
import { subnetCapacity } from '../lib/subnet-capacity';
import { planSubnets, usableAddresses } from '../lib/subnet-plan';
import { problemsOf } from './helpers/config';
import { resourcesOfType, synthEnvironment, withOverrides } from './helpers/synth';

const PREFIXES = { prefixDelegation: true };
const SECONDARY_IPS = { prefixDelegation: false };

describe('addresses a node takes from its subnet', () => {
  // Secondary IPs: pods + one spare ENI's worth (WARM_ENI_TARGET=1), capped at the ENI slots, plus
  // one primary address per ENI. Prefixes: /28s for 108 pods (7) + 1 warm, plus ENI primaries.
  test.each([
    ['t3.medium', 17, 18, 110, 130],
    ['m5.large', 29, 30, 110, 129],
    ['c5.large', 29, 30, 110, 129],
    ['m6i.large', 29, 30, 110, 129],
  ])('%s: %i pods in %i addresses, or %i pods in %i addresses with prefixes', (type, pods, addresses, prefixPods, prefixAddresses) => {
    const limits = ENI_LIMITS[type];
    expect(nodeMaxPods(limits, false)).toBe(pods);
    expect(addressesPerNode(limits, SECONDARY_IPS)).toBe(addresses);
    expect(nodeMaxPods(limits, true)).toBe(prefixPods);
    expect(addressesPerNode(limits, PREFIXES)).toBe(prefixAddresses);
  });

  test('large types are capped at 110 pods below 30 vCPUs, as EKS caps managed node groups', () => {
    expect(nodeMaxPods(ENI_LIMITS['m5.4xlarge'], false)).toBe(110);
  });

  test('warm targets change what a node holds', () => {
    const m6i = ENI_LIMITS['m6i.large'];
    expect(addressesPerNode(m6i, { prefixDelegation: true, warmPrefixTarget: 2 })).toBe(9 * 16 + 1);
    expect(addressesPerNode(m6i, { prefixDelegation: true, warmIpTarget: 5 })).toBe(8 * 16 + 1);
    expect(addressesPerNode(m6i, { prefixDelegation: false, warmIpTarget: 0 })).toBe(27 + 3);
    // MINIMUM_IP_TARGET above what the pods need: the node holds the minimum.
    expect(addressesPerNode(ENI_LIMITS['t3.medium'], { prefixDelegation: true, minimumIpTarget: 200 })).toBe(13 * 16 + 3);
  });

  test('a node group gets the smallest max pods of its instance types', () => {
    expect(nodeGroupMaxPods(['t3.medium', 'm5.large'], false, (type) => ENI_LIMITS[type])).toBe(17);
    expect(nodeGroupMaxPods(['t3.medium', 'm5.large'], true, (type) => ENI_LIMITS[type])).toBe(110);
  });
});

describe('subnet plan', () => {
  test.each(ENVIRONMENTS.map((env) => [env.name, env] as const))('%s: matches the subnets CDK creates', (_, input) => {
    const env = parseEnvironment(input);
    const plan = planSubnets(
      env.network.vpcCidr,
      env.availabilityZones.length,
      env.network.privateSubnetPrefixLength,
      env.network.publicSubnetPrefixLength,
    );
    const subnets = resourcesOfType(synthEnvironment(input).network, 'AWS::EC2::Subnet').map(([, props]) => props);
    const cidrsOfType = (type: string) =>
      subnets
        .filter((subnet) =>
          subnet.Tags.some((tag: { Key: string; Value: string }) => tag.Key === 'aws-cdk:subnet-type' && tag.Value === type),
        )
        .map((subnet) => subnet.CidrBlock);
    expect(cidrsOfType('Private')).toEqual(plan.privateSubnets);
    expect(cidrsOfType('Public')).toEqual(plan.publicSubnets);
  });

  test('aligns each block on its own size', () => {
    expect(planSubnets('10.0.0.0/20', 3, 22, 24)).toEqual({
      privateSubnets: ['10.0.0.0/22', '10.0.4.0/22', '10.0.8.0/22'],
      publicSubnets: ['10.0.12.0/24', '10.0.13.0/24', '10.0.14.0/24'],
    });
  });

  test('AWS keeps five addresses of every subnet', () => {
    expect(usableAddresses(19)).toBe(8192 - 5);
  });
});

describe('subnet capacity', () => {
  test('spreads each node set evenly across the zones, rounding up', () => {
    const capacity = subnetCapacity({
      zoneCount: 2,
      privateSubnetPrefixLength: 22,
      cni: PREFIXES,
      nodes: [
        { field: 'system', maxNodes: 3, instanceTypes: ['m6i.large'] },
        { field: 'workload', maxNodes: 20, instanceTypes: ['m5.large', 't3.medium'] },
        { field: 'none', maxNodes: 0, instanceTypes: ['m5.large'] },
      ],
      otherAddressesPerSubnet: 11,
    });
    expect(capacity).toEqual({
      neededPerSubnet: 11 + 2 * 129 + 10 * 130,
      usablePerSubnet: 1019,
      breakdown: ['2 node(s) x 129 addresses (system)', '10 node(s) x 130 addresses (workload)', '11 addresses (other network interfaces)'],
    });
  });
});

describe('IP planning config errors', () => {
  const small = withOverrides(dev, {
    network: { vpcCidr: '10.0.0.0/20', privateSubnetPrefixLength: 22, workloadNodes: { maxNodes: 20, instanceTypes: ['m6i.large'] } },
    systemNodeGroup: { instanceTypes: ['m6i.large'] },
  });

  test('a subnet plan that cannot hold the node maximum fails and says by how much', () => {
    expect(problemsOf([small])).toEqual([
      'fx-dev.network.privateSubnetPrefixLength: each private /22 subnet has 1019 usable addresses but needs 1548 ' +
        '(2 node(s) x 129 addresses (systemNodeGroup.maxSize) + 10 node(s) x 129 addresses (network.workloadNodes.maxNodes)), 529 short; ' +
        'use larger private subnets (a smaller prefix length, in a larger VPC CIDR if needed) or fewer nodes: a VPC cannot be resized later',
    ]);
  });

  test('the same plan fits with fewer nodes', () => {
    expect(problemsOf([withOverrides(small, { network: { workloadNodes: { maxNodes: 10, instanceTypes: ['m6i.large'] } } })])).toEqual([]);
  });

  test('interface endpoints count against each private subnet: one ENI each', () => {
    expect(problemsOf([small])[0]).toContain('needs 1548');
    expect(problemsOf([withOverrides(small, { network: { interfaceEndpoints: true } })])[0]).toContain(
      `needs ${1548 + Object.keys(NODE_INTERFACE_ENDPOINTS).length}`,
    );
  });

  test('an instance type missing from the ENI table', () => {
    expect(problemsOf([withOverrides(dev, { network: { workloadNodes: { instanceTypes: ['m6i.large', 'c7i.large'] } } })])).toEqual([
      'fx-dev.network.workloadNodes.instanceTypes[1]: "c7i.large" has no ENI limits in lib/max-pods.ts, so its pods per node are unknown; add it from `aws ec2 describe-instance-types`',
    ]);
  });

  test('prefix delegation on an instance type that is not Nitro', () => {
    expect(problemsOf([withOverrides(dev, { systemNodeGroup: { instanceTypes: ['t2.medium'] } })])).toEqual([
      'fx-dev.systemNodeGroup.instanceTypes[0]: "t2.medium" is not a Nitro instance type and cannot use prefix delegation; pick a Nitro type or set vpcCni.prefixDelegation: false',
    ]);
    expect(
      problemsOf([withOverrides(dev, { systemNodeGroup: { instanceTypes: ['t2.medium'] }, vpcCni: { prefixDelegation: false } })]),
    ).toEqual([]);
  });

  test('a warm prefix target without prefix delegation', () => {
    expect(problemsOf([withOverrides(prod, { vpcCni: { prefixDelegation: false } })])).toEqual([
      'fx-prod.vpcCni.warmPrefixTarget: applies only with prefix delegation; set vpcCni.prefixDelegation: true or use warmIpTarget',
    ]);
  });
});

import { architectureOf } from '../instance-types';
import { ENI_LIMITS } from '../max-pods';
import { parseQuantity } from '../quantity';
import { subnetCapacity } from '../subnet-capacity';
import { NODE_INTERFACE_ENDPOINTS } from '../vpc-endpoints';
import { karpenterMaxNodes } from './karpenter-rules';
import type { ParsedEnvironment } from './schema';

/**
 * Cross-field rules of the in-cluster platform: pod addressing against the subnet plan, HTTPS
 * against certificates, team defaults against their limits. Each names the field to change.
 */

/** EFS puts one mount target (an ENI with one address) in each private subnet. */
export const EFS_MOUNT_TARGETS_PER_SUBNET = 1;

type Problem = (path: (string | number)[], message: string) => void;

export function checkPlatformRules(env: ParsedEnvironment, problem: Problem): void {
  const addressable = checkInstanceTypes(env, problem);
  if (addressable) checkSubnetCapacity(env, problem);
  checkVpcCni(env, problem);
  checkIngress(env, problem);
  checkTeamNamespaces(env, problem);
}

/** Every node instance type must be in the ENI table and, with prefix delegation, be Nitro. */
function checkInstanceTypes(env: ParsedEnvironment, problem: Problem): boolean {
  let addressable = true;
  const groups: [(string | number)[], readonly string[]][] = [
    [['systemNodeGroup', 'instanceTypes'], env.systemNodeGroup.instanceTypes],
    [['network', 'workloadNodes', 'instanceTypes'], env.network.workloadNodes.instanceTypes],
  ];
  for (const [path, types] of groups) {
    types.forEach((type, index) => {
      const limits = ENI_LIMITS[type];
      if (architectureOf(type) === undefined) {
        addressable = false; // the unknown family is reported on the field itself
      } else if (!limits) {
        addressable = false;
        problem(
          [...path, index],
          `"${type}" has no ENI limits in lib/max-pods.ts, so its pods per node are unknown; add it from \`aws ec2 describe-instance-types\``,
        );
      } else if (env.vpcCni.prefixDelegation && !limits.nitro) {
        addressable = false;
        problem(
          [...path, index],
          `"${type}" is not a Nitro instance type and cannot use prefix delegation; pick a Nitro type or set vpcCni.prefixDelegation: false`,
        );
      }
    });
  }
  return addressable;
}

function checkSubnetCapacity(env: ParsedEnvironment, problem: Problem): void {
  const capacity = subnetCapacity({
    zoneCount: env.availabilityZones.length,
    privateSubnetPrefixLength: env.network.privateSubnetPrefixLength,
    cni: env.vpcCni,
    nodes: [
      { field: 'systemNodeGroup.maxSize', maxNodes: env.systemNodeGroup.maxSize, instanceTypes: env.systemNodeGroup.instanceTypes },
      {
        field: env.network.workloadNodes.maxNodes === undefined ? 'karpenter.pools' : 'network.workloadNodes.maxNodes',
        maxNodes: env.network.workloadNodes.maxNodes ?? karpenterMaxNodes(env.karpenter.pools),
        instanceTypes: env.network.workloadNodes.instanceTypes,
      },
    ],
    otherAddressesPerSubnet:
      (interfaceEndpointsEnabled(env) ? Object.keys(NODE_INTERFACE_ENDPOINTS).length : 0) +
      // An EFS mount target is one network interface, one address, in every private subnet.
      (env.efs.enabled ? EFS_MOUNT_TARGETS_PER_SUBNET : 0),
    otherAddressesFor: [interfaceEndpointsEnabled(env) && 'interface endpoints', env.efs.enabled && 'EFS mount target']
      .filter(Boolean)
      .join(', '),
  });
  if (capacity.neededPerSubnet <= capacity.usablePerSubnet) return;
  problem(
    ['network', 'privateSubnetPrefixLength'],
    `each private /${env.network.privateSubnetPrefixLength} subnet has ${capacity.usablePerSubnet} usable addresses but needs ` +
      `${capacity.neededPerSubnet} (${capacity.breakdown.join(' + ')}), ${capacity.neededPerSubnet - capacity.usablePerSubnet} short; ` +
      'use larger private subnets (a smaller prefix length, in a larger VPC CIDR if needed) or fewer nodes: a VPC cannot be resized later',
  );
}

/** Mirrors the default in parse.ts: private clusters get interface endpoints. */
function interfaceEndpointsEnabled(env: ParsedEnvironment): boolean {
  return env.network.interfaceEndpoints ?? env.cluster.endpointAccess.mode === 'private';
}

function checkVpcCni(env: ParsedEnvironment, problem: Problem): void {
  if (!env.vpcCni.prefixDelegation && env.vpcCni.warmPrefixTarget !== undefined)
    problem(['vpcCni', 'warmPrefixTarget'], 'applies only with prefix delegation; set vpcCni.prefixDelegation: true or use warmIpTarget');
}

function checkIngress(env: ParsedEnvironment, problem: Problem): void {
  // An internal ALB's nodes share the private subnets with every pod, so a team network policy
  // that lets the ALB in would let the whole cluster in.
  const hasTeams = env.access.roles.concat(env.access.users).some((grant) => typeof grant.access === 'object');
  if (env.ingress.scheme === 'internal' && hasTeams)
    problem(
      ['ingress', 'scheme'],
      "internal ALBs share the private subnets with pods, so team namespaces' network policies could not admit the ALB without admitting every pod; use internet-facing (restrict it with ingress.inboundCidrs)",
    );
  if (env.ingress.requireHttps && env.ingress.certificateArns.length === 0)
    problem(
      ['ingress', 'certificateArns'],
      'this environment requires HTTPS (ingress.requireHttps), so the shared ALB needs at least one ACM certificate ARN',
    );
}

/**
 * Requests never above limits (the API server refuses such a container:
 * https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#requests-and-limits),
 * and the LimitRange defaults within the ResourceQuota, or every container that relies on them
 * is refused by quota admission (https://kubernetes.io/docs/concepts/policy/resource-quotas/).
 */
function checkTeamNamespaces(env: ParsedEnvironment, problem: Problem): void {
  const { quota, containerDefaults } = env.teamNamespaces;
  const notAbove = (path: string[], request: string, limit: string, what: string) => {
    const [requested, limited] = [parseQuantity(request), parseQuantity(limit)];
    if (requested === undefined || limited === undefined) return; // already reported on the field
    if (requested > limited) problem(['teamNamespaces', ...path], `${request} is more than the ${what} ${limit}`);
  };
  notAbove(['quota', 'requestsCpu'], quota.requestsCpu, quota.limitsCpu, 'CPU limit quota');
  notAbove(['quota', 'requestsMemory'], quota.requestsMemory, quota.limitsMemory, 'memory limit quota');
  notAbove(['containerDefaults', 'requestsCpu'], containerDefaults.requestsCpu, containerDefaults.limitsCpu, 'default CPU limit');
  notAbove(
    ['containerDefaults', 'requestsMemory'],
    containerDefaults.requestsMemory,
    containerDefaults.limitsMemory,
    'default memory limit',
  );
  const quotaWord = "namespace quota's";
  notAbove(['containerDefaults', 'requestsCpu'], containerDefaults.requestsCpu, quota.requestsCpu, `${quotaWord} requestsCpu`);
  notAbove(['containerDefaults', 'requestsMemory'], containerDefaults.requestsMemory, quota.requestsMemory, `${quotaWord} requestsMemory`);
  notAbove(['containerDefaults', 'limitsCpu'], containerDefaults.limitsCpu, quota.limitsCpu, `${quotaWord} limitsCpu`);
  notAbove(['containerDefaults', 'limitsMemory'], containerDefaults.limitsMemory, quota.limitsMemory, `${quotaWord} limitsMemory`);
}

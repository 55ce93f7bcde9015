import { formatCidr, isNetworkAddress, overlaps, parseCidr } from '../ipv4';
import { ackCapabilityRoleName } from '../ack-services';
import type { EnvironmentInput } from './schema';

/**
 * Rules between environments, checked on every environment in the file:
 * - VPC ranges must not overlap, so environments can be peered or joined by a transit gateway
 *   later (AWS refuses a peering connection between VPCs with overlapping CIDRs:
 *   https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-basics.html).
 * - Cluster names are unique per account and region (EKS: "The name must be unique within the
 *   AWS Region and AWS account", https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateCluster.html).
 * - ACK's IAM roles (named after the cluster) are unique per account: IAM names are global to an
 *   account, so two environments with ACK in one account need different cluster names even in
 *   different regions.
 * Malformed values are skipped here: the environment's own checks report them.
 */
export function checkAcrossEnvironments(inputs: readonly EnvironmentInput[]): string[] {
  return [...overlappingVpcs(inputs), ...collidingClusterNames(inputs), ...collidingAckRoles(inputs)];
}

function overlappingVpcs(inputs: readonly EnvironmentInput[]): string[] {
  const problems: string[] = [];
  const vpcs = inputs.map((input) => ({
    name: input.name,
    cidr: input.network?.vpcCidr,
    block: parseCidr(String(input.network?.vpcCidr)),
  }));
  vpcs.forEach((vpc, index) => {
    if (!vpc.block || !isNetworkAddress(vpc.block)) return;
    const earlier = vpcs.slice(0, index).find((other) => other.block && isNetworkAddress(other.block) && overlaps(other.block, vpc.block!));
    if (earlier)
      problems.push(
        `${vpc.name}.network.vpcCidr: "${vpc.cidr}" overlaps ${earlier.name}'s ${formatCidr(earlier.block!)}; ` +
          'give every environment its own range (for instance 10.10.0.0/16, 10.20.0.0/16, ...) so they can be peered later',
      );
  });
  return problems;
}

function collidingClusterNames(inputs: readonly EnvironmentInput[]): string[] {
  const problems: string[] = [];
  const seen = new Map<string, string>();
  for (const input of inputs) {
    if (typeof input.name !== 'string' || typeof input.account !== 'string' || typeof input.region !== 'string') continue;
    const clusterName = input.cluster?.name ?? `${input.name}-platform`;
    const key = `${input.account}/${input.region}/${clusterName}`;
    const earlier = seen.get(key);
    if (earlier)
      problems.push(
        `${input.name}.cluster.name: "${clusterName}" is also ${earlier}'s cluster name in account ${input.account}, ${input.region}; ` +
          'EKS cluster names are unique per account and region, so set cluster.name on one of them',
      );
    else seen.set(key, input.name);
  }
  return problems;
}

function collidingAckRoles(inputs: readonly EnvironmentInput[]): string[] {
  const problems: string[] = [];
  const seen = new Map<string, EnvironmentInput>();
  for (const input of inputs) {
    if (input.ack?.enabled !== true || typeof input.name !== 'string' || typeof input.account !== 'string') continue;
    const clusterName = input.cluster?.name ?? `${input.name}-platform`;
    const key = `${input.account}/${ackCapabilityRoleName(clusterName).toLowerCase()}`;
    const earlier = seen.get(key);
    // Same account and region is already reported as a cluster name collision.
    if (earlier && earlier.region !== input.region)
      problems.push(
        `${input.name}.cluster.name: "${clusterName}" is also ${earlier.name}'s cluster name in account ${input.account} (${earlier.region}), and both enable ACK, ` +
          `whose IAM roles (${ackCapabilityRoleName(clusterName)}, <cluster>-<team>-ack) are named after the cluster and unique per account; set cluster.name on one of them`,
      );
    else if (!earlier) seen.set(key, input);
  }
  return problems;
}

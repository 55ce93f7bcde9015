import { blockSize, formatCidr, parseCidr } from './ipv4';

/**
 * The subnet CIDRs the VPC gets, computed the way CDK's `Vpc` allocates them: each subnet group
 * in order (private first, as the largest), one block per AZ, packed from the start of the VPC
 * range. Known at synth time, so network policies and capacity checks can name real ranges.
 */
export interface SubnetPlan {
  readonly privateSubnets: readonly string[];
  readonly publicSubnets: readonly string[];
}

/** AWS keeps five addresses of every subnet (network, router, DNS, future use, broadcast). */
export const AWS_RESERVED_ADDRESSES_PER_SUBNET = 5;

export function planSubnets(vpcCidr: string, zoneCount: number, privatePrefixLength: number, publicPrefixLength: number): SubnetPlan {
  const vpc = parseCidr(vpcCidr);
  if (!vpc) throw new Error(`"${vpcCidr}" is not an IPv4 CIDR`);
  let next = vpc.base;
  const allocate = (prefixLength: number): string => {
    const size = blockSize(prefixLength);
    next = Math.ceil(next / size) * size; // blocks start on their own boundary
    const cidr = formatCidr({ base: next, prefixLength });
    next += size;
    return cidr;
  };
  const privateSubnets = Array.from({ length: zoneCount }, () => allocate(privatePrefixLength));
  const publicSubnets = Array.from({ length: zoneCount }, () => allocate(publicPrefixLength));
  return { privateSubnets, publicSubnets };
}

/** Addresses a subnet of this size can hand out to ENIs. */
export function usableAddresses(prefixLength: number): number {
  return blockSize(prefixLength) - AWS_RESERVED_ADDRESSES_PER_SUBNET;
}

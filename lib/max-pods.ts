/**
 * How many pods fit on a node when the VPC CNI gives every pod a VPC address. Pure functions
 * over a table of ENI limits, so that subnet capacity can be checked at synth time.
 */

export interface EniLimits {
  /** Network interfaces the instance can attach. */
  readonly maxEnis: number;
  /** IPv4 addresses per interface, the primary one included. */
  readonly ipv4PerEni: number;
  readonly vcpus: number;
  /** Nitro instances can take /28 prefixes instead of single addresses (prefix delegation). */
  readonly nitro: boolean;
}

/** ENI limits of the instance types the environments may use (EC2 `DescribeInstanceTypes`). */
export const ENI_LIMITS: Readonly<Record<string, EniLimits>> = {
  't3.medium': { maxEnis: 3, ipv4PerEni: 6, vcpus: 2, nitro: true },
  't3.large': { maxEnis: 3, ipv4PerEni: 12, vcpus: 2, nitro: true },
  't3.xlarge': { maxEnis: 4, ipv4PerEni: 15, vcpus: 4, nitro: true },
  't3a.medium': { maxEnis: 3, ipv4PerEni: 6, vcpus: 2, nitro: true },
  't3a.large': { maxEnis: 3, ipv4PerEni: 12, vcpus: 2, nitro: true },
  't4g.medium': { maxEnis: 3, ipv4PerEni: 6, vcpus: 2, nitro: true },
  't4g.large': { maxEnis: 3, ipv4PerEni: 12, vcpus: 2, nitro: true },
  'm5.large': { maxEnis: 3, ipv4PerEni: 10, vcpus: 2, nitro: true },
  'm5.xlarge': { maxEnis: 4, ipv4PerEni: 15, vcpus: 4, nitro: true },
  'm5.2xlarge': { maxEnis: 4, ipv4PerEni: 15, vcpus: 8, nitro: true },
  'm5.4xlarge': { maxEnis: 8, ipv4PerEni: 30, vcpus: 16, nitro: true },
  'm6i.large': { maxEnis: 3, ipv4PerEni: 10, vcpus: 2, nitro: true },
  'm6i.xlarge': { maxEnis: 4, ipv4PerEni: 15, vcpus: 4, nitro: true },
  'm6i.2xlarge': { maxEnis: 4, ipv4PerEni: 15, vcpus: 8, nitro: true },
  'm6i.4xlarge': { maxEnis: 8, ipv4PerEni: 30, vcpus: 16, nitro: true },
  'm6a.large': { maxEnis: 3, ipv4PerEni: 10, vcpus: 2, nitro: true },
  'm6g.large': { maxEnis: 3, ipv4PerEni: 10, vcpus: 2, nitro: true },
  'm7i.large': { maxEnis: 3, ipv4PerEni: 10, vcpus: 2, nitro: true },
  'm7g.large': { maxEnis: 3, ipv4PerEni: 10, vcpus: 2, nitro: true },
  'c5.large': { maxEnis: 3, ipv4PerEni: 10, vcpus: 2, nitro: true },
  'c5.xlarge': { maxEnis: 4, ipv4PerEni: 15, vcpus: 4, nitro: true },
  'c6i.large': { maxEnis: 3, ipv4PerEni: 10, vcpus: 2, nitro: true },
  'c6g.large': { maxEnis: 3, ipv4PerEni: 10, vcpus: 2, nitro: true },
  'c7g.large': { maxEnis: 3, ipv4PerEni: 10, vcpus: 2, nitro: true },
  'r5.large': { maxEnis: 3, ipv4PerEni: 10, vcpus: 2, nitro: true },
  'r6i.large': { maxEnis: 3, ipv4PerEni: 10, vcpus: 2, nitro: true },
  'r6g.large': { maxEnis: 3, ipv4PerEni: 10, vcpus: 2, nitro: true },
  'm4.large': { maxEnis: 2, ipv4PerEni: 10, vcpus: 2, nitro: false },
  't2.medium': { maxEnis: 3, ipv4PerEni: 6, vcpus: 2, nitro: false },
};

/** Addresses in one delegated IPv4 prefix (a /28). */
const ADDRESSES_PER_PREFIX = 16;

/** Pods that use host networking (kube-proxy, the VPC CNI) and so take no address of their own. */
export const HOST_NETWORK_PODS = 2;

/**
 * The kubelet's max pods: `ENIs * (IPv4 addresses per ENI - 1) + 2` in secondary-IP mode. With
 * prefix delegation each secondary slot holds a /28 of 16 addresses, and EKS caps the result at
 * 110 below 30 vCPUs and at 250 above.
 */
export function maxPods(limits: EniLimits, prefixDelegation: boolean): number {
  const slots = limits.maxEnis * (limits.ipv4PerEni - 1);
  if (!prefixDelegation) return slots + HOST_NETWORK_PODS;
  if (!limits.nitro) throw new Error('prefix delegation needs a Nitro instance type');
  const cap = limits.vcpus < 30 ? 110 : 250;
  return Math.min(slots * ADDRESSES_PER_PREFIX + HOST_NETWORK_PODS, cap);
}

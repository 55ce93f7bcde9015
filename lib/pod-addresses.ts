import type { EniLimits } from './max-pods';
import { HOST_NETWORK_PODS, maxPods } from './max-pods';

/**
 * How many VPC addresses one node takes from its subnet under the VPC CNI, at full pod density
 * with its warm pool, so that a subnet plan can be checked before the VPC exists. Pure: no CDK.
 */

/** The VPC CNI settings that decide how many addresses a node holds. */
export interface VpcCniAddressSettings {
  readonly prefixDelegation: boolean;
  /** Spare /28 prefixes kept attached (prefix mode; the CNI's default is 1). */
  readonly warmPrefixTarget?: number;
  /** Spare addresses kept attached; overrides the ENI and prefix warm targets. */
  readonly warmIpTarget?: number;
  /** Addresses attached from the start, whatever the pod count. */
  readonly minimumIpTarget?: number;
}

const ADDRESSES_PER_PREFIX = 16;

/**
 * The kubelet's max pods on a managed node: the ENI figure, capped as EKS caps managed node
 * groups (110 below 30 vCPUs, 250 from there), because more pods per node than that is
 * beyond what the kubelet is tested for.
 */
export function nodeMaxPods(limits: EniLimits, prefixDelegation: boolean): number {
  const cap = limits.vcpus < 30 ? 110 : 250;
  return Math.min(maxPods(limits, prefixDelegation), cap);
}

/**
 * The most addresses one node holds: one primary address per attached ENI, plus, in
 * secondary-IP mode, one address per pod and the warm pool (a whole spare ENI by default,
 * `WARM_ENI_TARGET=1`), or in prefix mode, whole /28 prefixes for the pods plus warm prefixes.
 */
export function addressesPerNode(limits: EniLimits, cni: VpcCniAddressSettings): number {
  const pods = nodeMaxPods(limits, cni.prefixDelegation) - HOST_NETWORK_PODS;
  const slotsPerEni = limits.ipv4PerEni - 1;
  const slots = limits.maxEnis * slotsPerEni;
  const minimum = cni.minimumIpTarget ?? 0;

  if (cni.prefixDelegation) {
    const warmPrefixes = cni.warmIpTarget !== undefined ? Math.ceil(cni.warmIpTarget / ADDRESSES_PER_PREFIX) : (cni.warmPrefixTarget ?? 1);
    const wanted = Math.max(Math.ceil(pods / ADDRESSES_PER_PREFIX) + warmPrefixes, Math.ceil(minimum / ADDRESSES_PER_PREFIX));
    const prefixes = Math.min(wanted, slots);
    return prefixes * ADDRESSES_PER_PREFIX + Math.ceil(prefixes / slotsPerEni);
  }

  const warm = cni.warmIpTarget ?? slotsPerEni;
  const addresses = Math.min(Math.max(pods + warm, minimum), slots);
  return addresses + Math.ceil(addresses / slotsPerEni);
}

/** Max pods for a node group that may launch any of these types: the smallest figure wins. */
export function nodeGroupMaxPods(
  instanceTypes: readonly string[],
  prefixDelegation: boolean,
  limitsOf: (type: string) => EniLimits,
): number {
  return Math.min(...instanceTypes.map((type) => nodeMaxPods(limitsOf(type), prefixDelegation)));
}

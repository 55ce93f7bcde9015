import { ENI_LIMITS } from './max-pods';
import type { VpcCniAddressSettings } from './pod-addresses';
import { addressesPerNode } from './pod-addresses';
import { usableAddresses } from './subnet-plan';

/**
 * Whether the private subnets can hold every node the platform may launch at full pod density.
 * A VPC CIDR cannot be resized after the fact, so this runs at synth. Pure: no CDK.
 */

/** A set of nodes that share instance types: the system node group, or Karpenter's capacity. */
export interface NodeDemand {
  /** The config field the count comes from, for the message. */
  readonly field: string;
  readonly maxNodes: number;
  /** Candidate instance types; the hungriest one is assumed. */
  readonly instanceTypes: readonly string[];
}

export interface SubnetCapacityInput {
  readonly zoneCount: number;
  readonly privateSubnetPrefixLength: number;
  readonly cni: VpcCniAddressSettings;
  readonly nodes: readonly NodeDemand[];
  /** Addresses other things take in every private subnet (interface endpoint ENIs, EFS mount targets). */
  readonly otherAddressesPerSubnet: number;
  /** What takes them, for the message: `interface endpoints, EFS mount target`. */
  readonly otherAddressesFor?: string;
}

export interface SubnetCapacity {
  /** Addresses one private subnet must hold: nodes spread evenly across the zones. */
  readonly neededPerSubnet: number;
  readonly usablePerSubnet: number;
  /** One line per node set: `3 nodes x 131 addresses (systemNodeGroup)`. */
  readonly breakdown: readonly string[];
}

/** The addresses one private subnet must hold. Instance types must be in the ENI table. */
export function subnetCapacity(input: SubnetCapacityInput): SubnetCapacity {
  const breakdown: string[] = [];
  let neededPerSubnet = input.otherAddressesPerSubnet;
  for (const demand of input.nodes) {
    if (demand.maxNodes === 0) continue;
    const perNode = Math.max(...demand.instanceTypes.map((type) => addressesPerNode(ENI_LIMITS[type], input.cni)));
    // Node groups and Karpenter balance across zones, so each subnet gets its share, rounded up.
    const nodesPerZone = Math.ceil(demand.maxNodes / input.zoneCount);
    neededPerSubnet += nodesPerZone * perNode;
    breakdown.push(`${nodesPerZone} node(s) x ${perNode} addresses (${demand.field})`);
  }
  if (input.otherAddressesPerSubnet > 0)
    breakdown.push(`${input.otherAddressesPerSubnet} addresses (${input.otherAddressesFor ?? 'other network interfaces'})`);
  return { neededPerSubnet, usablePerSubnet: usableAddresses(input.privateSubnetPrefixLength), breakdown };
}

import { z } from 'zod';

/**
 * The `vpcCni` section: how the VPC CNI hands out pod addresses. These settings decide how many
 * addresses each node takes, so the subnet capacity check at synth time reads them too.
 */
export const vpcCniSchema = z.strictObject({
  /**
   * Give nodes /28 prefixes instead of single addresses (`ENABLE_PREFIX_DELEGATION`): up to 110
   * pods on a small node instead of 17-29, and fewer EC2 API calls. Needs Nitro instance types.
   */
  prefixDelegation: z.boolean().default(true),
  /** `WARM_PREFIX_TARGET`: spare prefixes per node (prefix mode only; the CNI default is 1). */
  warmPrefixTarget: z.number().int().min(0).max(16).optional(),
  /** `WARM_IP_TARGET`: spare addresses per node; overrides the ENI and prefix warm targets. */
  warmIpTarget: z.number().int().min(0).max(250).optional(),
  /** `MINIMUM_IP_TARGET`: addresses every node holds from the start. */
  minimumIpTarget: z.number().int().min(0).max(250).optional(),
  /**
   * `AWS_VPC_K8S_CNI_EXTERNALSNAT`: leave pod traffic to leave the VPC with the pod's own address
   * (for VPN, Direct Connect or transit gateway peers that route back to pods). Off means the
   * node translates it, which is what NAT-gateway egress needs.
   */
  externalSnat: z.boolean().default(false),
});

export type VpcCniConfig = z.output<typeof vpcCniSchema>;

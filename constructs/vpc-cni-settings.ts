import type { VpcCniConfig } from '../lib/config/vpc-cni-schema';

/**
 * The vpc-cni add-on's configuration values: addressing mode and warm pool from config, and
 * network policy enforcement on, so that the platform's NetworkPolicies take effect.
 */
export function vpcCniSettings(cni: VpcCniConfig): object {
  const env: Record<string, string> = {
    ENABLE_PREFIX_DELEGATION: String(cni.prefixDelegation),
    AWS_VPC_K8S_CNI_EXTERNALSNAT: String(cni.externalSnat),
  };
  if (cni.prefixDelegation) env.WARM_PREFIX_TARGET = String(cni.warmPrefixTarget ?? 1);
  if (cni.warmIpTarget !== undefined) env.WARM_IP_TARGET = String(cni.warmIpTarget);
  if (cni.minimumIpTarget !== undefined) env.MINIMUM_IP_TARGET = String(cni.minimumIpTarget);
  return { env, enableNetworkPolicy: 'true' };
}

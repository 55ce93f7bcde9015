import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import type { KarpenterConfig, NodePoolConfig } from '../lib/config/karpenter-schema';
import {
  Ec2NodeClass,
  Ec2NodeClassSpecBlockDeviceMappingsEbsVolumeType,
  Ec2NodeClassSpecMetadataOptionsHttpEndpoint,
  Ec2NodeClassSpecMetadataOptionsHttpProtocolIPv6,
  Ec2NodeClassSpecMetadataOptionsHttpTokens,
} from './imports/karpenter.k8s.aws';
import type {
  NodePoolSpecTemplateSpecRequirements,
  NodePoolSpecDisruptionBudgetsReasons,
  NodePoolSpecDisruptionConsolidationPolicy,
  NodePoolSpecTemplateSpecTaintsEffect,
} from './imports/karpenter.sh';
import { NodePool, NodePoolSpecLimits, NodePoolSpecTemplateSpecRequirementsOperator } from './imports/karpenter.sh';

export interface KarpenterNodePoolsChartProps extends KarpenterConfig {
  readonly clusterName: string;
  /** The image release from the version matrix, pinned by alias (`al2023@v20260930`). */
  readonly amiRelease: string;
  /** Name of the IAM role Karpenter nodes run as; Karpenter manages its instance profile. */
  readonly nodeRoleName: string;
  /** The kubelet's max pods with prefix delegation; undefined lets Karpenter compute it from ENI limits. */
  readonly maxPods?: number;
  readonly tags: Readonly<Record<string, string>>;
}

/** The tag that marks the subnets and security group Karpenter nodes use. */
export const KARPENTER_DISCOVERY_TAG = 'karpenter.sh/discovery';
export const NODE_CLASS_NAME = 'default';
/** The label every pool's nodes carry, so workloads can ask for a pool by name. */
export const POOL_LABEL = 'platform/pool';

const AMI_ALIAS: Record<KarpenterConfig['amiFamily'], string> = { AL2023: 'al2023', BOTTLEROCKET: 'bottlerocket' };

/**
 * Karpenter's EC2NodeClass (AMI pinned by alias, subnets and security group by discovery tag,
 * IMDSv2 with hop limit 1 so pods cannot take the node's credentials, encrypted gp3 volumes) and
 * one NodePool per configured pool. Needs Karpenter's CRDs.
 */
export class KarpenterNodePoolsChart extends Chart {
  constructor(scope: Construct, id: string, props: KarpenterNodePoolsChartProps) {
    super(scope, id);
    const discovery = { [KARPENTER_DISCOVERY_TAG]: props.clusterName };

    new Ec2NodeClass(this, 'NodeClass', {
      metadata: { name: NODE_CLASS_NAME },
      spec: {
        role: props.nodeRoleName,
        amiSelectorTerms: [{ alias: `${AMI_ALIAS[props.amiFamily]}@${props.amiRelease}` }],
        subnetSelectorTerms: [{ tags: discovery }],
        securityGroupSelectorTerms: [{ tags: discovery }],
        metadataOptions: {
          httpEndpoint: Ec2NodeClassSpecMetadataOptionsHttpEndpoint.ENABLED,
          httpProtocolIPv6: Ec2NodeClassSpecMetadataOptionsHttpProtocolIPv6.DISABLED,
          httpPutResponseHopLimit: 1,
          httpTokens: Ec2NodeClassSpecMetadataOptionsHttpTokens.REQUIRED,
        },
        blockDeviceMappings: blockDevices(props.amiFamily, props.diskSizeGiB),
        ...(props.maxPods !== undefined ? { kubelet: { maxPods: props.maxPods } } : {}),
        ...(props.capacityReservationIds.length > 0
          ? { capacityReservationSelectorTerms: props.capacityReservationIds.map((id) => ({ id })) }
          : {}),
        tags: { ...props.tags },
      },
    });

    for (const pool of props.pools) this.addPool(pool);
  }

  private addPool(pool: NodePoolConfig): void {
    const { In, GT, LT } = {
      In: NodePoolSpecTemplateSpecRequirementsOperator.IN,
      GT: NodePoolSpecTemplateSpecRequirementsOperator.GT,
      LT: NodePoolSpecTemplateSpecRequirementsOperator.LT,
    };
    const requirements: NodePoolSpecTemplateSpecRequirements[] = [
      { key: 'karpenter.sh/capacity-type', operator: In, values: [...pool.capacityTypes] },
      { key: 'kubernetes.io/arch', operator: In, values: [...pool.architectures] },
      { key: 'kubernetes.io/os', operator: In, values: ['linux'] },
      { key: 'karpenter.k8s.aws/instance-category', operator: In, values: [...pool.instanceCategories] },
      { key: 'karpenter.k8s.aws/instance-generation', operator: GT, values: [String(pool.minInstanceGeneration - 1)] },
      { key: 'karpenter.k8s.aws/instance-cpu', operator: GT, values: [String(pool.minInstanceCpu - 1)] },
      ...(pool.maxInstanceCpu !== undefined
        ? [{ key: 'karpenter.k8s.aws/instance-cpu', operator: LT, values: [String(pool.maxInstanceCpu + 1)] }]
        : []),
    ];

    new NodePool(this, pool.name, {
      metadata: { name: pool.name },
      spec: {
        template: {
          metadata: { labels: { ...pool.labels, [POOL_LABEL]: pool.name } },
          spec: {
            nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: NODE_CLASS_NAME },
            requirements,
            expireAfter: pool.expireAfter,
            taints: pool.taints.map((taint) => ({ ...taint, effect: taint.effect as NodePoolSpecTemplateSpecTaintsEffect })),
          },
        },
        limits: {
          cpu: NodePoolSpecLimits.fromNumber(pool.limits.cpu),
          memory: NodePoolSpecLimits.fromString(`${pool.limits.memoryGiB}Gi`),
        },
        disruption: {
          consolidationPolicy: pool.consolidationPolicy as NodePoolSpecDisruptionConsolidationPolicy,
          consolidateAfter: pool.consolidateAfter,
          budgets: pool.disruptionBudgets.map((budget) => ({
            ...budget,
            reasons: budget.reasons?.map((reason) => reason as NodePoolSpecDisruptionBudgetsReasons),
          })),
        },
        ...(pool.weight !== undefined ? { weight: pool.weight } : {}),
      },
    });
  }
}

/** AL2023 keeps everything on its root volume; Bottlerocket has a small OS volume and a data volume. */
function blockDevices(amiFamily: KarpenterConfig['amiFamily'], sizeGiB: number) {
  const ebs = (size: number) => ({
    volumeSize: `${size}Gi`,
    volumeType: Ec2NodeClassSpecBlockDeviceMappingsEbsVolumeType.GP3,
    encrypted: true,
    deleteOnTermination: true,
  });
  if (amiFamily === 'BOTTLEROCKET')
    return [
      { deviceName: '/dev/xvda', ebs: ebs(4) },
      { deviceName: '/dev/xvdb', ebs: ebs(sizeGiB) },
    ];
  return [{ deviceName: '/dev/xvda', rootVolume: true, ebs: ebs(sizeGiB) }];
}

import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import type * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { CpuArchitecture } from '../lib/instance-types';
import type { AmiFamily } from './node-user-data';
import { maxPodsUserData } from './node-user-data';
import { nodeRole } from './node-role';
import { SYSTEM_NODE_LABEL, SYSTEM_NODE_TAINT } from '../lib/system-node-placement';

export interface SystemNodeGroupProps {
  readonly cluster: eks.Cluster;
  /** The cluster's `major.minor` version: the nodes follow it, so an upgrade rolls them. */
  readonly kubernetesVersion: string;
  readonly instanceTypes: readonly string[];
  readonly amiFamily: AmiFamily;
  readonly architecture: CpuArchitecture;
  readonly capacityType: 'ON_DEMAND' | 'SPOT';
  readonly minSize: number;
  readonly desiredSize: number;
  readonly maxSize: number;
  readonly diskSizeGiB: number;
  readonly maxUnavailable: number;
  /** The kubelet's max pods, from the instance types' ENI limits and the VPC CNI mode. */
  readonly maxPods: number;
}

const AMI_TYPES: Record<AmiFamily, Record<CpuArchitecture, eks.NodegroupAmiType>> = {
  AL2023: { x86_64: eks.NodegroupAmiType.AL2023_X86_64_STANDARD, arm64: eks.NodegroupAmiType.AL2023_ARM_64_STANDARD },
  BOTTLEROCKET: { x86_64: eks.NodegroupAmiType.BOTTLEROCKET_X86_64, arm64: eks.NodegroupAmiType.BOTTLEROCKET_ARM_64 },
};

/** AL2023 keeps everything on its root volume; Bottlerocket keeps images and pods on its second. */
const DATA_VOLUME_DEVICE: Record<AmiFamily, string> = { AL2023: '/dev/xvda', BOTTLEROCKET: '/dev/xvdb' };

/**
 * The managed node group that runs the platform's own controllers. It is labelled and tainted
 * so that only system workloads land on it; application capacity comes from Karpenter.
 */
export class SystemNodeGroup extends Construct {
  readonly nodegroup: eks.Nodegroup;
  readonly role: iam.IRole;

  constructor(scope: Construct, id: string, props: SystemNodeGroupProps) {
    super(scope, id);

    const launchTemplate = new ec2.LaunchTemplate(this, 'LaunchTemplate', {
      requireImdsv2: true,
      userData: maxPodsUserData(props.amiFamily, props.maxPods),
      // Pods get AWS credentials through IRSA, never from the node's instance profile.
      httpPutResponseHopLimit: 1,
      blockDevices: [
        {
          deviceName: DATA_VOLUME_DEVICE[props.amiFamily],
          volume: ec2.BlockDeviceVolume.ebs(props.diskSizeGiB, {
            volumeType: ec2.EbsDeviceVolumeType.GP3,
            encrypted: true,
            deleteOnTermination: true,
          }),
        },
      ],
    });

    this.role = nodeRole(this, 'NodeRole', 'System nodes of the platform');
    this.nodegroup = props.cluster.addNodegroupCapacity('SystemNodes', {
      nodeRole: this.role,
      instanceTypes: props.instanceTypes.map((type) => new ec2.InstanceType(type)),
      amiType: AMI_TYPES[props.amiFamily][props.architecture],
      capacityType: props.capacityType === 'SPOT' ? eks.CapacityType.SPOT : eks.CapacityType.ON_DEMAND,
      minSize: props.minSize,
      desiredSize: props.desiredSize,
      maxSize: props.maxSize,
      maxUnavailable: props.maxUnavailable,
      subnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      launchTemplateSpec: { id: launchTemplate.launchTemplateId!, version: launchTemplate.latestVersionNumber },
      labels: { [SYSTEM_NODE_LABEL.key]: SYSTEM_NODE_LABEL.value },
      taints: [{ key: SYSTEM_NODE_TAINT.key, value: SYSTEM_NODE_TAINT.value, effect: eks.TaintEffect.NO_SCHEDULE }],
      enableNodeAutoRepair: true,
    });
    (this.nodegroup.node.defaultChild as eks.CfnNodegroup).version = props.kubernetesVersion;
  }
}

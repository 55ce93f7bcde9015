import { Tags } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct } from 'constructs';
import { KARPENTER_DISCOVERY_TAG } from '../charts/karpenter-nodepools-chart';

export interface KarpenterNodeSecurityGroupProps {
  readonly cluster: eks.ICluster;
  readonly clusterName: string;
  readonly vpc: ec2.IVpc;
}

/**
 * The security group of Karpenter nodes, found by its discovery tag. EKS's own cluster security
 * group cannot carry our tags, so this group joins it both ways: the control plane and system
 * nodes (CoreDNS, webhooks) reach Karpenter nodes, and Karpenter nodes reach them.
 */
export class KarpenterNodeSecurityGroup extends Construct {
  readonly securityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: KarpenterNodeSecurityGroupProps) {
    super(scope, id);
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `Karpenter nodes of EKS cluster ${props.clusterName}`,
      allowAllOutbound: true,
    });
    Tags.of(this.securityGroup).add(KARPENTER_DISCOVERY_TAG, props.clusterName);
    // The load balancer controller picks this tag's group when it opens nodes to an ALB.
    Tags.of(this.securityGroup).add(`kubernetes.io/cluster/${props.clusterName}`, 'owned');

    this.securityGroup.addIngressRule(this.securityGroup, ec2.Port.allTraffic(), 'Pods and nodes on Karpenter nodes');
    this.securityGroup.addIngressRule(props.cluster.clusterSecurityGroup, ec2.Port.allTraffic(), 'Control plane and system nodes');
    new ec2.CfnSecurityGroupIngress(this, 'FromKarpenterNodes', {
      groupId: props.cluster.clusterSecurityGroupId,
      sourceSecurityGroupId: this.securityGroup.securityGroupId,
      ipProtocol: '-1',
      description: 'Karpenter nodes to the control plane and system nodes',
    });
  }
}

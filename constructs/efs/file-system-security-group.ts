import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';

export interface FileSystemSecurityGroupProps {
  readonly vpc: ec2.IVpc;
  readonly clusterName: string;
  /** Who may mount: the cluster security group (system nodes) and Karpenter's node security group. */
  readonly nodeSecurityGroups: readonly { readonly id: string; readonly securityGroup: ec2.ISecurityGroup }[];
}

export const NFS_PORT = 2049;

/**
 * The mount targets' security group: NFS (2049/tcp) from the node security groups and nothing
 * else, no outbound. Its rules are separate resources (no inline rules), so the group and the
 * mount targets that use it do not wait for the cluster whose security group the rules name.
 */
export class FileSystemSecurityGroup extends Construct {
  readonly securityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: FileSystemSecurityGroupProps) {
    super(scope, id);
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `EFS mount targets of EKS cluster ${props.clusterName}: NFS from its nodes only`,
      allowAllOutbound: false,
      disableInlineRules: true,
    });
    for (const { id: sourceId, securityGroup } of props.nodeSecurityGroups)
      new ec2.CfnSecurityGroupIngress(this, `NfsFrom${sourceId}`, {
        groupId: this.securityGroup.securityGroupId,
        sourceSecurityGroupId: securityGroup.securityGroupId,
        ipProtocol: 'tcp',
        fromPort: NFS_PORT,
        toPort: NFS_PORT,
        description: `NFS from ${sourceId}`,
      });
  }
}

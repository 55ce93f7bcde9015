import { RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';

export interface AckDatabaseNetworkProps {
  readonly vpc: ec2.IVpc;
  readonly subnetGroupName: string;
  /** Where team pods run (the cluster and Karpenter node security groups): they may connect. */
  readonly clientSecurityGroups: readonly { readonly id: string; readonly securityGroup: ec2.ISecurityGroup }[];
  readonly ports: readonly number[];
}

/**
 * Where team databases (ACK DBInstances) live: a DB subnet group over the VPC's private subnets,
 * which teams name in `spec.dbSubnetGroupName`, and a security group that admits team pods on the
 * database ports, which teams name in `spec.vpcSecurityGroupIDs`. Both are retained: team databases
 * outlive the platform's config, and neither can be deleted while a database uses it.
 */
export class AckDatabaseNetwork extends Construct {
  readonly subnetGroup: rds.CfnDBSubnetGroup;
  readonly securityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: AckDatabaseNetworkProps) {
    super(scope, id);
    this.subnetGroup = new rds.CfnDBSubnetGroup(this, 'SubnetGroup', {
      dbSubnetGroupName: props.subnetGroupName,
      dbSubnetGroupDescription: 'Team databases created through ACK: the private subnets',
      subnetIds: props.vpc.privateSubnets.map((subnet) => subnet.subnetId),
    });
    this.subnetGroup.applyRemovalPolicy(RemovalPolicy.RETAIN);

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'Team databases created through ACK: reachable from cluster nodes and pods on database ports',
      allowAllOutbound: false,
    });
    this.securityGroup.applyRemovalPolicy(RemovalPolicy.RETAIN);
    for (const { id: clientId, securityGroup } of props.clientSecurityGroups)
      for (const port of props.ports)
        this.securityGroup.addIngressRule(securityGroup, ec2.Port.tcp(port), `${clientId} to databases on ${port}`);
  }
}

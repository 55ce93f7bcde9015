import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { Construct } from 'constructs';
import { PlatformVpc } from '../../constructs/platform-vpc';
import type { EnvironmentStackProps } from './environment-stack';
import { EnvironmentStack } from './environment-stack';
import { logRetention, removalPolicyFor } from './protection';

/** The VPC of one environment. Kept apart from the cluster so each can change on its own. */
export class NetworkStack extends EnvironmentStack {
  readonly vpc: ec2.Vpc;

  constructor(scope: Construct, id: string, props: EnvironmentStackProps) {
    super(scope, id, props);
    const { environment: env } = props;

    this.vpc = new PlatformVpc(this, 'Network', {
      cidr: env.network.vpcCidr,
      availabilityZones: env.availabilityZones,
      privateSubnetPrefixLength: env.network.privateSubnetPrefixLength,
      publicSubnetPrefixLength: env.network.publicSubnetPrefixLength,
      natGateways: env.network.natGateways,
      flowLogRetention: logRetention(env.network.flowLogRetentionDays),
      clusterName: env.cluster.name,
      interfaceEndpoints: env.network.interfaceEndpoints,
      removalPolicy: removalPolicyFor(env),
    }).vpc;
  }
}

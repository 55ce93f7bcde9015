import type { StackProps } from 'aws-cdk-lib';
import { Stack } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { Construct } from 'constructs';
import { PlatformVpc } from '../../constructs/platform-vpc';
import type { EnvironmentConfig } from '../config/parse';
import { logRetention, removalPolicyFor } from './protection';

export interface NetworkStackProps extends StackProps {
  readonly environment: EnvironmentConfig;
}

/** The VPC of one environment. Kept apart from the cluster so each can change on its own. */
export class NetworkStack extends Stack {
  readonly vpc: ec2.Vpc;
  private readonly zones: string[];

  constructor(scope: Construct, id: string, props: NetworkStackProps) {
    super(scope, id, props);
    const { environment: env } = props;
    this.zones = [...env.availabilityZones];

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

  /** The AZs come from config, so synthesis never asks AWS for them. */
  override get availabilityZones(): string[] {
    return this.zones;
  }
}

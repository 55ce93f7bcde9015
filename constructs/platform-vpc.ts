import type { RemovalPolicy } from 'aws-cdk-lib';
import { Tags, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { NODE_INTERFACE_ENDPOINTS } from '../lib/vpc-endpoints';

export interface PlatformVpcProps {
  readonly cidr: string;
  readonly availabilityZones: readonly string[];
  readonly privateSubnetPrefixLength: number;
  readonly publicSubnetPrefixLength: number;
  readonly natGateways: number;
  readonly flowLogRetention: logs.RetentionDays;
  /** Cluster name for the `karpenter.sh/discovery` tag on the private subnets. */
  readonly clusterName: string;
  /** Add interface endpoints for the AWS APIs nodes call, so nodes work without NAT. */
  readonly interfaceEndpoints: boolean;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * A VPC sized for pods: the VPC CNI gives every pod a VPC address, so the private subnets (where
 * nodes and pods live) are large, and the public subnets only hold load balancers and NAT.
 */
export class PlatformVpc extends Construct {
  readonly vpc: ec2.Vpc;

  constructor(scope: Construct, id: string, props: PlatformVpcProps) {
    super(scope, id);

    const flowLogGroup = new logs.LogGroup(this, 'FlowLogs', {
      retention: props.flowLogRetention,
      removalPolicy: props.removalPolicy,
    });

    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(props.cidr),
      availabilityZones: [...props.availabilityZones],
      natGateways: props.natGateways,
      // Largest blocks first, so that no address space is lost to alignment.
      subnetConfiguration: [
        { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: props.privateSubnetPrefixLength },
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: props.publicSubnetPrefixLength, mapPublicIpOnLaunch: false },
      ],
      restrictDefaultSecurityGroup: true,
      flowLogs: {
        All: { destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogGroup), trafficType: ec2.FlowLogTrafficType.ALL },
      },
    });

    // Load balancer controller and Karpenter find their subnets by these tags.
    for (const subnet of this.vpc.publicSubnets) Tags.of(subnet).add('kubernetes.io/role/elb', '1');
    for (const subnet of this.vpc.privateSubnets) {
      Tags.of(subnet).add('kubernetes.io/role/internal-elb', '1');
      Tags.of(subnet).add('karpenter.sh/discovery', props.clusterName);
    }

    for (const subnet of [...this.vpc.publicSubnets, ...this.vpc.privateSubnets]) {
      Validations.of(subnet).acknowledge({
        id: 'CloudFormation-Validate::W3010',
        reason: 'The AZ comes from the environment config on purpose: synthesis needs no lookup and the subnet plan is reviewable.',
      });
    }

    this.vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 });
    if (props.interfaceEndpoints) {
      for (const [name, service] of Object.entries(NODE_INTERFACE_ENDPOINTS)) {
        const endpoint = this.vpc.addInterfaceEndpoint(name, {
          service: new ec2.InterfaceVpcEndpointAwsService(service),
          // Opened below to the VPC's own range, written out so a reviewer (and cdk-nag) can read it.
          open: false,
          privateDnsEnabled: true,
          subnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
        });
        endpoint.connections.allowFrom(ec2.Peer.ipv4(props.cidr), ec2.Port.tcp(443), 'HTTPS from the VPC');
      }
    }
  }
}

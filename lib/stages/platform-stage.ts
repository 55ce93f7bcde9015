import type { StageProps } from 'aws-cdk-lib';
import { Stage, Tags } from 'aws-cdk-lib';
import { EKS_USE_NATIVE_OIDC_PROVIDER } from 'aws-cdk-lib/cx-api';
import type { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/parse';
import { ClusterStack } from '../stacks/cluster-stack';
import { NetworkStack } from '../stacks/network-stack';

export interface PlatformStageProps extends StageProps {
  readonly environment: EnvironmentConfig;
}

/** One environment: its network and its cluster, deployed together as `<env>/*`. */
export class PlatformStage extends Stage {
  readonly network: NetworkStack;
  readonly cluster: ClusterStack;

  constructor(scope: Construct, props: PlatformStageProps) {
    const { environment: env } = props;
    super(scope, env.name, { ...props, env: { account: env.account, region: env.region } });
    // IRSA trusts a native AWS::IAM::OIDCProvider, whatever cdk.json says.
    this.node.setContext(EKS_USE_NATIVE_OIDC_PROVIDER, true);

    const stackProps = { environment: env, terminationProtection: env.terminationProtection };
    this.network = new NetworkStack(this, 'Network', {
      ...stackProps,
      description: `VPC of the ${env.name} EKS platform (${env.network.vpcCidr})`,
    });
    this.cluster = new ClusterStack(this, 'Cluster', {
      ...stackProps,
      vpc: this.network.vpc,
      description: `EKS cluster ${env.cluster.name} (Kubernetes ${env.cluster.kubernetesVersion}) of the ${env.name} platform`,
    });

    Tags.of(this).add('platform:environment', env.name);
    for (const [key, value] of Object.entries(env.tags)) Tags.of(this).add(key, value);
  }
}

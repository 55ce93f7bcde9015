import type { RemovalPolicy } from 'aws-cdk-lib';
import { Duration, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { KubernetesRelease } from '../lib/config/version-matrix';

export type ControlPlaneLogType = `${eks.ClusterLoggingTypes}`;

export type EndpointAccessConfig =
  { readonly mode: 'private' } | { readonly mode: 'public' | 'public-and-private'; readonly publicCidrs: readonly string[] };

export interface PlatformClusterProps {
  readonly clusterName: string;
  /** The version-matrix entry: Kubernetes version and the kubectl layer that matches it. */
  readonly release: KubernetesRelease;
  readonly vpc: ec2.IVpc;
  readonly endpointAccess: EndpointAccessConfig;
  readonly controlPlaneLogTypes: readonly ControlPlaneLogType[];
  readonly controlPlaneLogRetention: logs.RetentionDays;
  /** EKS deletion protection: the cluster cannot be deleted until it is turned off. */
  readonly deletionProtection: boolean;
  /** What happens to the cluster, its key and its logs when they leave the stack. */
  readonly removalPolicy: RemovalPolicy;
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * The EKS control plane: a native `AWS::EKS::Cluster` with its secrets encrypted by a rotating
 * KMS key, control-plane logs kept for a set time, a native IAM OIDC provider for IRSA, and a
 * kubectl provider whose layer matches the Kubernetes version.
 */
export class PlatformCluster extends Construct {
  readonly cluster: eks.Cluster;
  readonly secretsKey: kms.Key;
  readonly openIdConnectProvider: iam.IOpenIdConnectProvider;

  constructor(scope: Construct, id: string, props: PlatformClusterProps) {
    super(scope, id);

    this.secretsKey = new kms.Key(this, 'SecretsKey', {
      alias: `alias/eks/${props.clusterName}/secrets`,
      description: `Envelope encryption of Kubernetes secrets in EKS cluster ${props.clusterName}`,
      enableKeyRotation: true,
      pendingWindow: Duration.days(30),
      removalPolicy: props.removalPolicy,
    });

    // EKS writes to this group; creating it first lets us set its retention (EKS never expires logs).
    const controlPlaneLogs = new logs.LogGroup(this, 'ControlPlaneLogs', {
      logGroupName: `/aws/eks/${props.clusterName}/cluster`,
      retention: props.controlPlaneLogRetention,
      removalPolicy: props.removalPolicy,
    });

    this.cluster = new eks.Cluster(this, 'Cluster', {
      clusterName: props.clusterName,
      version: eks.KubernetesVersion.of(props.release.kubernetesVersion),
      vpc: props.vpc,
      vpcSubnets: [{ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }],
      endpointAccess: toEndpointAccess(props.endpointAccess),
      secretsEncryptionKey: this.secretsKey,
      clusterLogging: props.controlPlaneLogTypes.map((type) => type as eks.ClusterLoggingTypes),
      // Capacity is the system node group and Karpenter, not Auto Mode or a default group.
      defaultCapacityType: eks.DefaultCapacityType.NODEGROUP,
      defaultCapacity: 0,
      kubectlProviderOptions: { kubectlLayer: props.release.createKubectlLayer(this, 'KubectlLayer') },
      // Admins come from the environment's access model, not from whoever ran the deployment.
      // Changing this later replaces the cluster, so it is fixed from the start.
      bootstrapClusterCreatorAdminPermissions: false,
      removalPolicy: props.removalPolicy,
      tags: { ...props.tags },
    });

    const resource = this.cluster.node.defaultChild as eks.CfnCluster;
    // The L2 always asks for API; aws-auth mappings need the config map honoured as well.
    resource.addPropertyOverride('AccessConfig.AuthenticationMode', 'API_AND_CONFIG_MAP');
    resource.deletionProtection = props.deletionProtection;
    resource.node.addDependency(controlPlaneLogs);
    Validations.of(resource).acknowledge({
      id: 'CloudFormation-Validate::W9009',
      reason: 'aws-eks-v2 writes EncryptionConfig.Resources: ["secrets"], which the EKS API still requires to encrypt secrets.',
    });

    // Created eagerly so every environment has it; a native AWS::IAM::OIDCProvider by feature flag.
    this.openIdConnectProvider = this.cluster.openIdConnectProvider;
  }
}

function toEndpointAccess(access: EndpointAccessConfig): eks.EndpointAccess {
  switch (access.mode) {
    case 'private':
      return eks.EndpointAccess.PRIVATE;
    case 'public':
      return eks.EndpointAccess.PUBLIC.onlyFrom(...access.publicCidrs);
    case 'public-and-private':
      return eks.EndpointAccess.PUBLIC_AND_PRIVATE.onlyFrom(...access.publicCidrs);
  }
}

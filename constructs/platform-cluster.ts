import type { RemovalPolicy } from 'aws-cdk-lib';
import type { CfnElement } from 'aws-cdk-lib';
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { IConstruct } from 'constructs';
import { Construct } from 'constructs';
import type { KubernetesRelease } from '../lib/config/version-matrix';
import { ControlPlaneQueries } from './control-plane-queries';
import { acknowledgeNagFinding, managedPolicyFinding } from './nag';

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
  /** The upgrade policy: what EKS does when the version leaves standard support (config `cluster.supportType`). */
  readonly supportType: 'STANDARD' | 'EXTENDED';
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
    new ControlPlaneQueries(this, 'ControlPlaneQueries', {
      clusterName: props.clusterName,
      logGroup: controlPlaneLogs,
      enabledLogTypes: props.controlPlaneLogTypes,
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
    // The L2 has no upgrade policy; left unset, EKS bills extended support silently.
    resource.upgradePolicy = { supportType: props.supportType };
    resource.node.addDependency(controlPlaneLogs);
    Validations.of(resource).acknowledge({
      id: 'CloudFormation-Validate::W9009',
      reason: 'aws-eks-v2 writes EncryptionConfig.Resources: ["secrets"], which the EKS API still requires to encrypt secrets.',
    });

    acknowledgeClusterNagFindings(this.cluster);

    // Created eagerly so every environment has it; a native AWS::IAM::OIDCProvider by feature flag.
    this.openIdConnectProvider = this.cluster.openIdConnectProvider;
  }
}

/** What aws-cdk-lib's cluster role and kubectl provider are made of, accepted finding by finding. */
function acknowledgeClusterNagFindings(cluster: eks.Cluster): void {
  acknowledgeNagFinding(
    cluster.role,
    managedPolicyFinding('AmazonEKSClusterPolicy'),
    'EKS requires its cluster service role to hold AmazonEKSClusterPolicy; AWS keeps it in step with the service.',
  );
  const provider = cluster.kubectlProvider!;
  acknowledgeNagFinding(
    provider,
    managedPolicyFinding('service-role/AWSLambdaBasicExecutionRole'),
    "The kubectl handler and its provider framework (aws-cdk-lib) write their CloudWatch logs with Lambda's basic execution policy.",
  );
  acknowledgeNagFinding(
    provider,
    managedPolicyFinding('service-role/AWSLambdaVPCAccessExecutionRole'),
    'The kubectl handler runs in the VPC to reach the private API endpoint, which needs ENI permissions.',
  );
  acknowledgeNagFinding(
    provider,
    managedPolicyFinding('AmazonEC2ContainerRegistryReadOnly'),
    "Helm in the kubectl handler pulls OCI charts (Karpenter's) from ECR; read-only.",
  );
  const handler = provider.node.findChild('Handler');
  const logicalId = (element: IConstruct) => Stack.of(cluster).getLogicalId(element as CfnElement);
  const handlerId = logicalId(handler.node.defaultChild!);
  const ecrPublicCondition = logicalId(handler.node.findChild('HasEcrPublic'));
  acknowledgeNagFinding(
    provider,
    `AwsSolutions-IAM4[Policy::{"Fn::If":["${ecrPublicCondition}",{"Fn::Join":["",["arn:",{"Ref":"AWS::Partition"},":iam::aws:policy/AmazonElasticContainerRegistryPublicReadOnly"]]},{"Ref":"AWS::NoValue"}]}]`,
    'Where the region has ECR Public, Helm pulls public OCI charts through it; aws-cdk-lib adds the read-only policy only there.',
  );
  acknowledgeNagFinding(
    provider,
    `AwsSolutions-IAM5[Resource::<${handlerId}.Arn>:*]`,
    "The provider framework may invoke any version of the kubectl handler: the wildcard is that one function's version suffix.",
  );
  acknowledgeNagFinding(
    handler,
    'AwsSolutions-L1',
    "aws-cdk-lib picks the kubectl handler's runtime to match its kubectl and Helm layer; upgrading aws-cdk-lib moves it forward.",
  );
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

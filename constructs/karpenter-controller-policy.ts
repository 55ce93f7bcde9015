import { Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';

/** The Karpenter release whose getting-started template these statements reproduce. */
export const KARPENTER_POLICY_VERSION = 'v1.14.1';

export interface KarpenterControllerPolicyProps {
  /** A literal cluster name: it appears in condition keys, which CloudFormation cannot resolve. */
  readonly clusterName: string;
  /** A literal region, for the same reason. */
  readonly region: string;
  readonly nodeRoleArn: string;
  readonly interruptionQueueArn: string;
}

/**
 * Karpenter's controller permissions, grouped as upstream groups them into managed policies,
 * statement for statement as its v1.14.1 getting-started template. Launching, tagging and
 * terminating is allowed only for resources tagged for this cluster and a NodePool, and
 * instance profiles only for this cluster's EC2NodeClasses in this region.
 */
export function karpenterControllerStatements(props: KarpenterControllerPolicyProps): Record<string, iam.PolicyStatement[]> {
  const { clusterName, region } = props;
  const ec2 = (resource: string) => `arn:${Aws.PARTITION}:ec2:${region}:*:${resource}`;
  const instanceProfiles = `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:instance-profile/*`;
  const clusterArn = `arn:${Aws.PARTITION}:eks:${region}:${Aws.ACCOUNT_ID}:cluster/${clusterName}`;
  const ownedResource = { [`aws:ResourceTag/kubernetes.io/cluster/${clusterName}`]: 'owned' };
  const ownedRequest = {
    [`aws:RequestTag/kubernetes.io/cluster/${clusterName}`]: 'owned',
    'aws:RequestTag/eks:eks-cluster-name': clusterName,
  };
  const launchedResources = [
    ec2('fleet/*'),
    ec2('instance/*'),
    ec2('volume/*'),
    ec2('network-interface/*'),
    ec2('launch-template/*'),
    ec2('spot-instances-request/*'),
  ];

  return {
    NodeLifecycle: [
      new iam.PolicyStatement({
        sid: 'AllowScopedEC2InstanceAccessActions',
        actions: ['ec2:RunInstances', 'ec2:CreateFleet'],
        resources: [
          `arn:${Aws.PARTITION}:ec2:${region}::image/*`,
          `arn:${Aws.PARTITION}:ec2:${region}::snapshot/*`,
          ec2('security-group/*'),
          ec2('subnet/*'),
          ec2('capacity-reservation/*'),
          ec2('placement-group/*'),
        ],
      }),
      new iam.PolicyStatement({
        sid: 'AllowScopedEC2LaunchTemplateAccessActions',
        actions: ['ec2:RunInstances', 'ec2:CreateFleet'],
        resources: [ec2('launch-template/*')],
        conditions: { StringEquals: ownedResource, StringLike: { 'aws:ResourceTag/karpenter.sh/nodepool': '*' } },
      }),
      new iam.PolicyStatement({
        sid: 'AllowScopedEC2InstanceActionsWithTags',
        actions: ['ec2:RunInstances', 'ec2:CreateFleet', 'ec2:CreateLaunchTemplate'],
        resources: launchedResources,
        conditions: { StringEquals: ownedRequest, StringLike: { 'aws:RequestTag/karpenter.sh/nodepool': '*' } },
      }),
      new iam.PolicyStatement({
        sid: 'AllowScopedResourceCreationTagging',
        actions: ['ec2:CreateTags'],
        resources: launchedResources,
        conditions: {
          StringEquals: { ...ownedRequest, 'ec2:CreateAction': ['RunInstances', 'CreateFleet', 'CreateLaunchTemplate'] },
          StringLike: { 'aws:RequestTag/karpenter.sh/nodepool': '*' },
        },
      }),
      new iam.PolicyStatement({
        sid: 'AllowScopedResourceTagging',
        actions: ['ec2:CreateTags'],
        resources: [ec2('instance/*')],
        conditions: {
          StringEquals: ownedResource,
          StringLike: { 'aws:ResourceTag/karpenter.sh/nodepool': '*' },
          StringEqualsIfExists: { 'aws:RequestTag/eks:eks-cluster-name': clusterName },
          'ForAllValues:StringEquals': { 'aws:TagKeys': ['eks:eks-cluster-name', 'karpenter.sh/nodeclaim', 'Name'] },
        },
      }),
      new iam.PolicyStatement({
        sid: 'AllowScopedDeletion',
        actions: ['ec2:TerminateInstances', 'ec2:DeleteLaunchTemplate'],
        resources: [ec2('instance/*'), ec2('launch-template/*')],
        conditions: { StringEquals: ownedResource, StringLike: { 'aws:ResourceTag/karpenter.sh/nodepool': '*' } },
      }),
    ],
    IamIntegration: [
      new iam.PolicyStatement({
        sid: 'AllowPassingInstanceRole',
        actions: ['iam:PassRole'],
        resources: [props.nodeRoleArn],
        conditions: { StringEquals: { 'iam:PassedToService': ['ec2.amazonaws.com', 'ec2.amazonaws.com.cn'] } },
      }),
      new iam.PolicyStatement({
        sid: 'AllowScopedInstanceProfileCreationActions',
        actions: ['iam:CreateInstanceProfile'],
        resources: [instanceProfiles],
        conditions: {
          StringEquals: { ...ownedRequest, 'aws:RequestTag/topology.kubernetes.io/region': region },
          StringLike: { 'aws:RequestTag/karpenter.k8s.aws/ec2nodeclass': '*' },
        },
      }),
      new iam.PolicyStatement({
        sid: 'AllowScopedInstanceProfileTagActions',
        actions: ['iam:TagInstanceProfile'],
        resources: [instanceProfiles],
        conditions: {
          StringEquals: {
            ...ownedResource,
            'aws:ResourceTag/topology.kubernetes.io/region': region,
            ...ownedRequest,
            'aws:RequestTag/topology.kubernetes.io/region': region,
          },
          StringLike: { 'aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass': '*', 'aws:RequestTag/karpenter.k8s.aws/ec2nodeclass': '*' },
        },
      }),
      new iam.PolicyStatement({
        sid: 'AllowScopedInstanceProfileActions',
        actions: ['iam:AddRoleToInstanceProfile', 'iam:RemoveRoleFromInstanceProfile', 'iam:DeleteInstanceProfile'],
        resources: [instanceProfiles],
        conditions: {
          StringEquals: { ...ownedResource, 'aws:ResourceTag/topology.kubernetes.io/region': region },
          StringLike: { 'aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass': '*' },
        },
      }),
    ],
    EksIntegration: [
      new iam.PolicyStatement({ sid: 'AllowAPIServerEndpointDiscovery', actions: ['eks:DescribeCluster'], resources: [clusterArn] }),
    ],
    Interruption: [
      new iam.PolicyStatement({
        sid: 'AllowInterruptionQueueActions',
        actions: ['sqs:DeleteMessage', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'],
        resources: [props.interruptionQueueArn],
      }),
    ],
    ZonalShift: [
      // The zonal-shift API takes no resource ARN; the condition names this cluster.
      new iam.PolicyStatement({
        sid: 'AllowZonalShiftStatusReadOnly',
        actions: ['arc-zonal-shift:GetManagedResource'],
        resources: ['*'],
        conditions: { StringEquals: { 'arc-zonal-shift:ResourceIdentifier': clusterArn } },
      }),
    ],
    ResourceDiscovery: [
      // Describe* calls support no resource-level permissions; they are limited to this region.
      new iam.PolicyStatement({
        sid: 'AllowRegionalReadActions',
        actions: [
          'ec2:DescribeCapacityReservations',
          'ec2:DescribeImages',
          'ec2:DescribeInstances',
          'ec2:DescribeInstanceStatus',
          'ec2:DescribeInstanceTypeOfferings',
          'ec2:DescribeInstanceTypes',
          'ec2:DescribeLaunchTemplates',
          'ec2:DescribePlacementGroups',
          'ec2:DescribeSecurityGroups',
          'ec2:DescribeSpotPriceHistory',
          'ec2:DescribeSubnets',
        ],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:RequestedRegion': region } },
      }),
      new iam.PolicyStatement({
        sid: 'AllowSSMReadActions',
        actions: ['ssm:GetParameter'],
        resources: [`arn:${Aws.PARTITION}:ssm:${region}::parameter/aws/service/*`],
      }),
      // The pricing and instance-profile list APIs support no resource-level permissions.
      new iam.PolicyStatement({ sid: 'AllowPricingReadActions', actions: ['pricing:GetProducts'], resources: ['*'] }),
      new iam.PolicyStatement({ sid: 'AllowUnscopedInstanceProfileListAction', actions: ['iam:ListInstanceProfiles'], resources: ['*'] }),
      new iam.PolicyStatement({
        sid: 'AllowInstanceProfileReadActions',
        actions: ['iam:GetInstanceProfile'],
        resources: [instanceProfiles],
      }),
    ],
  };
}

/**
 * The wildcard resources of the statements above, each as cdk-nag reports it, with why it is as
 * narrow as EC2 and IAM allow. Acknowledged one by one on the Karpenter construct.
 */
export function karpenterWildcardAcknowledgements(region: string): [resource: string, reason: string][] {
  const ec2 = (resource: string) => `arn:<AWS::Partition>:ec2:${region}:*:${resource}`;
  const launched =
    'Created only with the cluster and NodePool tags in the request, tagged and terminated only when they carry them (conditions); this region only.';
  return [
    [
      `arn:<AWS::Partition>:ec2:${region}::image/*`,
      'RunInstances and CreateFleet must name the AMI; Karpenter picks it by the EC2NodeClass alias. This region only.',
    ],
    [`arn:<AWS::Partition>:ec2:${region}::snapshot/*`, "RunInstances and CreateFleet must name the AMI's snapshots. This region only."],
    [
      ec2('security-group/*'),
      "RunInstances must name the security groups Karpenter finds by the cluster's discovery tag. This region only.",
    ],
    [ec2('subnet/*'), "RunInstances must name the subnets Karpenter finds by the cluster's discovery tag. This region only."],
    [ec2('capacity-reservation/*'), 'Launches may target the capacity reservations an EC2NodeClass selects. This region only.'],
    [ec2('placement-group/*'), 'Launches may target the placement group an EC2NodeClass selects. This region only.'],
    [
      ec2('launch-template/*'),
      'Only launch templates tagged owned by this cluster and a NodePool may be used or deleted (conditions); this region only.',
    ],
    [ec2('fleet/*'), launched],
    [ec2('instance/*'), launched],
    [ec2('volume/*'), launched],
    [ec2('network-interface/*'), launched],
    [ec2('spot-instances-request/*'), launched],
    [
      'arn:<AWS::Partition>:iam::<AWS::AccountId>:instance-profile/*',
      "Instance profiles for EC2NodeClasses: created, tagged, changed and deleted only with this cluster's tags and region (conditions); read otherwise.",
    ],
    [
      `arn:<AWS::Partition>:ssm:${region}::parameter/aws/service/*`,
      'Public AWS parameters (EKS AMI IDs) that AMI aliases resolve through; read only.',
    ],
    [
      '*',
      'EC2 Describe*, pricing:GetProducts and iam:ListInstanceProfiles support no resource-level permissions (Describe* limited to this region by condition); arc-zonal-shift:GetManagedResource is limited to this cluster by its ResourceIdentifier condition.',
    ],
  ];
}

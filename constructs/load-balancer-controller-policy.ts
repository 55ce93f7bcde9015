import { Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';

/** The controller release whose published IAM policy (docs/install/iam_policy.json) these statements reproduce. */
export const LOAD_BALANCER_CONTROLLER_POLICY_VERSION = 'v3.5.0';

/** The tag the controller puts on everything it creates, and the condition keys that check it. */
const CLUSTER_TAG = 'elbv2.k8s.aws/cluster';
const REQUEST_TAG = `aws:RequestTag/${CLUSTER_TAG}`;
const RESOURCE_TAG = `aws:ResourceTag/${CLUSTER_TAG}`;

const arn = (rest: string): string => `arn:${Aws.PARTITION}:${rest}`;

const SECURITY_GROUPS = arn('ec2:*:*:security-group/*');
const TARGET_GROUPS = arn('elasticloadbalancing:*:*:targetgroup/*/*');
const LOAD_BALANCERS_AND_TARGET_GROUPS = [
  TARGET_GROUPS,
  arn('elasticloadbalancing:*:*:loadbalancer/net/*/*'),
  arn('elasticloadbalancing:*:*:loadbalancer/app/*/*'),
];
const LISTENERS_AND_RULES = [
  arn('elasticloadbalancing:*:*:listener/net/*/*/*'),
  arn('elasticloadbalancing:*:*:listener/app/*/*/*'),
  arn('elasticloadbalancing:*:*:listener-rule/net/*/*/*'),
  arn('elasticloadbalancing:*:*:listener-rule/app/*/*/*'),
];

/**
 * The AWS Load Balancer Controller's IAM permissions, statement for statement as upstream
 * publishes them for v3.5.0, with the partition left to CloudFormation. A new statement object
 * per call, so that each caller may attach them to its own policies.
 *
 * Most write actions are allowed only on resources carrying the controller's cluster tag
 * (`Null: aws:ResourceTag/... = false`), or only when creating them with that tag.
 */
export function loadBalancerControllerStatements(): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({
      sid: 'CreateElbServiceLinkedRole',
      actions: ['iam:CreateServiceLinkedRole'],
      resources: ['*'],
      conditions: { StringEquals: { 'iam:AWSServiceName': 'elasticloadbalancing.amazonaws.com' } },
    }),
    new iam.PolicyStatement({
      sid: 'DescribeNetworkAndLoadBalancers',
      actions: [
        'ec2:DescribeAccountAttributes',
        'ec2:DescribeAddresses',
        'ec2:DescribeAvailabilityZones',
        'ec2:DescribeInternetGateways',
        'ec2:DescribeVpcs',
        'ec2:DescribeVpcPeeringConnections',
        'ec2:DescribeSubnets',
        'ec2:DescribeSecurityGroups',
        'ec2:DescribeInstances',
        'ec2:DescribeNetworkInterfaces',
        'ec2:DescribeTags',
        'ec2:GetCoipPoolUsage',
        'ec2:DescribeCoipPools',
        'ec2:GetSecurityGroupsForVpc',
        'ec2:DescribeIpamPools',
        'ec2:DescribeRouteTables',
        'elasticloadbalancing:DescribeLoadBalancers',
        'elasticloadbalancing:DescribeLoadBalancerAttributes',
        'elasticloadbalancing:DescribeListeners',
        'elasticloadbalancing:DescribeListenerCertificates',
        'elasticloadbalancing:DescribeSSLPolicies',
        'elasticloadbalancing:DescribeRules',
        'elasticloadbalancing:DescribeTargetGroups',
        'elasticloadbalancing:DescribeTargetGroupAttributes',
        'elasticloadbalancing:DescribeTargetHealth',
        'elasticloadbalancing:DescribeTags',
        'elasticloadbalancing:DescribeTrustStores',
        'elasticloadbalancing:DescribeListenerAttributes',
        'elasticloadbalancing:DescribeCapacityReservation',
      ],
      resources: ['*'],
    }),
    new iam.PolicyStatement({
      sid: 'UseCertificatesWafAndShield',
      actions: [
        'cognito-idp:DescribeUserPoolClient',
        'acm:ListCertificates',
        'acm:DescribeCertificate',
        'iam:ListServerCertificates',
        'iam:GetServerCertificate',
        'waf-regional:GetWebACL',
        'waf-regional:GetWebACLForResource',
        'waf-regional:AssociateWebACL',
        'waf-regional:DisassociateWebACL',
        'wafv2:GetWebACL',
        'wafv2:GetWebACLForResource',
        'wafv2:AssociateWebACL',
        'wafv2:DisassociateWebACL',
        'shield:GetSubscriptionState',
        'shield:DescribeProtection',
        'shield:CreateProtection',
        'shield:DeleteProtection',
      ],
      resources: ['*'],
    }),
    new iam.PolicyStatement({
      sid: 'ChangeSecurityGroupIngress',
      actions: ['ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress'],
      resources: ['*'],
    }),
    new iam.PolicyStatement({
      sid: 'CreateSecurityGroups',
      actions: ['ec2:CreateSecurityGroup'],
      resources: ['*'],
    }),
    new iam.PolicyStatement({
      sid: 'TagSecurityGroupsOnCreate',
      actions: ['ec2:CreateTags'],
      resources: [SECURITY_GROUPS],
      conditions: { StringEquals: { 'ec2:CreateAction': 'CreateSecurityGroup' }, Null: { [REQUEST_TAG]: 'false' } },
    }),
    new iam.PolicyStatement({
      sid: 'TagOwnedSecurityGroups',
      actions: ['ec2:CreateTags', 'ec2:DeleteTags'],
      resources: [SECURITY_GROUPS],
      conditions: { Null: { [REQUEST_TAG]: 'true', [RESOURCE_TAG]: 'false' } },
    }),
    new iam.PolicyStatement({
      sid: 'ChangeOrDeleteOwnedSecurityGroups',
      actions: ['ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress', 'ec2:DeleteSecurityGroup'],
      resources: ['*'],
      conditions: { Null: { [RESOURCE_TAG]: 'false' } },
    }),
    new iam.PolicyStatement({
      sid: 'CreateTaggedLoadBalancersAndTargetGroups',
      actions: ['elasticloadbalancing:CreateLoadBalancer', 'elasticloadbalancing:CreateTargetGroup'],
      resources: ['*'],
      conditions: { Null: { [REQUEST_TAG]: 'false' } },
    }),
    new iam.PolicyStatement({
      sid: 'CreateAndDeleteListenersAndRules',
      actions: [
        'elasticloadbalancing:CreateListener',
        'elasticloadbalancing:DeleteListener',
        'elasticloadbalancing:CreateRule',
        'elasticloadbalancing:DeleteRule',
      ],
      resources: ['*'],
    }),
    new iam.PolicyStatement({
      sid: 'TagOwnedLoadBalancersAndTargetGroups',
      actions: ['elasticloadbalancing:AddTags', 'elasticloadbalancing:RemoveTags'],
      resources: LOAD_BALANCERS_AND_TARGET_GROUPS,
      conditions: { Null: { [REQUEST_TAG]: 'true', [RESOURCE_TAG]: 'false' } },
    }),
    new iam.PolicyStatement({
      sid: 'TagListenersAndRules',
      actions: ['elasticloadbalancing:AddTags', 'elasticloadbalancing:RemoveTags'],
      resources: LISTENERS_AND_RULES,
    }),
    new iam.PolicyStatement({
      sid: 'ModifyOrDeleteOwnedLoadBalancersAndTargetGroups',
      actions: [
        'elasticloadbalancing:ModifyLoadBalancerAttributes',
        'elasticloadbalancing:SetIpAddressType',
        'elasticloadbalancing:SetSecurityGroups',
        'elasticloadbalancing:SetSubnets',
        'elasticloadbalancing:DeleteLoadBalancer',
        'elasticloadbalancing:ModifyTargetGroup',
        'elasticloadbalancing:ModifyTargetGroupAttributes',
        'elasticloadbalancing:DeleteTargetGroup',
        'elasticloadbalancing:ModifyListenerAttributes',
        'elasticloadbalancing:ModifyCapacityReservation',
        'elasticloadbalancing:ModifyIpPools',
      ],
      resources: ['*'],
      conditions: { Null: { [RESOURCE_TAG]: 'false' } },
    }),
    new iam.PolicyStatement({
      sid: 'TagLoadBalancersAndTargetGroupsOnCreate',
      actions: ['elasticloadbalancing:AddTags'],
      resources: LOAD_BALANCERS_AND_TARGET_GROUPS,
      conditions: {
        StringEquals: { 'elasticloadbalancing:CreateAction': ['CreateTargetGroup', 'CreateLoadBalancer'] },
        Null: { [REQUEST_TAG]: 'false' },
      },
    }),
    new iam.PolicyStatement({
      sid: 'RegisterTargets',
      actions: ['elasticloadbalancing:RegisterTargets', 'elasticloadbalancing:DeregisterTargets'],
      resources: [TARGET_GROUPS],
    }),
    new iam.PolicyStatement({
      sid: 'ModifyListenersRulesAndWebAcls',
      actions: [
        'elasticloadbalancing:SetWebAcl',
        'elasticloadbalancing:ModifyListener',
        'elasticloadbalancing:AddListenerCertificates',
        'elasticloadbalancing:RemoveListenerCertificates',
        'elasticloadbalancing:ModifyRule',
        'elasticloadbalancing:SetRulePriorities',
      ],
      resources: ['*'],
    }),
  ];
}

/** The wildcard resources of upstream's policy, each as cdk-nag reports it, with why it stands. */
export const LOAD_BALANCER_CONTROLLER_WILDCARDS: readonly [resource: string, reason: string][] = [
  [
    '*',
    "Describe and Get calls of EC2, ELB, ACM, WAF, Shield and Cognito support no resource-level permissions; creating and changing load balancers, target groups and security groups is limited by the elbv2.k8s.aws/cluster tag conditions, as upstream's v3.5.0 policy.",
  ],
  [
    'arn:<AWS::Partition>:ec2:*:*:security-group/*',
    'Only security groups created with, or carrying, the elbv2.k8s.aws/cluster tag may be tagged (conditions).',
  ],
  ...['targetgroup/*/*', 'loadbalancer/net/*/*', 'loadbalancer/app/*/*'].map((resource): [string, string] => [
    `arn:<AWS::Partition>:elasticloadbalancing:*:*:${resource}`,
    'Tagged, and targets registered, only on load balancers and target groups created with or carrying the elbv2.k8s.aws/cluster tag (conditions).',
  ]),
  ...['listener/net/*/*/*', 'listener/app/*/*/*', 'listener-rule/net/*/*/*', 'listener-rule/app/*/*/*'].map(
    (resource): [string, string] => [
      `arn:<AWS::Partition>:elasticloadbalancing:*:*:${resource}`,
      'Tags on the listeners and rules of the load balancers the controller manages; ELB has no tag condition for listeners.',
    ],
  ),
];

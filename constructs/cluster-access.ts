import * as cdk8s from 'cdk8s';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct } from 'constructs';
import { AccessChart } from '../charts/access-chart';
import type { AccessGrant, AccessLevel } from '../lib/access-model';

export interface ClusterAccessProps {
  readonly cluster: eks.Cluster;
  readonly grants: readonly AccessGrant[];
  /** Every node role the platform creates; aws-auth must list them all or nodes fall out. */
  readonly nodeRoleArns: readonly string[];
}

/** The EKS access policy that matches each level of the access model. */
function accessPoliciesFor(level: AccessLevel): eks.IAccessPolicy[] {
  if (level === 'admin')
    return [eks.AccessPolicy.fromAccessPolicyName('AmazonEKSClusterAdminPolicy', { accessScopeType: eks.AccessScopeType.CLUSTER })];
  if (level === 'viewer')
    return [eks.AccessPolicy.fromAccessPolicyName('AmazonEKSViewPolicy', { accessScopeType: eks.AccessScopeType.CLUSTER })];
  return [
    eks.AccessPolicy.fromAccessPolicyName('AmazonEKSEditPolicy', {
      accessScopeType: eks.AccessScopeType.NAMESPACE,
      namespaces: [...level.namespaces],
    }),
  ];
}

/**
 * Cluster access from one model, rendered twice: EKS access entries (what EKS consults first)
 * and the `aws-auth` ConfigMap with its RBAC bindings (for tools and fallbacks that still read
 * it). The ConfigMap is applied with overwrite, because EKS may have created it already.
 */
export class ClusterAccess extends Construct {
  readonly accessEntries: eks.AccessEntry[];
  readonly awsAuthManifest: eks.KubernetesManifest;

  constructor(scope: Construct, id: string, props: ClusterAccessProps) {
    super(scope, id);

    // Ids come from the ARN alone, so adding or removing one principal leaves the others be.
    this.accessEntries = props.grants.map(
      (grant) =>
        new eks.AccessEntry(this, grant.principalArn.replace(/^arn:[^:]+:iam::/, '').replace(/[^A-Za-z0-9]/g, ''), {
          cluster: props.cluster,
          principal: grant.principalArn,
          accessPolicies: accessPoliciesFor(grant.level),
        }),
    );

    const chart = new AccessChart(new cdk8s.App(), 'access', { grants: props.grants, nodeRoleArns: props.nodeRoleArns });
    this.awsAuthManifest = new eks.KubernetesManifest(this, 'AwsAuthAndRbac', {
      cluster: props.cluster,
      manifest: chart.toJson(),
      overwrite: true,
    });
  }
}

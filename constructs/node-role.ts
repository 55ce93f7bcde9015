import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { acknowledgeNagFinding, managedPolicyFinding } from './nag';

/**
 * What a node needs and no more: join the cluster, pull images, and Session Manager instead of
 * SSH. Pod networking permissions stay on the VPC CNI's own IRSA role, as AWS recommends, so
 * nothing running on a node can attach ENIs with the node's credentials.
 */
export const NODE_MANAGED_POLICIES: Readonly<Record<string, string>> = {
  AmazonEKSWorkerNodePolicy: 'The kubelet needs it to describe the cluster and join it; AWS maintains it with EKS.',
  AmazonEC2ContainerRegistryPullOnly: "Nodes pull images from ECR (EKS add-ons, the platform's charts); pull only.",
  AmazonSSMManagedInstanceCore: 'Session Manager gives operators shell access without SSH keys or open ports.',
};

/** An IAM role for EC2 nodes of one cluster, with the node policies acknowledged for cdk-nag. */
export function nodeRole(scope: Construct, id: string, description: string): iam.Role {
  const role = new iam.Role(scope, id, {
    assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
    description,
    managedPolicies: Object.keys(NODE_MANAGED_POLICIES).map((name) => iam.ManagedPolicy.fromAwsManagedPolicyName(name)),
  });
  for (const [name, reason] of Object.entries(NODE_MANAGED_POLICIES)) acknowledgeNagFinding(role, managedPolicyFinding(name), reason);
  return role;
}

import { CfnOutput } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as cdk8s from 'cdk8s';
import type { Construct } from 'constructs';
import { ClusterAccess } from '../../constructs/cluster-access';
import { PlatformCluster } from '../../constructs/platform-cluster';
import { SystemNodeGroup } from '../../constructs/system-node-group';
import { TeamNamespacesChart } from '../../charts/team-namespaces-chart';
import { editableNamespaces } from '../access-model';
import { kubernetesRelease } from '../config/version-matrix';
import type { EnvironmentStackProps } from './environment-stack';
import { EnvironmentStack } from './environment-stack';
import { logRetention, removalPolicyFor } from './protection';

export interface ClusterStackProps extends EnvironmentStackProps {
  readonly vpc: ec2.IVpc;
}

/** The EKS cluster of one environment, its system node group, and what runs inside it. */
export class ClusterStack extends EnvironmentStack {
  readonly cluster: eks.Cluster;
  readonly systemNodeGroup: SystemNodeGroup;

  constructor(scope: Construct, id: string, props: ClusterStackProps) {
    super(scope, id, props);
    const { environment: env } = props;
    const release = kubernetesRelease(env.cluster.kubernetesVersion);

    const platformCluster = new PlatformCluster(this, 'Eks', {
      clusterName: env.cluster.name,
      release,
      vpc: props.vpc,
      endpointAccess: env.cluster.endpointAccess,
      controlPlaneLogTypes: env.cluster.controlPlaneLogTypes,
      controlPlaneLogRetention: logRetention(env.cluster.controlPlaneLogRetentionDays),
      deletionProtection: env.deletionProtection,
      removalPolicy: removalPolicyFor(env),
      tags: env.tags,
    });
    this.cluster = platformCluster.cluster;

    this.systemNodeGroup = new SystemNodeGroup(this, 'SystemNodeGroup', {
      cluster: this.cluster,
      kubernetesVersion: release.kubernetesVersion,
      ...env.systemNodeGroup,
    });

    // Never pruned: dropping a namespace from config must not delete what runs in it.
    const teamNamespaces = new eks.KubernetesManifest(this, 'TeamNamespaces', {
      cluster: this.cluster,
      manifest: new TeamNamespacesChart(new cdk8s.App(), 'team-namespaces', { namespaces: editableNamespaces(env.accessGrants) }).toJson(),
      prune: false,
    });

    const access = new ClusterAccess(this, 'Access', {
      cluster: this.cluster,
      grants: env.accessGrants,
      nodeRoleArns: [this.systemNodeGroup.role.roleArn],
    });
    access.awsAuthManifest.node.addDependency(teamNamespaces);

    new CfnOutput(this, 'ClusterName', { value: this.cluster.clusterName });
    new CfnOutput(this, 'OidcProviderArn', { value: platformCluster.openIdConnectProvider.openIdConnectProviderArn });
  }
}

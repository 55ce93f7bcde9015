import type { RemovalPolicy } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { IDependable } from 'constructs';
import { Construct } from 'constructs';
import { acknowledgeNagFinding, managedPolicyFinding } from './nag';
import { ServiceAccountRole } from './service-account-role';

export interface ContainerInsightsProps {
  readonly cluster: eks.Cluster;
  readonly clusterName: string;
  /** The amazon-cloudwatch-observability build from the version matrix. */
  readonly addonVersion: string;
  readonly logRetention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
  /** Nodes for the agent and Fluent Bit to run on. */
  readonly dependsOn: readonly IDependable[];
}

/** The log groups Container Insights writes to, created first so that their retention is ours (it never expires them). */
export const CONTAINER_INSIGHTS_LOG_GROUPS = ['application', 'dataplane', 'host', 'performance'] as const;

/**
 * Container logs (Fluent Bit) and Container Insights metrics in CloudWatch, through the
 * amazon-cloudwatch-observability EKS add-on with its own IRSA role. The agent's configuration
 * collects Container Insights only (no Application Signals), so the role needs nothing beyond
 * CloudWatchAgentServerPolicy.
 */
export class ContainerInsights extends Construct {
  readonly addon: eks.CfnAddon;
  readonly logGroups: logs.LogGroup[];

  constructor(scope: Construct, id: string, props: ContainerInsightsProps) {
    super(scope, id);

    this.logGroups = CONTAINER_INSIGHTS_LOG_GROUPS.map(
      (kind) =>
        new logs.LogGroup(this, `${kind}Logs`, {
          logGroupName: `/aws/containerinsights/${props.clusterName}/${kind}`,
          retention: props.logRetention,
          removalPolicy: props.removalPolicy,
        }),
    );

    const role = new ServiceAccountRole(this, 'AgentRole', {
      cluster: props.cluster,
      namespace: 'amazon-cloudwatch',
      serviceAccountName: 'cloudwatch-agent',
      createServiceAccount: false,
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('CloudWatchAgentServerPolicy')],
      description: 'CloudWatch agent and Fluent Bit: Container Insights metrics and container logs',
    }).role;

    acknowledgeNagFinding(
      role,
      managedPolicyFinding('CloudWatchAgentServerPolicy'),
      "AWS's documented policy for the CloudWatch agent: put metrics and log events, read its SSM configuration; the role admits only amazon-cloudwatch/cloudwatch-agent.",
    );

    this.addon = new eks.CfnAddon(this, 'Addon', {
      clusterName: props.cluster.clusterName,
      addonName: 'amazon-cloudwatch-observability',
      addonVersion: props.addonVersion,
      resolveConflicts: 'OVERWRITE',
      serviceAccountRoleArn: role.roleArn,
      // Replaces the default agent configuration: Container Insights with enhanced metrics, no traces.
      configurationValues: JSON.stringify({
        agent: { config: { logs: { metrics_collected: { kubernetes: { enhanced_container_insights: true } } } } },
        containerLogs: { enabled: true },
      }),
    });
    this.addon.node.addDependency(...this.logGroups, ...props.dependsOn);
  }
}

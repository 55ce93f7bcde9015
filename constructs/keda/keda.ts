import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cdk8s from 'cdk8s';
import type { IDependable } from 'constructs';
import { Construct } from 'constructs';
import { KedaAccessChart } from '../../charts/keda-access-chart';
import { KedaMonitorsChart } from '../../charts/keda-monitors-chart';
import type { KedaConfig } from '../../lib/config/keda-schema';
import type { HelmChartPin } from '../../lib/config/version-matrix';
import { acknowledgeNagFinding, wildcardResourceFinding } from '../nag';
import { pinnedHelmRelease } from '../pinned-helm-release';
import { retainedOnRemoval } from '../retained-on-removal';
import { ServiceAccountRole } from '../service-account-role';
import { scalableQueuePrefix, scalerReaderStatements } from './scaler-reader-policy';
import { KEDA_OPERATOR_SERVICE_ACCOUNT, kedaValues } from './values';

export interface KedaProps {
  readonly cluster: eks.ICluster;
  /** The environment's name: its queues are `<environment>-...`. */
  readonly environment: string;
  readonly config: KedaConfig;
  readonly chart: HelmChartPin;
  /** Must exist already (the platform namespaces chart), at the `restricted` Pod Security level. */
  readonly namespace: string;
  /** The system nodes, CoreDNS and the platform namespaces. */
  readonly dependsOn: readonly IDependable[];
  /** Prometheus' monitoring namespace and the release that installs the ServiceMonitor kind. */
  readonly monitoring: { readonly namespace: string; readonly release: IDependable };
}

export const KEDA_RELEASE = 'keda';

/**
 * KEDA from its pinned chart (with its CRDs), on the system nodes: event-driven and cron scaling
 * of team workloads through the external metrics API. Its operator identity (IRSA) reads only
 * this environment's SQS queue attributes and CloudWatch metrics; teams reach it through the
 * `aws-keda-operator` ClusterTriggerAuthentication. Team edit rights include KEDA's kinds,
 * within replica bounds; Prometheus scrapes it and alerts on scaler errors.
 */
export class Keda extends Construct {
  readonly role: iam.Role;
  readonly release: eks.HelmChart;
  readonly access: eks.KubernetesManifest;
  readonly monitors: eks.KubernetesManifest;

  constructor(scope: Construct, id: string, props: KedaProps) {
    super(scope, id);
    const queues = `${scalableQueuePrefix(props.environment)}*`;

    const policy = new iam.ManagedPolicy(this, 'ReadScalerMetrics', {
      description: `KEDA in ${props.environment}: read attributes of SQS queues ${queues} and CloudWatch metrics`,
      statements: scalerReaderStatements(props.environment),
    });
    acknowledgeNagFinding(
      policy,
      wildcardResourceFinding(`arn:<AWS::Partition>:sqs:<AWS::Region>:<AWS::AccountId>:${queues}`),
      "SQS queues are granted by name prefix: this environment's queues only, and only GetQueueAttributes.",
    );
    acknowledgeNagFinding(
      policy,
      wildcardResourceFinding('*'),
      'cloudwatch:GetMetricData supports no resource-level permissions or condition keys; it reads metric values only.',
    );
    this.role = new ServiceAccountRole(this, 'Irsa', {
      cluster: props.cluster,
      namespace: props.namespace,
      serviceAccountName: KEDA_OPERATOR_SERVICE_ACCOUNT,
      // The chart creates the ServiceAccount and annotates it with the role.
      createServiceAccount: false,
      managedPolicies: [policy],
      description: `KEDA operator of ${props.environment}: reads SQS queue attributes (${queues}) and CloudWatch metrics`,
    }).role;

    // The release's templates hold KEDA's CRDs: uninstalling it deletes every team's ScaledObjects.
    this.release = retainedOnRemoval(
      pinnedHelmRelease(this, 'Release', {
        cluster: props.cluster,
        chart: props.chart,
        namespace: props.namespace,
        release: KEDA_RELEASE,
        values: kedaValues({ roleArn: this.role.roleArn, replicas: props.config.replicas }),
      }),
      "KEDA's CRDs are templates of this release: uninstalling it deletes every ScaledObject, ScaledJob and TriggerAuthentication",
    );
    this.release.node.addDependency(...props.dependsOn);

    this.access = new eks.KubernetesManifest(this, 'Access', {
      cluster: props.cluster,
      manifest: new KedaAccessChart(new cdk8s.App(), 'keda-access', props.config.teamReplicaBounds).toJson(),
    });
    // The ClusterTriggerAuthentication kind is a CRD of the release, and KEDA's webhook admits it.
    this.access.node.addDependency(this.release);

    this.monitors = new eks.KubernetesManifest(this, 'Monitors', {
      cluster: props.cluster,
      manifest: new KedaMonitorsChart(new cdk8s.App(), 'keda-monitors', {
        namespace: props.monitoring.namespace,
        kedaNamespace: props.namespace,
      }).toJson(),
    });
    // The ServiceMonitor kind comes with kube-prometheus-stack. Not KEDA's release: a monitor may
    // exist before the Services it selects, so it is applied beside KEDA.
    this.monitors.node.addDependency(props.monitoring.release);
  }
}

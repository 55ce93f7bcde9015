import type * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as eksv2 from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cdk8s from 'cdk8s';
import type { IDependable } from 'constructs';
import { Construct } from 'constructs';
import { PlatformDashboardsChart } from '../../charts/platform-dashboards-chart';
import type { OpenCostConfig } from '../../lib/config/opencost-schema';
import type { HelmChartPin } from '../../lib/config/version-matrix';
import type { CostTeam } from '../../lib/dashboards/cost-dashboard';
import { costDashboard } from '../../lib/dashboards/cost-dashboard';
import { grafanaDashboard } from '../../lib/dashboards/grafana-dashboard';
import { acknowledgeNagFinding, wildcardResourceFinding } from '../nag';
import { pinnedHelmRelease } from '../pinned-helm-release';
import { ServiceAccountRole } from '../service-account-role';
import { costReaderStatements } from './cost-reader-policy';
import type { OpenCostValuesProps } from './values';
import { OPENCOST_SERVICE_ACCOUNT, openCostValues } from './values';

export interface OpenCostProps {
  readonly cluster: eks.ICluster;
  readonly clusterName: string;
  readonly environment: string;
  readonly account: string;
  readonly region: string;
  readonly config: OpenCostConfig;
  readonly chart: HelmChartPin;
  /** Must exist already (the platform namespaces chart), at the `restricted` Pod Security level. */
  readonly namespace: string;
  /** Teams whose namespaces the cost dashboard sums. */
  readonly teams: readonly CostTeam[];
  /** The platform's Prometheus (queried, and scraping OpenCost) and the monitoring namespace Grafana loads dashboards from. */
  readonly monitoring: {
    readonly namespace: string;
    readonly prometheus: OpenCostValuesProps['prometheus'];
    /** kube-prometheus-stack: Prometheus, the ServiceMonitor kind, Grafana's dashboard sidecar. */
    readonly release: IDependable;
  };
  readonly alb: OpenCostValuesProps['alb'];
  /** The system nodes, CoreDNS and the platform namespaces. */
  readonly dependsOn: readonly IDependable[];
}

export const OPENCOST_RELEASE = 'opencost';

/**
 * OpenCost from its pinned chart, on the system nodes: the cost of every container, namespace and
 * node, priced from AWS list prices (and the Spot data feed and the Cost and Usage Report where
 * config names them), computed over the platform's Prometheus and exported back to it. Its UI sits
 * beside the API (port-forward, or the shared ALB); the cost dashboard goes to Grafana.
 */
export class OpenCost extends Construct {
  readonly role: iam.Role;
  readonly release: eks.HelmChart;
  readonly dashboard: eks.KubernetesManifest;

  constructor(scope: Construct, id: string, props: OpenCostProps) {
    super(scope, id);

    const policy = new iam.ManagedPolicy(this, 'ReadPrices', {
      description: `OpenCost in ${props.environment}: AWS list prices${props.config.spotDataFeed ? ', the Spot data feed' : ''}${props.config.costAndUsageReport ? ', the Cost and Usage Report through Athena' : ''}`,
      statements: costReaderStatements(props.config),
    });
    acknowledgeNagFinding(
      policy,
      wildcardResourceFinding('*'),
      'pricing:GetProducts supports no resource-level permissions; it reads public AWS list prices only.',
    );
    for (const [bucket, prefix] of this.prefixedBuckets(props.config))
      acknowledgeNagFinding(
        policy,
        wildcardResourceFinding(`arn:<AWS::Partition>:s3:::${bucket}/${prefix}*`),
        `Objects of one bucket config names, ${prefix ? `under its configured prefix ${prefix}` : 'where config gives no prefix'}: the files are added hourly under new names.`,
      );

    this.role = new ServiceAccountRole(this, 'Irsa', {
      cluster: props.cluster,
      namespace: props.namespace,
      serviceAccountName: OPENCOST_SERVICE_ACCOUNT,
      // The chart creates the ServiceAccount and annotates it with the role.
      createServiceAccount: false,
      managedPolicies: [policy],
      description: `OpenCost of ${props.environment}: reads AWS prices and the billing data config names`,
    }).role;

    // Not retained: the release holds no CRDs, volumes or state (costs are recomputed from Prometheus).
    this.release = pinnedHelmRelease(this, 'Release', {
      cluster: props.cluster,
      chart: props.chart,
      namespace: props.namespace,
      release: OPENCOST_RELEASE,
      values: openCostValues({
        config: props.config,
        roleArn: this.role.roleArn,
        clusterName: props.clusterName,
        account: props.account,
        region: props.region,
        prometheus: props.monitoring.prometheus,
        alb: props.alb,
      }),
    });
    // Its ServiceMonitor is a kind of kube-prometheus-stack's; its Ingress needs the controller that release waited for.
    this.release.node.addDependency(...props.dependsOn, props.monitoring.release);

    this.dashboard = new eksv2.KubernetesManifest(this, 'Dashboard', {
      cluster: props.cluster,
      manifest: new PlatformDashboardsChart(new cdk8s.App(), 'cost-dashboard', {
        namespace: props.monitoring.namespace,
        dashboards: { cost: grafanaDashboard(costDashboard(props.teams)) },
      }).toJson(),
    });
    // Grafana's sidecar watches for it once the monitoring release is in.
    this.dashboard.node.addDependency(props.monitoring.release);
  }

  /** The S3 object grants that end in a wildcard after a configured prefix. */
  private prefixedBuckets(config: OpenCostConfig): [string, string][] {
    const report = config.costAndUsageReport;
    return [
      ...(config.spotDataFeed?.bucket ? [[config.spotDataFeed.bucket, config.spotDataFeed.prefix] as [string, string]] : []),
      ...(report?.bucket && report.athenaResultsBucket
        ? [[report.bucket, report.prefix] as [string, string], [report.athenaResultsBucket, report.athenaResultsPrefix] as [string, string]]
        : []),
    ];
  }
}

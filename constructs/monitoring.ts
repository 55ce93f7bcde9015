import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as cdk8s from 'cdk8s';
import type { IDependable } from 'constructs';
import { Construct } from 'constructs';
import { PlatformAlertsChart } from '../charts/platform-alerts-chart';
import { PlatformDashboardsChart } from '../charts/platform-dashboards-chart';
import { PlatformMonitorsChart } from '../charts/platform-monitors-chart';
import type { MonitoringConfig } from '../lib/config/monitoring-schema';
import type { HelmChartPin } from '../lib/config/version-matrix';
import { platformDashboards } from '../lib/dashboards/platform-dashboards';
import { PLATFORM_ALERT_GROUPS } from '../lib/platform-alerts';
import type { KubePrometheusStackValuesProps } from './kube-prometheus-stack-values';
import { kubePrometheusStackValues } from './kube-prometheus-stack-values';
import type { PlatformSecretStore } from './external-secrets/external-secrets-operator';
import { MonitoringSecrets } from './monitoring-secrets';
import { pinnedHelmRelease } from './pinned-helm-release';

export interface MonitoringProps {
  readonly cluster: eks.ICluster;
  readonly config: MonitoringConfig;
  readonly chart: HelmChartPin;
  /** Must exist already, at the `privileged` Pod Security level that node-exporter needs. */
  readonly namespace: string;
  readonly storageClass: string;
  readonly alb: KubePrometheusStackValuesProps['alb'];
  /** Where Grafana's and Alertmanager's secrets are kept and synced from. */
  readonly secretStore: PlatformSecretStore;
  /** System nodes, the namespace, the storage classes and EBS driver, the load balancer controller. */
  readonly dependsOn: readonly IDependable[];
  /** Custom resources kube-state-metrics turns into metrics (Flux's, where Flux runs). */
  readonly customResourceMetrics?: KubePrometheusStackValuesProps['customResourceMetrics'];
}

export const KUBE_PROMETHEUS_STACK_RELEASE = 'kube-prometheus-stack';
/** The Service the chart puts in front of Prometheus (`<release>-prometheus`), which OpenCost and port-forwards reach. */
export const PROMETHEUS_SERVICE = { service: `${KUBE_PROMETHEUS_STACK_RELEASE}-prometheus`, port: 9090 } as const;

/**
 * Prometheus, Alertmanager and Grafana from the pinned kube-prometheus-stack chart (its CRDs
 * are too large for the kubectl handler: the chart's CRD Job applies them server-side), then the
 * platform's own ServiceMonitors, PodMonitors and PrometheusRules, typed from the operator's CRDs,
 * and its dashboards as ConfigMaps for Grafana's sidecar.
 */
export class Monitoring extends Construct {
  readonly release: eks.HelmChart;
  readonly monitorsAndAlerts: eks.KubernetesManifest;
  readonly secrets: MonitoringSecrets;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);

    this.secrets = new MonitoringSecrets(this, 'Secrets', { store: props.secretStore, config: props.config, namespace: props.namespace });
    // Not retained: uninstalling deletes the Prometheus and Alertmanager StatefulSets but not the
    // claims of their volume templates (the chart keeps Kubernetes' default retention policy), and
    // those stay in the retained monitoring namespace for a reinstall to pick up. Uninstalling also
    // deletes Grafana's Ingress, so that `cdk destroy` leaves no ALB behind.
    this.release = pinnedHelmRelease(this, 'Release', {
      cluster: props.cluster,
      chart: props.chart,
      namespace: props.namespace,
      release: KUBE_PROMETHEUS_STACK_RELEASE,
      values: kubePrometheusStackValues({
        config: props.config,
        storageClass: props.storageClass,
        alb: props.alb,
        secrets: this.secrets.names,
        customResourceMetrics: props.customResourceMetrics,
      }),
      // Not retained for the CRDs: its Job applies them outside the release, so uninstalling keeps them.
    });
    this.release.node.addDependency(...props.dependsOn);
    // Grafana does not start without its admin Secret, and the release waits for Grafana.
    this.release.node.addDependency(...this.secrets.ready);

    const app = new cdk8s.App();
    new PlatformMonitorsChart(app, 'platform-monitors', { namespace: props.namespace, loadBalancerController: true });
    new PlatformAlertsChart(app, 'platform-alerts', {
      namespace: props.namespace,
      groups: PLATFORM_ALERT_GROUPS,
      runbookBaseUrl: props.config.runbookUrl,
    });
    new PlatformDashboardsChart(app, 'platform-dashboards', { namespace: props.namespace, dashboards: platformDashboards() });
    this.monitorsAndAlerts = new eks.KubernetesManifest(this, 'MonitorsAndAlerts', {
      cluster: props.cluster,
      manifest: app.charts.flatMap((chart) => chart.toJson()),
    });
    // The monitor and rule kinds are the operator's CRDs, installed by the release.
    this.monitorsAndAlerts.node.addDependency(this.release);
  }
}

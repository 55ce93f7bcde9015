import { albIngressAnnotations, ALB_INGRESS_CLASS } from '../lib/alb-ingress';
import type { AlertReceiverConfig, MonitoringConfig } from '../lib/config/monitoring-schema';
import { CHART_HELPER_IMAGES } from '../lib/config/version-matrix';
import { PROMETHEUS_DATASOURCE_UID } from '../lib/dashboards/grafana-dashboard';
import { GRAFANA_DASHBOARD_LABEL, GRAFANA_FOLDER_ANNOTATION } from '../charts/platform-dashboards-chart';
import { SYSTEM_WORKLOAD_PLACEMENT } from '../lib/system-node-placement';
import type { CustomResourceMetrics } from './flux/resource-metrics';

export interface KubePrometheusStackValuesProps {
  readonly config: MonitoringConfig;
  readonly storageClass: string;
  /** The shared ALB that publishes Grafana when `grafana.ingressHost` is set. */
  readonly alb: { readonly groupName: string; readonly certificateArns: readonly string[]; readonly sslPolicy: string };
  /** Kubernetes Secrets in the monitoring namespace, synced from Secrets Manager before the release. */
  readonly secrets: MonitoringSecretNames;
  /** Custom resources kube-state-metrics turns into metrics (Flux's objects, where Flux runs). */
  readonly customResourceMetrics?: CustomResourceMetrics;
}

export interface MonitoringSecretNames {
  /** Keys `admin-user` and `admin-password`. */
  readonly grafanaAdmin: string;
  /** One key per receiver that has a URL or key, named after the receiver; absent when none has. */
  readonly alertmanagerReceivers?: string;
}

/**
 * Community dashboards from grafana.com, pinned by revision, where `grafana.communityDashboards`
 * is on: the Grafana chart downloads exactly these at start-up. Karpenter and the VPC CNI have
 * the platform's own dashboards (lib/dashboards), which need no download.
 */
export const COMMUNITY_DASHBOARDS: Readonly<Record<string, { gnetId: number; revision: number }>> = {
  'cluster-overview': { gnetId: 15757, revision: 43 },
  nodes: { gnetId: 1860, revision: 42 },
  'kube-state-metrics': { gnetId: 13332, revision: 12 },
  // The study notes' two. "Node Exporter for Prometheus Dashboard based on 11074" (StarsL): node-exporter
  // series by job and instance, data source input DS_PROMETHEUS. Revision 1 confirmed as published:
  // HelmCI/ci-mon downloads grafana.com/api/dashboards/15172/revisions/1 and commits what it got
  // (src/_/grafana/dashboards/node-exporter/node-exporter-15172.json, gnetId 15172, Grafana 8.2.2).
  'node-exporter-15172': { gnetId: 15172, revision: 1 },
  // "1 Kubernetes All-in-one Cluster Monitoring KR (v1.26.0)": the author's successor of 13770 for the
  // metric names of Kubernetes 1.26 and later (13770 predates them); Korean panel titles. Revision 1 is
  // its first upload; no later revision could be confirmed offline (grafana.com is out of reach here).
  'kubernetes-all-in-one-17900': { gnetId: 17900, revision: 1 },
};

/** Where Alertmanager mounts the Secrets that receivers read their URLs and keys from. */
const SECRETS_DIR = '/etc/alertmanager/secrets';

const placement = () => ({
  nodeSelector: { ...SYSTEM_WORKLOAD_PLACEMENT.nodeSelector },
  tolerations: SYSTEM_WORKLOAD_PLACEMENT.tolerations.map((toleration) => ({ ...toleration })),
});
const resources = (requestsCpu: string, requestsMemory: string, limitsCpu: string, limitsMemory: string) => ({
  requests: { cpu: requestsCpu, memory: requestsMemory },
  limits: { cpu: limitsCpu, memory: limitsMemory },
});
/** A budget of one pod down, rendered only where there is more than one pod to keep. */
const disruptionBudget = (replicas: number) => ({ enabled: replicas > 1, minAvailable: null, maxUnavailable: 1 });
const volumeClaim = (storageClassName: string, sizeGiB: number) => ({
  volumeClaimTemplate: {
    spec: { storageClassName, accessModes: ['ReadWriteOnce'], resources: { requests: { storage: `${sizeGiB}Gi` } } },
  },
});

/**
 * kube-prometheus-stack's values, from typed config: Prometheus sized and retained per
 * environment on gp3, selecting every monitor and rule in the cluster; the control-plane
 * components EKS does not expose left out; Alertmanager routing by severity to receivers whose
 * URLs and keys stay in Secrets; Grafana with no default password and pinned dashboards;
 * everything but node-exporter on the system nodes.
 */
export function kubePrometheusStackValues(props: KubePrometheusStackValuesProps): Record<string, unknown> {
  const { prometheus, alertmanager, grafana } = props.config;
  const receiversSecret = props.secrets.alertmanagerReceivers;

  return {
    // Helm creates a chart's crds/ folder once and never upgrades it: this pre-install and
    // pre-upgrade Job applies the operator's CRDs server-side (they exceed client-side apply's
    // annotation limit), so every chart bump brings the CRDs its operator expects.
    crds: {
      enabled: true,
      upgradeJob: {
        enabled: true,
        forceConflicts: true,
        image: { busybox: { tag: CHART_HELPER_IMAGES.busybox } },
        resources: resources('50m', '64Mi', '500m', '256Mi'),
        ...placement(),
      },
    },
    // EKS runs these out of reach: scraping them only produces "target down" alerts.
    kubeControllerManager: { enabled: false },
    kubeScheduler: { enabled: false },
    kubeEtcd: { enabled: false },
    kubeProxy: { enabled: false },
    // CoreDNS is scraped by the platform's own PodMonitor.
    coreDns: { enabled: false },
    defaultRules: {
      create: true,
      rules: {
        etcd: false,
        kubeControllerManager: false,
        kubeSchedulerAlerting: false,
        kubeSchedulerRecording: false,
        kubeProxy: false,
        kubernetesApps: false,
      },
    },
    prometheus: {
      podDisruptionBudget: disruptionBudget(prometheus.replicas),
      prometheusSpec: {
        replicas: prometheus.replicas,
        retention: prometheus.retention,
        retentionSize: `${prometheus.retentionSizeGiB}GB`,
        scrapeInterval: prometheus.scrapeInterval,
        evaluationInterval: prometheus.evaluationInterval,
        // Pick up every monitor and rule in the cluster, not only those labelled for this release.
        serviceMonitorSelectorNilUsesHelmValues: false,
        podMonitorSelectorNilUsesHelmValues: false,
        ruleSelectorNilUsesHelmValues: false,
        probeSelectorNilUsesHelmValues: false,
        scrapeConfigSelectorNilUsesHelmValues: false,
        storageSpec: volumeClaim(props.storageClass, prometheus.storageGiB),
        resources: resources(
          prometheus.resources.requestsCpu,
          prometheus.resources.requestsMemory,
          prometheus.resources.limitsCpu,
          prometheus.resources.limitsMemory,
        ),
        ...placement(),
      },
    },
    alertmanager: {
      enabled: true,
      podDisruptionBudget: disruptionBudget(alertmanager.replicas),
      config: alertmanagerConfig(alertmanager.receivers, receiversSecret),
      alertmanagerSpec: {
        replicas: alertmanager.replicas,
        secrets: receiversSecret ? [receiversSecret] : [],
        storage: volumeClaim(props.storageClass, 2),
        resources: resources('50m', '64Mi', '200m', '256Mi'),
        ...placement(),
      },
    },
    grafana: {
      // Never the chart's well-known default: the login Secrets Manager generated, synced by External Secrets.
      admin: { existingSecret: props.secrets.grafanaAdmin, userKey: 'admin-user', passwordKey: 'admin-password' },
      'grafana.ini': {
        users: { allow_sign_up: false },
        auth: { disable_login_form: false },
        analytics: { check_for_updates: false, reporting_enabled: false },
      },
      // The platform's dashboards come as ConfigMaps, loaded by the sidecar into the folder they name.
      sidecar: {
        dashboards: {
          enabled: true,
          label: GRAFANA_DASHBOARD_LABEL.key,
          labelValue: GRAFANA_DASHBOARD_LABEL.value,
          folderAnnotation: GRAFANA_FOLDER_ANNOTATION,
          provider: { foldersFromFilesStructure: true },
        },
      },
      ...(grafana.communityDashboards ? communityDashboards() : {}),
      ingress: grafana.ingressHost
        ? {
            enabled: true,
            ingressClassName: ALB_INGRESS_CLASS,
            annotations: albIngressAnnotations({ ...props.alb, groupOrder: 100, healthCheckPath: '/api/health' }),
            hosts: [grafana.ingressHost],
            path: '/',
            pathType: 'Prefix',
          }
        : { enabled: false },
      resources: resources('100m', '256Mi', '500m', '512Mi'),
      ...placement(),
    },
    prometheusOperator: {
      resources: resources('100m', '128Mi', '500m', '512Mi'),
      admissionWebhooks: { patch: placement() },
      ...placement(),
    },
    'kube-state-metrics': {
      resources: resources('50m', '128Mi', '200m', '512Mi'),
      ...placement(),
      ...(props.customResourceMetrics && {
        customResourceState: { enabled: true, config: { spec: { resources: props.customResourceMetrics.resources } } },
        rbac: { extraRules: props.customResourceMetrics.rbacRules },
      }),
    },
    // node-exporter reports on every node, so it tolerates every taint.
    'prometheus-node-exporter': { resources: resources('20m', '32Mi', '200m', '128Mi'), tolerations: [{ operator: 'Exists' }] },
  };
}

/** The grafana.com dashboards and the file provider they are written to, downloaded by Grafana's init container. */
function communityDashboards(): Record<string, unknown> {
  return {
    dashboardProviders: {
      'dashboardproviders.yaml': {
        apiVersion: 1,
        providers: [
          {
            name: 'community',
            orgId: 1,
            folder: 'Community',
            type: 'file',
            disableDeletion: true,
            editable: false,
            options: { path: '/var/lib/grafana/dashboards/community' },
          },
        ],
      },
    },
    dashboards: {
      community: Object.fromEntries(
        Object.entries(COMMUNITY_DASHBOARDS).map(([name, dashboard]) => [
          name,
          { ...dashboard, datasource: [{ name: 'DS_PROMETHEUS', value: PROMETHEUS_DATASOURCE_UID }] },
        ]),
      ),
    },
  };
}

/** Receivers whose URL or key is a secret: each has one, in the receivers Secret under the receiver's name. */
export function receiverHasSecret(receiver: Pick<AlertReceiverConfig, 'type'>): boolean {
  return receiver.type !== 'email';
}

/** Alertmanager's configuration: one route per receiver by severity; Watchdog and the rest go nowhere. */
function alertmanagerConfig(receivers: readonly AlertReceiverConfig[], receiversSecret: string | undefined): Record<string, unknown> {
  // Alertmanager reads these files when it sends, not when it loads its configuration.
  const secretFile = (receiver: AlertReceiverConfig) => `${SECRETS_DIR}/${receiversSecret}/${receiver.name}`;
  return {
    route: {
      receiver: 'null',
      group_by: ['alertname', 'namespace'],
      group_wait: '30s',
      group_interval: '5m',
      repeat_interval: '4h',
      routes: [
        { receiver: 'null', matchers: ['alertname = "Watchdog"'] },
        ...receivers.map((receiver) => ({
          receiver: receiver.name,
          matchers: [`severity =~ "${receiver.severities.join('|')}"`],
          continue: true,
        })),
      ],
    },
    receivers: [{ name: 'null' }, ...receivers.map((receiver) => receiverConfig(receiver, secretFile(receiver)))],
    // Helm replaces lists, so the chart's own inhibitions are restated alongside ours.
    inhibit_rules: [
      { source_matchers: ['severity = "critical"'], target_matchers: ['severity =~ "warning|info"'], equal: ['namespace', 'alertname'] },
      { source_matchers: ['severity = "warning"'], target_matchers: ['severity = "info"'], equal: ['namespace', 'alertname'] },
      { source_matchers: ['alertname = "InfoInhibitor"'], target_matchers: ['severity = "info"'], equal: ['namespace'] },
      { target_matchers: ['alertname = "InfoInhibitor"'] },
    ],
  };
}

function receiverConfig(receiver: AlertReceiverConfig, secretFile: string): Record<string, unknown> {
  switch (receiver.type) {
    case 'slack':
      return {
        name: receiver.name,
        slack_configs: [{ channel: receiver.channel, api_url_file: secretFile, send_resolved: true }],
      };
    case 'webhook':
      return { name: receiver.name, webhook_configs: [{ url_file: secretFile, send_resolved: true }] };
    case 'pagerduty':
      return {
        name: receiver.name,
        pagerduty_configs: [{ routing_key_file: secretFile, send_resolved: true }],
      };
    case 'email':
      return {
        name: receiver.name,
        email_configs: receiver.to!.map((to) => ({
          to,
          from: receiver.from,
          smarthost: receiver.smarthost,
          require_tls: true,
          send_resolved: true,
        })),
      };
  }
}

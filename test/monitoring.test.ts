import { parser } from '@prometheus-io/lezer-promql';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMUNITY_DASHBOARDS } from '../constructs/kube-prometheus-stack-values';
import { devFixture as dev, prodFixture as prod, stagingFixture as staging } from './fixtures/environments';
import type { EnvironmentInput } from '../lib/config/schema';
import { PLATFORM_ALERT_GROUPS } from '../lib/platform-alerts';
import { SYSTEM_WORKLOAD_PLACEMENT } from '../lib/system-node-placement';
import { helmValues, render } from './helpers/cfn';
import { problemsOf } from './helpers/config';
import { appliedObjects } from './helpers/manifests';
import { resourcesOfType, synthEnvironment, withOverrides } from './helpers/synth';

const prodEnv = synthEnvironment(prod);
const resources = prodEnv.cluster.toJSON().Resources as Record<string, any>;
const releaseOf = (template = prodEnv.cluster) => {
  const [id, release] = resourcesOfType(template, 'Custom::AWSCDK-EKS-HelmChart').find(
    ([, props]) => props.Release === 'kube-prometheus-stack',
  )!;
  return { id, release, values: helmValues(release) };
};
const { id: releaseId, release, values } = releaseOf();
const idStartingWith = (type: string, prefix: string) =>
  Object.keys(prodEnv.cluster.findResources(type)).find((id) => id.startsWith(prefix))!;

/** Syntax errors Prometheus's own grammar finds in an expression (lezer marks them as error nodes). */
function promqlErrors(expr: string): number[] {
  const errors: number[] = [];
  parser.parse(expr).iterate({ enter: (node) => void (node.type.isError && errors.push(node.from)) });
  return errors;
}

const ALERTS = PLATFORM_ALERT_GROUPS.flatMap((group) => group.alerts);

describe('alerts', () => {
  test.each(ALERTS.map((alert) => [alert.alert, alert.expr] as const))('%s parses as PromQL', (_, expr) => {
    expect(promqlErrors(expr)).toEqual([]);
  });

  test('the grammar rejects a broken expression, so the check above can fail', () => {
    expect(promqlErrors('sum(rate(http_requests_total[5m]) > ')).not.toEqual([]);
    expect(promqlErrors('max by (instance) (a / b) > 0.9 and')).not.toEqual([]);
  });

  test('every rule the cluster gets parses, and is one of the platform alerts', () => {
    const rules = appliedObjects(prodEnv.cluster)
      .filter(({ object }) => object.kind === 'PrometheusRule')
      .flatMap(({ object }) => object.spec.groups.flatMap((group: any) => group.rules));
    expect(rules.map((rule: any) => rule.alert)).toEqual(ALERTS.map((alert) => alert.alert));
    for (const rule of rules) expect(promqlErrors(rule.expr)).toEqual([]);
  });

  test('cover what the platform must watch, each with a severity, a summary and a runbook', () => {
    const names = ALERTS.map((alert) => alert.alert);
    expect(new Set(names).size).toBe(names.length);
    const watched = (metric: string) => ALERTS.some((alert) => alert.expr.includes(metric));
    for (const metric of [
      'kube_node_status_condition',
      'kube_pod_status_unschedulable',
      'karpenter_cloudprovider_errors_total',
      'karpenter_interruption_received_messages_total',
      'awscni_assigned_ip_addresses',
      'kubelet_volume_stats_used_bytes',
      'apiserver_request_total',
      'apiserver_request_duration_seconds_bucket',
      'apiserver_flowcontrol_rejected_requests_total',
      'apiserver_storage_size_bytes',
      'apiserver_resource_objects',
      'apiserver_admission_webhook_rejection_count',
      'apiserver_admission_webhook_fail_open_count',
      'apiserver_admission_webhook_admission_duration_seconds_bucket',
      'CrashLoopBackOff',
    ])
      expect(watched(metric)).toBe(true);
    for (const alert of ALERTS) {
      expect(['critical', 'warning', 'info']).toContain(alert.severity);
      expect(alert.summary.length).toBeGreaterThan(10);
      expect(alert.runbook.length).toBeGreaterThan(40);
    }
    expect(ALERTS.find((alert) => alert.alert === 'PersistentVolumeFillingUp')!.expr).toMatch(/> 0\.7$/);
  });

  test("etcd alerts measure against EKS's 8 GiB database limit: a warning first, then a critical one", () => {
    const exprOf = (name: string) => ALERTS.find((alert) => alert.alert === name)!;
    const limit = String(8 * 1024 ** 3);
    expect(exprOf('EtcdStorageNearLimit').expr).toBe(`max(apiserver_storage_size_bytes) / ${limit} > 0.75`);
    expect(exprOf('EtcdStorageNearLimit').severity).toBe('warning');
    expect(exprOf('EtcdStorageFull').expr).toContain(`/ ${limit} > 0.9`);
    expect(exprOf('EtcdStorageFull').expr).toContain(`predict_linear(max(apiserver_storage_size_bytes)[6h:5m], 4 * 3600) > ${limit}`);
    expect(exprOf('EtcdStorageFull').severity).toBe('critical');
  });

  test("the API server's latency ignores requests that stay open by design, on buckets kube-prometheus-stack keeps", () => {
    const latency = ALERTS.find((alert) => alert.alert === 'KubeApiServerLatencyHigh')!.expr;
    expect(latency).toContain('verb!~"WATCH|CONNECT"');
    expect(latency).toContain('subresource!~"log|exec|portforward|attach|proxy"');
    // The chart drops most apiserver_request_duration buckets; le="1" is one it keeps.
    expect(latency).toMatch(/> 1$/);
  });

  test("the README's runbook explains every alert", () => {
    const readme = readFileSync(join(__dirname, '../README.md'), 'utf8');
    for (const alert of ALERTS) expect(readme).toContain(`#### ${alert.alert}\n\n${alert.severity}: ${alert.runbook}`);
  });
});

describe('monitors', () => {
  const allMonitors = appliedObjects(prodEnv.cluster).filter(({ object }) => ['ServiceMonitor', 'PodMonitor'].includes(object.kind));
  // KEDA's and Flux's own monitors are their systems' (keda.test.ts, flux.test.ts); the rest scrape kube-system.
  const monitors = allMonitors.filter(({ object }) => !['keda', 'flux'].includes(object.metadata.name));

  test('Karpenter, the load balancer controller, CoreDNS and the VPC CNI are scraped in kube-system', () => {
    expect(monitors.map(({ object }) => [object.kind, object.metadata.name, object.spec.selector.matchLabels])).toEqual([
      ['ServiceMonitor', 'karpenter', { 'app.kubernetes.io/name': 'karpenter' }],
      ['PodMonitor', 'aws-load-balancer-controller', { 'app.kubernetes.io/name': 'aws-load-balancer-controller' }],
      ['PodMonitor', 'coredns', { 'k8s-app': 'kube-dns' }],
      ['PodMonitor', 'aws-node', { 'k8s-app': 'aws-node' }],
    ]);
    for (const { object } of monitors) expect(object.spec.namespaceSelector).toEqual({ matchNames: ['kube-system'] });
    expect(allMonitors).toHaveLength(monitors.length + 2);
  });

  test('are applied once the operator CRDs exist', () => {
    expect(resources[monitors[0].resource].DependsOn).toContain(releaseId);
  });
});

describe('kube-prometheus-stack', () => {
  test('installs the pinned chart into the privileged monitoring namespace, within the Lambda limit, after what it needs', () => {
    expect(release).toMatchObject({ Chart: 'kube-prometheus-stack', Version: '88.3.0', Namespace: 'monitoring', Wait: true });
    expect(Number(release.Timeout.replace(/s$/, ''))).toBeLessThan(15 * 60);
    const namespace = appliedObjects(prodEnv.cluster).find(
      ({ object }) => object.kind === 'Namespace' && object.metadata.name === 'monitoring',
    )!;
    expect(namespace.object.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('privileged');
    expect(resources[releaseId].DependsOn).toEqual(
      expect.arrayContaining([
        namespace.resource,
        idStartingWith('AWS::EKS::Nodegroup', 'EksClusterNodegroupSystemNodes'),
        idStartingWith('AWS::EKS::Addon', 'Addonsawsebscsidriver'),
        idStartingWith('Custom::AWSCDK-EKS-KubernetesResource', 'StorageStorageClasses'),
        idStartingWith('Custom::AWSCDK-EKS-HelmChart', 'IngressLoadBalancerControllerRelease'),
      ]),
    );
  });

  test('Prometheus keeps what config says on gp3 and selects every monitor and rule in the cluster', () => {
    const spec = values.prometheus.prometheusSpec;
    expect(spec).toMatchObject({
      replicas: 2,
      retention: '30d',
      retentionSize: '90GB',
      scrapeInterval: '30s',
      evaluationInterval: '30s',
      serviceMonitorSelectorNilUsesHelmValues: false,
      podMonitorSelectorNilUsesHelmValues: false,
      ruleSelectorNilUsesHelmValues: false,
      probeSelectorNilUsesHelmValues: false,
      storageSpec: { volumeClaimTemplate: { spec: { storageClassName: 'gp3', resources: { requests: { storage: '100Gi' } } } } },
      resources: { requests: { cpu: '1', memory: '4Gi' }, limits: { cpu: '4', memory: '8Gi' } },
    });
  });

  test('leaves out the control-plane components EKS does not expose', () => {
    for (const component of ['kubeControllerManager', 'kubeScheduler', 'kubeEtcd', 'kubeProxy'])
      expect(values[component]).toEqual({ enabled: false });
    expect(values.defaultRules.rules).toMatchObject({ etcd: false, kubeControllerManager: false, kubeSchedulerAlerting: false });
  });

  test('runs on the system nodes, except node-exporter, which runs everywhere', () => {
    const system = {
      nodeSelector: { 'platform/node-role': 'system' },
      tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Equal', value: 'true', effect: 'NoSchedule' }],
    };
    for (const component of [
      values.prometheus.prometheusSpec,
      values.alertmanager.alertmanagerSpec,
      values.grafana,
      values.prometheusOperator,
      values['kube-state-metrics'],
    ])
      expect(component).toMatchObject(system);
    expect(values['prometheus-node-exporter'].tolerations).toEqual([{ operator: 'Exists' }]);
  });

  test('Grafana has no default password: every environment reads the login Secrets Manager generated', () => {
    for (const grafana of [values.grafana, releaseOf(synthEnvironment(dev).cluster).values.grafana]) {
      expect(JSON.stringify(grafana)).not.toContain('prom-operator');
      expect(grafana.adminPassword).toBeUndefined();
      expect(grafana.admin).toEqual({ existingSecret: 'grafana-admin', userKey: 'admin-user', passwordKey: 'admin-password' });
    }
  });

  test("the chart's CRD Job keeps the operator CRDs current, with a pinned image, on the system nodes", () => {
    expect(values.crds).toMatchObject({ enabled: true, upgradeJob: { enabled: true, forceConflicts: true } });
    expect(values.crds.upgradeJob.image.busybox.tag).toMatch(/^\d+\.\d+\.\d+$/);
    expect(values.crds.upgradeJob.nodeSelector).toEqual(SYSTEM_WORKLOAD_PLACEMENT.nodeSelector);
  });

  test('Prometheus and Alertmanager keep one pod up through disruptions where they have two', () => {
    expect(values.prometheus.podDisruptionBudget).toEqual({ enabled: true, minAvailable: null, maxUnavailable: 1 });
    expect(values.alertmanager.podDisruptionBudget).toEqual({ enabled: true, minAvailable: null, maxUnavailable: 1 });
    const devValues = releaseOf(synthEnvironment(dev).cluster).values;
    expect(devValues.prometheus.podDisruptionBudget.enabled).toBe(false);
  });

  test('downloads nothing from grafana.com unless community dashboards are switched on', () => {
    expect(values.grafana.dashboards).toBeUndefined();
    expect(values.grafana.dashboardProviders).toBeUndefined();
    expect(values.grafana.sidecar.dashboards).toMatchObject({ enabled: true, label: 'grafana_dashboard', labelValue: '1' });
  });

  test('provisions the community dashboards pinned by revision where switched on', () => {
    const withCommunity = releaseOf(
      synthEnvironment(withOverrides(prod, { monitoring: { grafana: { communityDashboards: true } } })).cluster,
    );
    const dashboards = withCommunity.values.grafana.dashboards.community;
    expect(Object.keys(dashboards)).toEqual(Object.keys(COMMUNITY_DASHBOARDS));
    // The study notes' node exporter (15172) and all-in-one cluster (17900, the successor of 13770) dashboards among them.
    expect(Object.values(dashboards).map((dashboard: any) => dashboard.gnetId)).toEqual([15757, 1860, 13332, 15172, 17900]);
    for (const dashboard of Object.values(dashboards) as any[]) {
      expect(Number.isInteger(dashboard.revision) && dashboard.revision >= 1).toBe(true);
      expect(dashboard.datasource).toEqual([{ name: 'DS_PROMETHEUS', value: 'prometheus' }]);
    }
    expect(withCommunity.values.grafana.dashboardProviders['dashboardproviders.yaml'].providers[0].options.path).toBe(
      '/var/lib/grafana/dashboards/community',
    );
  });

  test('publishes Grafana on the shared ALB over HTTPS where a host is configured', () => {
    expect(values.grafana.ingress).toMatchObject({
      enabled: true,
      ingressClassName: 'alb',
      hosts: ['grafana.fixture.test'],
      annotations: {
        'alb.ingress.kubernetes.io/group.name': 'fx-prod-platform',
        'alb.ingress.kubernetes.io/certificate-arn': 'arn:aws:acm:eu-west-1:100000000003:certificate/00000000-0000-0000-0000-000000000000',
        'alb.ingress.kubernetes.io/ssl-redirect': '443',
        'alb.ingress.kubernetes.io/healthcheck-path': '/api/health',
        'alb.ingress.kubernetes.io/target-type': 'ip',
      },
    });
    expect(releaseOf(synthEnvironment(dev).cluster).values.grafana.ingress).toEqual({ enabled: false });
  });

  test('routes alerts by severity to receivers that read their secrets from mounted Secrets', () => {
    const config = values.alertmanager.config;
    expect(values.alertmanager.alertmanagerSpec.secrets).toEqual(['alertmanager-receivers']);
    expect(config.route.routes).toEqual([
      { receiver: 'null', matchers: ['alertname = "Watchdog"'] },
      { receiver: 'platform-oncall', matchers: ['severity =~ "critical"'], continue: true },
      { receiver: 'platform-slack', matchers: ['severity =~ "critical|warning"'], continue: true },
    ]);
    expect(config.receivers).toEqual([
      { name: 'null' },
      {
        name: 'platform-oncall',
        pagerduty_configs: [{ routing_key_file: '/etc/alertmanager/secrets/alertmanager-receivers/platform-oncall', send_resolved: true }],
      },
      {
        name: 'platform-slack',
        slack_configs: [
          {
            channel: '#fixture-alerts',
            api_url_file: '/etc/alertmanager/secrets/alertmanager-receivers/platform-slack',
            send_resolved: true,
          },
        ],
      },
    ]);
    expect(values.alertmanager.alertmanagerSpec.storage.volumeClaimTemplate.spec.storageClassName).toBe('gp3');
  });
});

describe('Container Insights', () => {
  test('the add-on runs with its own IRSA role, only where enabled', () => {
    const [[, addon]] = resourcesOfType(prodEnv.cluster, 'AWS::EKS::Addon').filter(([id]) => id.startsWith('ContainerInsights'));
    expect(addon).toMatchObject({ AddonName: 'amazon-cloudwatch-observability', AddonVersion: 'v6.7.0-eksbuild.1' });
    expect(JSON.parse(addon.ConfigurationValues).agent.config.logs.metrics_collected.kubernetes.enhanced_container_insights).toBe(true);
    const role = resources[addon.ServiceAccountRoleArn['Fn::GetAtt'][0]].Properties;
    expect(render(role.ManagedPolicyArns)).toEqual(['arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy']);
    const [, conditions] = resourcesOfType(prodEnv.cluster, 'Custom::AWSCDKCfnJson').find(([id]) =>
      id.startsWith('ContainerInsightsAgentRole'),
    )!;
    expect(JSON.stringify(conditions.Value)).toContain('system:serviceaccount:amazon-cloudwatch:cloudwatch-agent');
    expect(resourcesOfType(synthEnvironment(dev).cluster, 'AWS::EKS::Addon').filter(([id]) => id.startsWith('ContainerInsights'))).toEqual(
      [],
    );
  });

  test('its log groups exist first, with finite retention, retained in protected environments', () => {
    const groups = resourcesOfType(prodEnv.cluster, 'AWS::Logs::LogGroup').filter(([id]) => id.startsWith('ContainerInsights'));
    expect(groups.map(([, group]) => [group.LogGroupName, group.RetentionInDays])).toEqual(
      ['application', 'dataplane', 'host', 'performance'].map((kind) => [`/aws/containerinsights/fx-prod-platform/${kind}`, 90]),
    );
    const addonId = idStartingWith('AWS::EKS::Addon', 'ContainerInsights');
    for (const [id] of groups) {
      expect(resources[id].DeletionPolicy).toBe('Retain');
      expect(resources[addonId].DependsOn).toContain(id);
    }
  });
});

describe('monitoring config errors', () => {
  const slack = { name: 'team', type: 'slack' as const, channel: '#alerts' };
  test.each<[string, EnvironmentInput['monitoring'], string[]]>([
    [
      'retention of zero',
      { prometheus: { retention: '0d' } },
      ['fx-staging.monitoring.prometheus.retention: must be more than zero: Prometheus would keep nothing'],
    ],
    [
      'storage smaller than the retention size',
      { prometheus: { retentionSizeGiB: 60, storageGiB: 50 } },
      [
        'fx-staging.monitoring.prometheus.storageGiB: 50 GiB is smaller than retentionSizeGiB 60: the volume would fill before retention deletes anything',
      ],
    ],
    [
      'a slack receiver with no destination',
      { alertmanager: { receivers: [{ name: 'team', type: 'slack' }] } },
      ['fx-staging.monitoring.alertmanager.receivers[0]: receiver "team" has no destination: a slack receiver needs a channel'],
    ],
    [
      'an email receiver with no recipients',
      {
        alertmanager: {
          receivers: [{ name: 'mail', type: 'email', to: [], from: 'alerts@example.com', smarthost: 'smtp.example.com:587' }],
        },
      },
      [
        'fx-staging.monitoring.alertmanager.receivers[0]: receiver "mail" has no destination: an email receiver needs to, from and smarthost',
      ],
    ],
    [
      'two receivers with one name',
      { alertmanager: { receivers: [slack, slack] } },
      ['fx-staging.monitoring.alertmanager.receivers[1].name: two receivers are called "team"'],
    ],
    [
      'a receiver that still names a Kubernetes Secret',
      { alertmanager: { receivers: [{ ...slack, urlSecret: { name: 'alertmanager-receivers', key: 'slack-url' } }] } },
      [
        'fx-staging.monitoring.alertmanager.receivers[0].urlSecret: is no longer set: the platform keeps this receiver\'s URL in Secrets Manager as "fx-staging/platform/alertmanager/receivers/team"; remove the field and fill the secret with `aws secretsmanager put-secret-value --region eu-west-1 --secret-id fx-staging/platform/alertmanager/receivers/team --secret-string file:///dev/stdin`',
      ],
    ],
    [
      'a Grafana admin Secret named by hand',
      { grafana: { adminSecretName: 'grafana-admin' } },
      [
        'fx-staging.monitoring.grafana.adminSecretName: is no longer set: the platform generates Grafana\'s admin login in Secrets Manager as "fx-staging/platform/grafana/admin"; remove the field',
      ],
    ],
    [
      'a malformed retention',
      { prometheus: { retention: '15 days' } },
      ['fx-staging.monitoring.prometheus.retention: "15 days" must be a Prometheus duration such as 30s, 12h or 15d'],
    ],
  ])('%s', (_, monitoring, expected) => {
    // The receivers are replaced, so Flux's notifications (which name one) are left out of the base.
    const base = { ...staging, flux: { gitSources: staging.flux!.gitSources } };
    expect(problemsOf([withOverrides(base, { monitoring })])).toEqual(expected);
  });
});

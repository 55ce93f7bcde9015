import type { DashboardSpec } from './grafana-dashboard';

const NAMESPACE = 'exported_namespace=~"$namespace"';

/**
 * Flux: which Git sources and Kustomizations are not ready, what revision each runs, how long
 * reconciles take and whether the controllers fail. Object state from kube-state-metrics' custom
 * resource state (`gotk_resource_info`), timings from the controllers' `gotk_reconcile_duration_seconds`.
 */
export const FLUX_DASHBOARD: DashboardSpec = {
  uid: 'platform-flux',
  title: 'Platform / Flux',
  description: 'Delivery from Git: sources and Kustomizations not ready, applied revisions, reconcile durations and controller errors.',
  tags: ['flux', 'gitops'],
  variables: [{ name: 'namespace', label: 'Namespace', query: 'label_values(gotk_resource_info, exported_namespace)' }],
  rows: [
    {
      title: 'State',
      panels: [
        {
          title: 'Git sources not ready',
          description: 'GitRepositories whose Ready condition is False: nothing new is fetched.',
          type: 'stat',
          width: 6,
          thresholds: [
            [0, 'green'],
            [1, 'red'],
          ],
          queries: [
            {
              expr: `count(gotk_resource_info{customresource_kind="GitRepository",ready="False",${NAMESPACE}}) or vector(0)`,
              instant: true,
            },
          ],
        },
        {
          title: 'Kustomizations not ready',
          description: 'Kustomizations whose Ready condition is False: the last change did not apply or is unhealthy.',
          type: 'stat',
          width: 6,
          thresholds: [
            [0, 'green'],
            [1, 'red'],
          ],
          queries: [
            {
              expr: `count(gotk_resource_info{customresource_kind="Kustomization",ready="False",${NAMESPACE}}) or vector(0)`,
              instant: true,
            },
          ],
        },
        {
          title: 'Suspended',
          type: 'stat',
          width: 6,
          thresholds: [
            [0, 'green'],
            [1, 'orange'],
          ],
          queries: [{ expr: `count(gotk_resource_info{suspended="true",${NAMESPACE}}) or vector(0)`, instant: true }],
        },
        {
          title: 'Objects delivered from Git',
          type: 'stat',
          width: 6,
          queries: [{ expr: `count(gotk_resource_info{${NAMESPACE}}) or vector(0)`, instant: true }],
        },
        {
          title: 'Sources and Kustomizations',
          description: 'Every Flux object with its Ready condition and the revision it runs.',
          type: 'table',
          width: 24,
          queries: [
            {
              expr: `max by (customresource_kind, exported_namespace, name, ready, revision) (gotk_resource_info{${NAMESPACE}})`,
              instant: true,
            },
          ],
        },
      ],
    },
    {
      title: 'Reconciliation',
      panels: [
        {
          title: 'Reconcile duration (p95)',
          type: 'timeseries',
          unit: 's',
          queries: [
            {
              expr: 'histogram_quantile(0.95, sum by (kind, namespace, name, le) (rate(gotk_reconcile_duration_seconds_bucket[5m])))',
              legend: '{{kind}} {{namespace}}/{{name}}',
            },
          ],
        },
        {
          title: 'Controller reconcile errors',
          type: 'timeseries',
          unit: 'reqps',
          queries: [
            {
              expr: 'sum by (controller) (rate(controller_runtime_reconcile_errors_total{namespace="flux-system"}[5m]))',
              legend: '{{controller}}',
            },
          ],
        },
      ],
    },
  ],
};

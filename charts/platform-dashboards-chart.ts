import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import type { Construct } from 'constructs';
import type { GrafanaDashboard } from '../lib/dashboards/grafana-dashboard';

/**
 * The label Grafana's dashboard sidecar watches for (kube-prometheus-stack's
 * `grafana.sidecar.dashboards.label` and `labelValue`), and the annotation it reads the folder from.
 */
export const GRAFANA_DASHBOARD_LABEL = { key: 'grafana_dashboard', value: '1' } as const;
export const GRAFANA_FOLDER_ANNOTATION = 'grafana_folder';
export const PLATFORM_DASHBOARD_FOLDER = 'Platform';

export interface PlatformDashboardsChartProps {
  readonly namespace: string;
  /** Dashboards by file name. */
  readonly dashboards: Readonly<Record<string, GrafanaDashboard>>;
}

/** One ConfigMap per dashboard, which Grafana's sidecar loads into the Platform folder. */
export class PlatformDashboardsChart extends Chart {
  constructor(scope: Construct, id: string, props: PlatformDashboardsChartProps) {
    super(scope, id);
    for (const [name, dashboard] of Object.entries(props.dashboards)) {
      new kplus.ConfigMap(this, name, {
        metadata: {
          name: `platform-dashboard-${name}`,
          namespace: props.namespace,
          labels: { [GRAFANA_DASHBOARD_LABEL.key]: GRAFANA_DASHBOARD_LABEL.value },
          annotations: { [GRAFANA_FOLDER_ANNOTATION]: PLATFORM_DASHBOARD_FOLDER },
        },
        data: { [`${name}.json`]: JSON.stringify(dashboard) },
      });
    }
  }
}

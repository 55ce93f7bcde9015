import { parser } from '@prometheus-io/lezer-promql';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { GRAFANA_DASHBOARD_LABEL, GRAFANA_FOLDER_ANNOTATION } from '../charts/platform-dashboards-chart';
import type { GrafanaDashboard, GrafanaPanel } from '../lib/dashboards/grafana-dashboard';
import { grafanaDashboard, PROMETHEUS_DATASOURCE_UID } from '../lib/dashboards/grafana-dashboard';
import { costDashboard } from '../lib/dashboards/cost-dashboard';
import { platformDashboards } from '../lib/dashboards/platform-dashboards';
import { PLATFORM_ALERT_GROUPS } from '../lib/platform-alerts';
import { prodFixture } from './fixtures/environments';
import { appliedObjects } from './helpers/manifests';
import { chartFolder, CHARTS_DIR, NO_CHARTS_REASON } from './helpers/shared';
import { synthEnvironment } from './helpers/synth';
import { KUBERNETES_RELEASES } from '../lib/config/version-matrix';

/**
 * The platform's own dashboards: valid Grafana JSON whose every panel queries the Prometheus
 * data source with PromQL that parses, shipped as ConfigMaps that Grafana's sidecar loads.
 */
const DASHBOARDS = Object.entries({
  ...platformDashboards(),
  // OpenCost's, shipped by its construct, here with two teams.
  cost: grafanaDashboard(
    costDashboard([
      { name: 'payments', namespaces: ['pay', 'pay-jobs'] },
      { name: 'search', namespaces: ['search'] },
    ]),
  ),
});

/** Grafana substitutes its variables before Prometheus sees a query; the parser gets what Prometheus gets. */
const asPrometheusSees = (expr: string) => expr.replaceAll('$__rate_interval', '2m').replaceAll('$__interval', '1m');

function promqlErrors(expr: string): number[] {
  const errors: number[] = [];
  parser.parse(asPrometheusSees(expr)).iterate({ enter: (node) => void (node.type.isError && errors.push(node.from)) });
  return errors;
}

const contentPanels = (dashboard: GrafanaDashboard): GrafanaPanel[] => dashboard.panels.filter((panel) => panel.type !== 'row');

describe.each(DASHBOARDS)('dashboard %s', (_name, dashboard) => {
  test('has a stable uid, a title and the current schema', () => {
    expect(dashboard.uid).toMatch(/^[a-z0-9-]{1,40}$/);
    expect(dashboard.title).toMatch(/^Platform \/ /);
    expect(dashboard.schemaVersion).toBe(39);
  });

  test('has panels with unique ids, inside the 24-column grid, none overlapping', () => {
    const panels = dashboard.panels;
    expect(contentPanels(dashboard).length).toBeGreaterThanOrEqual(3);
    expect(new Set(panels.map((panel) => panel.id)).size).toBe(panels.length);
    for (const { gridPos } of panels) expect(gridPos.x + gridPos.w).toBeLessThanOrEqual(24);
    const cells = new Set<string>();
    for (const { gridPos } of panels)
      for (let x = gridPos.x; x < gridPos.x + gridPos.w; x++)
        for (let y = gridPos.y; y < gridPos.y + gridPos.h; y++) {
          expect(cells.has(`${x},${y}`)).toBe(false);
          cells.add(`${x},${y}`);
        }
  });

  test('every panel queries the Prometheus data source by uid', () => {
    for (const panel of contentPanels(dashboard)) {
      expect(panel.datasource).toEqual({ type: 'prometheus', uid: PROMETHEUS_DATASOURCE_UID });
      expect(panel.targets!.length).toBeGreaterThan(0);
      for (const target of panel.targets!) expect(target.datasource.uid).toBe(PROMETHEUS_DATASOURCE_UID);
      expect(new Set(panel.targets!.map((target) => target.refId)).size).toBe(panel.targets!.length);
    }
  });

  test('every query is PromQL that parses', () => {
    const queries = contentPanels(dashboard).flatMap((panel) => panel.targets!.map((target) => [panel.title, target.expr] as const));
    expect(queries.filter(([, expr]) => promqlErrors(expr).length > 0)).toEqual([]);
  });

  test('every template variable used in a query is defined', () => {
    const defined = new Set((dashboard.templating as any).list.map((variable: any) => variable.name));
    const used = contentPanels(dashboard).flatMap((panel) =>
      panel.targets!.flatMap((target) => [...target.expr.matchAll(/\$(\w+)/g)].map((match) => match[1])),
    );
    expect(used.filter((name) => !name.startsWith('__') && !defined.has(name))).toEqual([]);
  });
});

test('the parser rejects a broken query, so the check above can fail', () => {
  expect(promqlErrors('sum by (nodepool) (karpenter_nodepools_usage{resource_type="cpu"')).not.toEqual([]);
});

test('the alerts dashboard watches every platform alert', () => {
  const alerts = Object.fromEntries(DASHBOARDS)['platform-alerts'];
  const titles = contentPanels(alerts).map((panel) => panel.title);
  for (const group of PLATFORM_ALERT_GROUPS) for (const alert of group.alerts) expect(titles).toContain(alert.alert);
});

test('each dashboard ships as a ConfigMap labelled for the sidecar, in the Platform folder', () => {
  const configMaps = appliedObjects(synthEnvironment(prodFixture).cluster)
    .map(({ object }) => object)
    .filter(
      (object) => object.kind === 'ConfigMap' && object.metadata.labels?.[GRAFANA_DASHBOARD_LABEL.key] === GRAFANA_DASHBOARD_LABEL.value,
    );
  expect(configMaps.map((configMap) => configMap.metadata.name).sort()).toEqual(
    DASHBOARDS.map(([name]) => `platform-dashboard-${name}`).sort(),
  );
  for (const configMap of configMaps) {
    expect(configMap.metadata.namespace).toBe('monitoring');
    expect(configMap.metadata.annotations?.[GRAFANA_FOLDER_ANNOTATION]).toBe('Platform');
    const [json] = Object.values(configMap.data as Record<string, string>);
    expect(DASHBOARDS.map(([, dashboard]) => dashboard.uid)).toContain(JSON.parse(json).uid);
  }
});

const chartPin = KUBERNETES_RELEASES[0].helmCharts['kube-prometheus-stack'];
(CHARTS_DIR && existsSync(chartFolder(chartPin)) ? test : test.skip)(
  CHARTS_DIR ? "the label is the one kube-prometheus-stack's Grafana sidecar watches, in every namespace" : NO_CHARTS_REASON,
  () => {
    const values = parse(readFileSync(join(chartFolder(chartPin), 'values.yaml'), 'utf8'));
    expect(values.grafana.sidecar.dashboards).toMatchObject({
      enabled: true,
      label: GRAFANA_DASHBOARD_LABEL.key,
      labelValue: GRAFANA_DASHBOARD_LABEL.value,
      searchNamespace: 'ALL',
    });
  },
);

/**
 * Grafana dashboards as typed data: the platform's own dashboards are built here and provisioned
 * through ConfigMaps that Grafana's dashboard sidecar loads, so nothing is downloaded at start-up.
 * The JSON follows Grafana's dashboard model (schemaVersion 39).
 */

/** The uid kube-prometheus-stack gives its Prometheus data source; panels refer to it by uid. */
export const PROMETHEUS_DATASOURCE_UID = 'prometheus';

const PROMETHEUS = { type: 'prometheus', uid: PROMETHEUS_DATASOURCE_UID } as const;
const GRID_WIDTH = 24;

export interface Query {
  readonly expr: string;
  /** How series are named in the legend, e.g. `{{nodepool}}`. */
  readonly legend?: string;
  /** Evaluate once at the end of the range (tables, stats) rather than over it. */
  readonly instant?: boolean;
}

export interface PanelSpec {
  readonly title: string;
  readonly description?: string;
  readonly type: 'timeseries' | 'stat' | 'table' | 'bargauge';
  readonly queries: readonly Query[];
  /** Grafana unit id: `short`, `percentunit`, `s`, `ms`, `bytes`, `reqps`... */
  readonly unit?: string;
  /** Columns out of 24. @default 12 */
  readonly width?: number;
  /** Rows of 30 px. @default 8 */
  readonly height?: number;
  /** Thresholds for stats and gauges, [value, color] from the lowest. */
  readonly thresholds?: readonly (readonly [number, string])[];
}

/** A titled group of panels, laid out left to right and wrapped at the grid's width. */
export interface RowSpec {
  readonly title: string;
  readonly panels: readonly PanelSpec[];
}

export interface DashboardSpec {
  /** Stable id (at most 40 characters): links and bookmarks survive updates. */
  readonly uid: string;
  readonly title: string;
  readonly description: string;
  readonly tags: readonly string[];
  readonly rows: readonly RowSpec[];
  /** Template variables, each a label whose values a query lists (`label_values(metric, label)`). */
  readonly variables?: readonly { readonly name: string; readonly label: string; readonly query: string }[];
}

export interface GrafanaDashboard {
  uid: string;
  title: string;
  [key: string]: unknown;
  panels: GrafanaPanel[];
}

export interface GrafanaPanel {
  id: number;
  type: string;
  title: string;
  gridPos: { x: number; y: number; w: number; h: number };
  datasource?: { type: string; uid: string };
  targets?: {
    refId: string;
    expr: string;
    legendFormat?: string;
    instant?: boolean;
    range?: boolean;
    datasource: { type: string; uid: string };
  }[];
  [key: string]: unknown;
}

const REF_IDS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

function panel(spec: PanelSpec, id: number, gridPos: GrafanaPanel['gridPos']): GrafanaPanel {
  const steps = spec.thresholds ?? [[0, 'green']];
  return {
    id,
    type: spec.type,
    title: spec.title,
    ...(spec.description ? { description: spec.description } : {}),
    gridPos,
    datasource: { ...PROMETHEUS },
    fieldConfig: {
      defaults: {
        unit: spec.unit ?? 'short',
        thresholds: { mode: 'absolute', steps: steps.map(([value, color], index) => ({ color, value: index === 0 ? null : value })) },
      },
      overrides: [],
    },
    options: spec.type === 'timeseries' ? { legend: { displayMode: 'table', placement: 'bottom', calcs: ['lastNotNull', 'max'] } } : {},
    targets: spec.queries.map((query, index) => ({
      refId: REF_IDS[index],
      expr: query.expr,
      ...(query.legend ? { legendFormat: query.legend } : {}),
      ...(query.instant ? { instant: true, range: false } : {}),
      datasource: { ...PROMETHEUS },
    })),
  };
}

/** The dashboard JSON Grafana loads: rows become collapsed-open row panels, panels are placed on the 24-column grid. */
export function grafanaDashboard(spec: DashboardSpec): GrafanaDashboard {
  const panels: GrafanaPanel[] = [];
  let y = 0;
  let id = 1;
  for (const row of spec.rows) {
    panels.push({ id: id++, type: 'row', title: row.title, collapsed: false, gridPos: { x: 0, y: y++, w: GRID_WIDTH, h: 1 }, panels: [] });
    let x = 0;
    let rowHeight = 0;
    for (const spec of row.panels) {
      const w = spec.width ?? 12;
      const h = spec.height ?? 8;
      if (x + w > GRID_WIDTH) {
        y += rowHeight;
        x = 0;
        rowHeight = 0;
      }
      panels.push(panel(spec, id++, { x, y, w, h }));
      x += w;
      rowHeight = Math.max(rowHeight, h);
    }
    y += rowHeight;
  }
  return {
    uid: spec.uid,
    title: spec.title,
    description: spec.description,
    tags: ['platform', ...spec.tags],
    editable: false,
    graphTooltip: 1,
    schemaVersion: 39,
    refresh: '1m',
    time: { from: 'now-6h', to: 'now' },
    timezone: 'utc',
    templating: {
      list: (spec.variables ?? []).map((variable) => ({
        name: variable.name,
        label: variable.label,
        type: 'query',
        datasource: { ...PROMETHEUS },
        query: { query: variable.query, refId: 'PrometheusVariableQueryEditor-VariableQuery' },
        definition: variable.query,
        includeAll: true,
        allValue: '.*',
        multi: true,
        current: { selected: true, text: ['All'], value: ['$__all'] },
        refresh: 2,
        sort: 1,
      })),
    },
    annotations: { list: [] },
    links: [],
    panels,
  };
}

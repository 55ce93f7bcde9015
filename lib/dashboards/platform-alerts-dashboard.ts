import type { PlatformAlertGroup } from '../platform-alerts';
import type { DashboardSpec, PanelSpec } from './grafana-dashboard';

/** A stat turns red as soon as one alert fires. */
const FIRING_THRESHOLDS: PanelSpec['thresholds'] = [
  [0, 'green'],
  [1, 'red'],
];

/**
 * The platform's alerts: what fires now, and for every alert the expression it watches, so an
 * engineer sees how close a condition is before it fires. Built from the alert definitions, so
 * a new alert gets its panel with no edit here.
 */
export function platformAlertsDashboard(groups: readonly PlatformAlertGroup[]): DashboardSpec {
  const names = groups.flatMap((group) => group.alerts.map((alert) => alert.alert));
  const platformAlerts = `alertname=~"${names.join('|')}"`;
  return {
    uid: 'platform-alerts',
    title: 'Platform / Alerts',
    description: "The platform's alerts: firing now, and the condition each one watches.",
    tags: ['alerts'],
    rows: [
      {
        title: 'Firing',
        panels: [
          ...(['critical', 'warning'] as const).map((severity): PanelSpec => ({
            title: `Firing ${severity} alerts`,
            type: 'stat',
            width: 6,
            thresholds: FIRING_THRESHOLDS,
            queries: [{ expr: `count(ALERTS{${platformAlerts},alertstate="firing",severity="${severity}"}) or vector(0)`, instant: true }],
          })),
          {
            title: 'Firing and pending, by alert',
            type: 'table',
            width: 12,
            queries: [{ expr: `sum by (alertname, severity, alertstate) (ALERTS{${platformAlerts}})`, instant: true }],
          },
        ],
      },
      ...groups.map((group) => ({
        title: group.name,
        panels: group.alerts.map((alert): PanelSpec => ({
          title: alert.alert,
          description: `${alert.severity}, after ${alert.for}: ${alert.summary}`,
          type: 'timeseries',
          width: 8,
          queries: [{ expr: alert.expr }],
        })),
      })),
    ],
  };
}

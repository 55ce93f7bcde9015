import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import type { PlatformAlertGroup } from '../lib/platform-alerts';
import { PrometheusRule, PrometheusRuleSpecGroupsRulesExpr } from './imports/monitoring.coreos.com';

export interface PlatformAlertsChartProps {
  readonly namespace: string;
  readonly groups: readonly PlatformAlertGroup[];
  /** Where the runbook of each alert is (`<url>#<alert name in lower case>`); the description carries it anyway. */
  readonly runbookBaseUrl?: string;
}

/** The platform's alerts as one PrometheusRule, each with its severity, summary and runbook. */
export class PlatformAlertsChart extends Chart {
  constructor(scope: Construct, id: string, props: PlatformAlertsChartProps) {
    super(scope, id);
    new PrometheusRule(this, 'Rules', {
      metadata: { name: 'platform-alerts', namespace: props.namespace },
      spec: {
        groups: props.groups.map((group) => ({
          name: group.name,
          rules: group.alerts.map((alert) => ({
            alert: alert.alert,
            expr: PrometheusRuleSpecGroupsRulesExpr.fromString(alert.expr),
            for: alert.for,
            labels: { severity: alert.severity },
            annotations: {
              summary: alert.summary,
              description: alert.runbook,
              ...(props.runbookBaseUrl ? { runbook_url: `${props.runbookBaseUrl}#${alert.alert.toLowerCase()}` } : {}),
            },
          })),
        })),
      },
    });
  }
}

import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { ServiceMonitor } from './imports/monitoring.coreos.com';

export interface KedaMonitorsChartProps {
  /** Where the monitor lives (the monitoring namespace); Prometheus selects monitors in every namespace. */
  readonly namespace: string;
  /** Where KEDA runs. */
  readonly kedaNamespace: string;
}

/**
 * How Prometheus scrapes KEDA: one ServiceMonitor for the operator (scaler metrics, the ones the
 * alerts read), the metrics API server and the webhooks, whose Services all carry a `metrics` port.
 */
export class KedaMonitorsChart extends Chart {
  constructor(scope: Construct, id: string, props: KedaMonitorsChartProps) {
    super(scope, id);
    new ServiceMonitor(this, 'Keda', {
      metadata: { name: 'keda', namespace: props.namespace, labels: { 'platform/monitor': 'keda' } },
      spec: {
        namespaceSelector: { matchNames: [props.kedaNamespace] },
        selector: { matchLabels: { 'app.kubernetes.io/part-of': 'keda-operator' } },
        endpoints: [{ port: 'metrics', path: '/metrics', interval: '30s' }],
      },
    });
  }
}

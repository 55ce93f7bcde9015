import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { PodMonitor } from './imports/monitoring.coreos.com';

export interface FluxMonitorsChartProps {
  /** Where the monitor lives (the monitoring namespace); Prometheus selects monitors in every namespace. */
  readonly namespace: string;
  readonly fluxNamespace: string;
  /** The controllers' `app` labels. */
  readonly controllers: readonly string[];
  /** The container port the controllers serve /metrics on. */
  readonly port: string;
}

/** How Prometheus scrapes Flux: one PodMonitor over the controllers (gotk_reconcile_* and controller-runtime metrics). */
export class FluxMonitorsChart extends Chart {
  constructor(scope: Construct, id: string, props: FluxMonitorsChartProps) {
    super(scope, id);
    new PodMonitor(this, 'Flux', {
      metadata: { name: 'flux', namespace: props.namespace, labels: { 'platform/monitor': 'flux' } },
      spec: {
        namespaceSelector: { matchNames: [props.fluxNamespace] },
        selector: { matchExpressions: [{ key: 'app', operator: 'In', values: [...props.controllers] }] },
        podMetricsEndpoints: [{ port: props.port, path: '/metrics', interval: '30s' }],
      },
    });
  }
}

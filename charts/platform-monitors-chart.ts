import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { PodMonitor, ServiceMonitor } from './imports/monitoring.coreos.com';

export interface PlatformMonitorsChartProps {
  /** Where the monitors live; Prometheus selects monitors in every namespace. */
  readonly namespace: string;
  /** Scrape the AWS Load Balancer Controller. */
  readonly loadBalancerController: boolean;
}

const KUBE_SYSTEM = { matchNames: ['kube-system'] };

/**
 * How Prometheus finds the platform's own components in kube-system: Karpenter through its
 * metrics Service, and the load balancer controller, CoreDNS and the VPC CNI (host-network pods
 * without a metrics Service) by their pods and metrics port.
 */
export class PlatformMonitorsChart extends Chart {
  constructor(scope: Construct, id: string, props: PlatformMonitorsChartProps) {
    super(scope, id);
    const metadata = (name: string) => ({ name, namespace: props.namespace, labels: { 'platform/monitor': name } });

    new ServiceMonitor(this, 'Karpenter', {
      metadata: metadata('karpenter'),
      spec: {
        namespaceSelector: KUBE_SYSTEM,
        selector: { matchLabels: { 'app.kubernetes.io/name': 'karpenter' } },
        endpoints: [{ port: 'http-metrics', path: '/metrics', interval: '30s' }],
      },
    });

    if (props.loadBalancerController)
      new PodMonitor(this, 'LoadBalancerController', {
        metadata: metadata('aws-load-balancer-controller'),
        spec: {
          namespaceSelector: KUBE_SYSTEM,
          selector: { matchLabels: { 'app.kubernetes.io/name': 'aws-load-balancer-controller' } },
          podMetricsEndpoints: [{ portNumber: 8080, path: '/metrics' }],
        },
      });

    new PodMonitor(this, 'CoreDns', {
      metadata: metadata('coredns'),
      spec: {
        namespaceSelector: KUBE_SYSTEM,
        selector: { matchLabels: { 'k8s-app': 'kube-dns' } },
        podMetricsEndpoints: [{ portNumber: 9153, path: '/metrics' }],
      },
    });

    // aws-node runs on the host network: the node name is the useful label, not the pod's.
    new PodMonitor(this, 'VpcCni', {
      metadata: metadata('aws-node'),
      spec: {
        namespaceSelector: KUBE_SYSTEM,
        selector: { matchLabels: { 'k8s-app': 'aws-node' } },
        podMetricsEndpoints: [
          {
            port: 'metrics',
            path: '/metrics',
            relabelings: [{ sourceLabels: ['__meta_kubernetes_pod_node_name'], targetLabel: 'instance' }],
          },
        ],
      },
    });
  }
}

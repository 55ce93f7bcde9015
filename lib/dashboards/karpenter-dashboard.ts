import type { DashboardSpec } from './grafana-dashboard';

const POOL = 'nodepool=~"$nodepool"';

/**
 * Karpenter: what its NodePools hold against their limits, how nodes come and go and why, and
 * whether the controller is healthy. Metrics from Karpenter's own /metrics (the platform's
 * PodMonitor scrapes them), names as of Karpenter v1.
 */
export const KARPENTER_DASHBOARD: DashboardSpec = {
  uid: 'platform-karpenter',
  title: 'Platform / Karpenter',
  description: 'NodePool capacity against limits, node launches and disruptions, interruptions and controller health.',
  tags: ['karpenter', 'capacity'],
  variables: [{ name: 'nodepool', label: 'NodePool', query: 'label_values(karpenter_nodepools_limit, nodepool)' }],
  rows: [
    {
      title: 'Capacity',
      panels: [
        {
          title: 'CPU used of the NodePool limit',
          description: 'At 100% the pool launches nothing more: pods stay pending.',
          type: 'bargauge',
          unit: 'percentunit',
          width: 8,
          thresholds: [
            [0, 'green'],
            [0.75, 'orange'],
            [0.9, 'red'],
          ],
          queries: [
            {
              expr: `max by (nodepool) (karpenter_nodepools_usage{resource_type="cpu",${POOL}} / karpenter_nodepools_limit{resource_type="cpu",${POOL}})`,
              legend: '{{nodepool}}',
              instant: true,
            },
          ],
        },
        {
          title: 'Memory used of the NodePool limit',
          type: 'bargauge',
          unit: 'percentunit',
          width: 8,
          thresholds: [
            [0, 'green'],
            [0.75, 'orange'],
            [0.9, 'red'],
          ],
          queries: [
            {
              expr: `max by (nodepool) (karpenter_nodepools_usage{resource_type="memory",${POOL}} / karpenter_nodepools_limit{resource_type="memory",${POOL}})`,
              legend: '{{nodepool}}',
              instant: true,
            },
          ],
        },
        {
          title: 'Nodes Karpenter manages',
          type: 'stat',
          width: 8,
          queries: [{ expr: 'max(karpenter_cluster_state_node_count)', instant: true }],
        },
        {
          title: 'CPU requested of allocatable, by pool',
          description: 'Low values mean consolidation has room to remove nodes.',
          type: 'timeseries',
          unit: 'percentunit',
          queries: [
            {
              expr: `sum by (nodepool) (karpenter_nodes_total_pod_requests{resource_type="cpu",${POOL}}) / sum by (nodepool) (karpenter_nodes_allocatable{resource_type="cpu",${POOL}})`,
              legend: '{{nodepool}}',
            },
          ],
        },
        {
          title: 'Nodes by capacity type',
          type: 'timeseries',
          queries: [
            {
              expr: `count by (capacity_type) (karpenter_nodes_allocatable{resource_type="cpu",${POOL}})`,
              legend: '{{capacity_type}}',
            },
          ],
        },
      ],
    },
    {
      title: 'Node lifecycle',
      panels: [
        {
          title: 'NodeClaims created',
          type: 'timeseries',
          width: 8,
          queries: [
            { expr: `sum by (nodepool) (increase(karpenter_nodeclaims_created_total{${POOL}}[$__rate_interval]))`, legend: '{{nodepool}}' },
          ],
        },
        {
          title: 'NodeClaims terminated',
          type: 'timeseries',
          width: 8,
          queries: [
            {
              expr: `sum by (nodepool) (increase(karpenter_nodeclaims_terminated_total{${POOL}}[$__rate_interval]))`,
              legend: '{{nodepool}}',
            },
          ],
        },
        {
          title: 'NodeClaims disrupted, by reason',
          description: 'Consolidation, drift, expiry and emptiness; drift follows image and NodePool changes.',
          type: 'timeseries',
          width: 8,
          queries: [
            { expr: `sum by (reason) (increase(karpenter_nodeclaims_disrupted_total{${POOL}}[$__rate_interval]))`, legend: '{{reason}}' },
          ],
        },
        {
          title: 'Pods waiting for capacity',
          type: 'timeseries',
          queries: [{ expr: 'sum(karpenter_scheduler_queue_depth)', legend: 'queued' }],
        },
        {
          title: 'Voluntary disruption decisions',
          type: 'timeseries',
          queries: [
            {
              expr: 'sum by (decision, reason) (increase(karpenter_voluntary_disruption_decisions_total[$__rate_interval]))',
              legend: '{{reason}}: {{decision}}',
            },
          ],
        },
      ],
    },
    {
      title: 'Health',
      panels: [
        {
          title: 'Interruption messages, by type',
          description: 'Spot interruptions, rebalance recommendations, scheduled changes and state changes from the interruption queue.',
          type: 'timeseries',
          width: 8,
          queries: [
            {
              expr: 'sum by (message_type) (increase(karpenter_interruption_received_messages_total[$__rate_interval]))',
              legend: '{{message_type}}',
            },
          ],
        },
        {
          title: 'Cloud provider errors',
          type: 'timeseries',
          width: 8,
          queries: [
            {
              expr: 'sum by (method, error) (rate(karpenter_cloudprovider_errors_total[$__rate_interval]))',
              legend: '{{method}} {{error}}',
            },
          ],
        },
        {
          title: 'Cluster state synced',
          description: '0 means Karpenter has not caught up with the cluster and makes no decisions.',
          type: 'stat',
          width: 8,
          thresholds: [
            [0, 'red'],
            [1, 'green'],
          ],
          queries: [{ expr: 'min(karpenter_cluster_state_synced)', instant: true }],
        },
      ],
    },
  ],
};

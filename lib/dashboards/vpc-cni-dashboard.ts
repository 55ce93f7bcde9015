import type { DashboardSpec } from './grafana-dashboard';

/**
 * The Amazon VPC CNI: how many pod addresses each node holds and uses, against what its ENIs
 * allow, and the errors ipamd reports. Metrics from aws-node's ipamd (the platform's PodMonitor
 * scrapes its metrics port), labelled by the node's instance.
 */
export const VPC_CNI_DASHBOARD: DashboardSpec = {
  uid: 'platform-vpc-cni',
  title: 'Platform / VPC CNI',
  description: 'Pod IP addresses assigned, held and possible per node; ENIs; ipamd and EC2 API errors.',
  tags: ['vpc-cni', 'networking'],
  variables: [{ name: 'instance', label: 'Node', query: 'label_values(awscni_total_ip_addresses, instance)' }],
  rows: [
    {
      title: 'Addresses',
      panels: [
        {
          title: 'Pod addresses in use, cluster',
          type: 'stat',
          width: 8,
          unit: 'percentunit',
          thresholds: [
            [0, 'green'],
            [0.8, 'orange'],
            [0.9, 'red'],
          ],
          queries: [{ expr: 'sum(awscni_assigned_ip_addresses) / sum(awscni_total_ip_addresses)', instant: true }],
        },
        {
          title: 'Pod addresses assigned',
          type: 'stat',
          width: 8,
          queries: [{ expr: 'sum(awscni_assigned_ip_addresses)', instant: true }],
        },
        {
          title: 'Pod addresses held (warm pool included)',
          type: 'stat',
          width: 8,
          queries: [{ expr: 'sum(awscni_total_ip_addresses)', instant: true }],
        },
        {
          title: 'Addresses in use, by node',
          description: 'A node near 100% of its maximum cannot take more pods, whatever its CPU and memory.',
          type: 'timeseries',
          unit: 'percentunit',
          queries: [
            {
              expr: 'max by (instance) (awscni_assigned_ip_addresses{instance=~"$instance"}) / max by (instance) (awscni_ip_max{instance=~"$instance"})',
              legend: '{{instance}}',
            },
          ],
        },
        {
          title: 'ENIs attached against the maximum, by node',
          type: 'timeseries',
          queries: [
            { expr: 'max by (instance) (awscni_eni_allocated{instance=~"$instance"})', legend: '{{instance}} attached' },
            { expr: 'max by (instance) (awscni_eni_max{instance=~"$instance"})', legend: '{{instance}} max' },
          ],
        },
      ],
    },
    {
      title: 'Errors and churn',
      panels: [
        {
          title: 'ipamd errors, by function',
          type: 'timeseries',
          width: 8,
          queries: [{ expr: 'sum by (fn) (increase(awscni_ipamd_error_count[$__rate_interval]))', legend: '{{fn}}' }],
        },
        {
          title: 'EC2 API errors, by call',
          description: 'Throttling here slows pod start-up on new nodes.',
          type: 'timeseries',
          width: 8,
          queries: [{ expr: 'sum by (api, error) (increase(awscni_aws_api_error_count[$__rate_interval]))', legend: '{{api}} {{error}}' }],
        },
        {
          title: 'Address requests from the CNI plugin',
          type: 'timeseries',
          width: 8,
          queries: [
            { expr: 'sum(rate(awscni_add_ip_req_count[$__rate_interval]))', legend: 'assign' },
            { expr: 'sum(rate(awscni_del_ip_req_count[$__rate_interval]))', legend: 'release' },
          ],
        },
      ],
    },
  ],
};

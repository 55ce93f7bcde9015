import { KEDA_ALERT_GROUP } from './keda-alerts';

/**
 * The platform's own alerts, as data: the PrometheusRule chart renders them, the README's
 * runbook explains them, and a test parses every expression with Prometheus's grammar.
 */

export type AlertSeverity = 'critical' | 'warning' | 'info';

export interface PlatformAlert {
  readonly alert: string;
  readonly expr: string;
  /** How long the condition must hold before the alert fires. */
  readonly for: string;
  readonly severity: AlertSeverity;
  readonly summary: string;
  /** What it means and what to do first: the runbook entry. */
  readonly runbook: string;
}

export interface PlatformAlertGroup {
  readonly name: string;
  readonly alerts: readonly PlatformAlert[];
}

export const PLATFORM_ALERT_GROUPS: readonly PlatformAlertGroup[] = [
  {
    name: 'platform.nodes',
    alerts: [
      {
        alert: 'PlatformNodeNotReady',
        expr: 'kube_node_status_condition{condition="Ready",status="true"} == 0',
        for: '10m',
        severity: 'warning',
        summary: 'Node {{ $labels.node }} has not been Ready for 10 minutes.',
        runbook:
          'The kubelet stopped reporting or reports a problem. `kubectl describe node` shows the failing condition. Karpenter replaces unhealthy nodes it owns; a system node stays until the node group repairs it, so check the node group health in the EKS console.',
      },
      {
        alert: 'PlatformPodsNotScheduling',
        expr: 'sum by (namespace, pod) (kube_pod_status_unschedulable) > 0',
        for: '15m',
        severity: 'warning',
        summary: 'Pod {{ $labels.namespace }}/{{ $labels.pod }} has not been scheduled for 15 minutes.',
        runbook:
          'No node fits the pod and Karpenter did not add one. `kubectl describe pod` lists why; common causes are a NodePool at its CPU or memory limit, requirements no pool serves (architecture, capacity type, taints), or a volume in another zone.',
      },
    ],
  },
  {
    name: 'platform.karpenter',
    alerts: [
      {
        alert: 'KarpenterCloudProviderErrors',
        expr: 'sum by (controller, method, error) (rate(karpenter_cloudprovider_errors_total[5m])) > 0',
        for: '15m',
        severity: 'warning',
        summary: 'Karpenter calls to EC2 fail ({{ $labels.method }}: {{ $labels.error }}).',
        runbook:
          'Karpenter cannot launch or describe instances. Read `kubectl -n kube-system logs deploy/karpenter`: insufficient capacity for every allowed type, a service quota, or a permission denied (compare the controller role with the version matrix release).',
      },
      {
        alert: 'KarpenterNodePoolNearLimit',
        expr: 'max by (nodepool) (karpenter_nodepools_usage{resource_type="cpu"} / karpenter_nodepools_limit{resource_type="cpu"}) > 0.9',
        for: '15m',
        severity: 'warning',
        summary: 'NodePool {{ $labels.nodepool }} uses over 90% of its CPU limit.',
        runbook:
          'The pool is close to its spend cap; pods that need more capacity will not schedule. Raise `limits.cpu` of the pool in config (the subnet check will tell if the VPC can hold it) or move workloads to another pool.',
      },
      {
        alert: 'KarpenterInterruptionsHigh',
        expr: 'sum by (message_type) (increase(karpenter_interruption_received_messages_total{message_type!="no_op"}[30m])) > 10',
        for: '0m',
        severity: 'info',
        summary: 'Karpenter received {{ $value }} {{ $labels.message_type }} interruption events in 30 minutes.',
        runbook:
          'Spot capacity is being reclaimed or instances are being retired more than usual. Karpenter drains and replaces the nodes; if it persists, widen the pool (more instance categories or sizes) or move disruption-sensitive workloads to the on-demand pool.',
      },
    ],
  },
  {
    name: 'platform.networking',
    alerts: [
      {
        alert: 'VpcCniIpExhaustion',
        expr: 'max by (instance) (awscni_assigned_ip_addresses / awscni_total_ip_addresses) > 0.9 and max by (instance) (awscni_total_ip_addresses) >= max by (instance) (awscni_ip_max)',
        for: '15m',
        severity: 'warning',
        summary: 'Node {{ $labels.instance }} has used over 90% of the pod addresses it can ever get.',
        runbook:
          'The node is at its ENI limit, so new pods on it will not get an address. This is expected on full nodes; if many nodes show it, pods are too small for the instance types (raise minInstanceCpu) or prefix delegation is off.',
      },
      {
        alert: 'VpcCniIpamdErrors',
        expr: 'sum by (instance, fn) (increase(awscni_ipamd_error_count[10m])) > 0',
        for: '10m',
        severity: 'warning',
        summary: 'The VPC CNI on {{ $labels.instance }} fails to manage addresses ({{ $labels.fn }}).',
        runbook:
          'ipamd cannot attach ENIs or assign addresses: the subnet may be out of free addresses or /28 blocks, or EC2 throttles the CNI. Check free addresses of the private subnets and `kubectl -n kube-system logs -l k8s-app=aws-node -c aws-node`.',
      },
    ],
  },
  {
    name: 'platform.storage',
    alerts: [
      {
        alert: 'PersistentVolumeFillingUp',
        expr: 'max by (namespace, persistentvolumeclaim) (kubelet_volume_stats_used_bytes / kubelet_volume_stats_capacity_bytes) > 0.7',
        for: '15m',
        severity: 'warning',
        summary: 'Volume {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} is over 70% full.',
        runbook:
          "Grow it before it fills: edit the claim's `spec.resources.requests.storage` (the gp3 classes allow expansion), or delete data. Prometheus's own volume is bounded by its retention size.",
      },
    ],
  },
  {
    name: 'platform.control-plane',
    alerts: [
      {
        alert: 'KubeApiServerErrorRate',
        expr: 'sum(rate(apiserver_request_total{code=~"5.."}[5m])) / sum(rate(apiserver_request_total[5m])) > 0.05',
        for: '10m',
        severity: 'critical',
        summary: 'Over 5% of Kubernetes API requests fail with a server error.',
        runbook:
          'The control plane is unwell or overloaded; controllers and deployments will misbehave. Check the `api` and `audit` control-plane logs in CloudWatch for the failing verbs and resources, look for a webhook that times out, and open an AWS support case if it persists.',
      },
    ],
  },
  {
    name: 'platform.workloads',
    alerts: [
      {
        alert: 'PlatformPodCrashLooping',
        expr: 'max by (namespace, pod, container) (max_over_time(kube_pod_container_status_waiting_reason{reason="CrashLoopBackOff"}[5m])) >= 1',
        for: '15m',
        severity: 'warning',
        summary: 'Container {{ $labels.container }} of {{ $labels.namespace }}/{{ $labels.pod }} keeps crashing.',
        runbook:
          'Read `kubectl logs --previous` of the container and `kubectl describe pod`: a failing probe, a bad config, or an out-of-memory kill (raise the memory limit).',
      },
      {
        alert: 'PlatformPodNotReady',
        expr: 'sum by (namespace, pod) (kube_pod_status_phase{phase=~"Pending|Unknown|Failed"}) > 0',
        for: '15m',
        severity: 'warning',
        summary: 'Pod {{ $labels.namespace }}/{{ $labels.pod }} has not been running for 15 minutes.',
        runbook:
          'The pod is stuck pending, failed or lost its node. `kubectl describe pod` shows the events; see PlatformPodsNotScheduling for scheduling problems.',
      },
      {
        alert: 'PlatformDeploymentReplicasMismatch',
        expr: 'max by (namespace, deployment) (kube_deployment_spec_replicas != kube_deployment_status_replicas_available)',
        for: '15m',
        severity: 'warning',
        summary: 'Deployment {{ $labels.namespace }}/{{ $labels.deployment }} has not had its desired replicas for 15 minutes.',
        runbook: 'A rollout is stuck or pods keep failing. `kubectl rollout status` and the ReplicaSet events show why.',
      },
    ],
  },
  KEDA_ALERT_GROUP,
];

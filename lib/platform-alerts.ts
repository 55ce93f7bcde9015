import { FLUX_ALERT_GROUP } from './flux-alerts';
import { KEDA_ALERT_GROUP } from './keda-alerts';
import { KUBEWARDEN_ALERT_GROUP } from './kubewarden-alerts';

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

/** EKS's etcd database limit: 8 GiB (Amazon EKS best practices, "Control plane: etcd"). */
const EKS_ETCD_LIMIT_BYTES = 8 * 1024 ** 3;
/** Requests that stay open by design (logs, exec, port-forward); their duration is not latency. */
const LONG_RUNNING_SUBRESOURCES = 'log|exec|portforward|attach|proxy';

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
      {
        alert: 'KubeApiServerLatencyHigh',
        expr: `histogram_quantile(0.99, sum by (le, verb) (rate(apiserver_request_duration_seconds_bucket{verb!~"WATCH|CONNECT", subresource!~"${LONG_RUNNING_SUBRESOURCES}"}[5m]))) > 1`,
        for: '15m',
        severity: 'warning',
        summary: 'The 99th percentile of Kubernetes API {{ $labels.verb }} requests takes over 1 second.',
        runbook:
          'Clients wait on the API server. Usual causes are a slow admission webhook (see KubeAdmissionWebhookSlow), large LIST calls from a controller, or etcd near its size limit. The saved query `audit/requests-by-user-agent` shows who sends the most requests.',
      },
      {
        alert: 'KubeApiServerThrottling',
        expr: 'sum by (flow_schema, priority_level) (rate(apiserver_flowcontrol_rejected_requests_total[5m])) > 0.1',
        for: '15m',
        severity: 'warning',
        summary: 'API Priority and Fairness rejects requests of {{ $labels.flow_schema }} ({{ $labels.priority_level }}).',
        runbook:
          'The API server answers 429 to a class of clients because they exceed their share. Find the client with the saved query `audit/throttled-requests`; a controller in a hot loop is the usual cause. Fix the client rather than widening the priority level.',
      },
      {
        alert: 'EtcdStorageNearLimit',
        expr: `max(apiserver_storage_size_bytes) / ${EKS_ETCD_LIMIT_BYTES} > 0.75`,
        for: '10m',
        severity: 'warning',
        summary: 'The cluster database uses over 75% of the 8 GiB EKS allows.',
        runbook:
          'At 8 GiB etcd stops taking writes (`mvcc: database space exceeded`) and nothing can be created or changed. Find the resources with most objects (`topk(10, apiserver_resource_objects)` in Prometheus, or KubeObjectCountGrowing) and delete what a controller leaked: old ReplicaSets, Events, completed Jobs, unused Secrets and ConfigMaps.',
      },
      {
        alert: 'EtcdStorageFull',
        expr: `max(apiserver_storage_size_bytes) / ${EKS_ETCD_LIMIT_BYTES} > 0.9 or predict_linear(max(apiserver_storage_size_bytes)[6h:5m], 4 * 3600) > ${EKS_ETCD_LIMIT_BYTES}`,
        for: '5m',
        severity: 'critical',
        summary: 'The cluster database is over 90% of its 8 GiB limit, or will reach it within 4 hours.',
        runbook:
          'Writes will soon fail for every client, the platform included. Stop the controller that creates objects (see EtcdStorageNearLimit for how to find it), delete its objects, then open an AWS support case: EKS defragments etcd itself. The saved query `api-server/etcd-space-exceeded` shows whether writes already fail.',
      },
      {
        alert: 'KubeObjectCountGrowing',
        // apiserver_resource_objects replaced apiserver_storage_objects (deprecated in Kubernetes
        // 1.34, kubernetes/kubernetes#132965); the platform runs 1.35 and later.
        expr: 'max by (group, resource) (apiserver_resource_objects) > 10000 and max by (group, resource) (apiserver_resource_objects) > 2 * max by (group, resource) (apiserver_resource_objects offset 1d)',
        for: '30m',
        severity: 'warning',
        summary: 'The cluster holds {{ $value }} {{ $labels.resource }}, more than twice as many as a day ago.',
        runbook:
          'Something creates objects faster than it removes them, which fills etcd and slows every LIST. The saved query `audit/changes-by-user-and-verb` shows who creates them; set history limits (`revisionHistoryLimit`, `ttlSecondsAfterFinished`) or fix the controller.',
      },
      {
        alert: 'KubeAdmissionWebhookFailing',
        expr: 'sum by (name, operation) (rate(apiserver_admission_webhook_rejection_count{error_type=~"calling_webhook_error|apiserver_internal_error"}[5m])) > 0',
        for: '10m',
        severity: 'warning',
        summary: 'The API server cannot call admission webhook {{ $labels.name }} ({{ $labels.operation }}).',
        runbook:
          "A webhook's service has no ready pods, its certificate is wrong, or it times out; requests it guards fail or, with failurePolicy Ignore, go through unchecked. Webhooks named `*.elbv2.k8s.aws` are the load balancer controller's (`kubectl -n kube-system get pods -l app.kubernetes.io/name=aws-load-balancer-controller`); `clusterwide-*.kubewarden.admission` are Kubewarden's policies, served by its policy server (see KubewardenWebhookErrors); for others, `kubectl get validatingwebhookconfigurations,mutatingwebhookconfigurations` names the service. The saved query `api-server/webhook-failures` shows the errors.",
      },
      {
        alert: 'KubeAdmissionWebhookFailingOpen',
        expr: 'sum by (name, type) (increase(apiserver_admission_webhook_fail_open_count[10m])) > 0',
        for: '0m',
        severity: 'warning',
        summary: 'Admission webhook {{ $labels.name }} failed and requests were admitted without it.',
        runbook:
          'A webhook with failurePolicy Ignore was unreachable, so the API server let requests through unchecked: policies it enforces were not applied. Bring the webhook back (see KubeAdmissionWebhookFailing) and review what was admitted meanwhile with `audit/recent-changes`.',
      },
      {
        alert: 'KubeAdmissionWebhookSlow',
        expr: 'histogram_quantile(0.99, sum by (le, name) (rate(apiserver_admission_webhook_admission_duration_seconds_bucket[5m]))) > 2.5',
        for: '15m',
        severity: 'warning',
        summary: 'Admission webhook {{ $labels.name }} takes over 2.5 seconds at the 99th percentile.',
        runbook:
          'Every request the webhook guards waits for it, and at its timeout the request fails or skips it. Look at the webhook pods: CPU throttling (raise the limit), too few replicas, or a policy that calls out to a slow service.',
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
  KUBEWARDEN_ALERT_GROUP,
  FLUX_ALERT_GROUP,
];

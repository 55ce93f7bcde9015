import type { PlatformAlertGroup } from './platform-alerts';

/**
 * Alerts on Kubewarden, from what the API server and kube-state-metrics see (Kubewarden 1.37 exports
 * its own metrics only over OpenTelemetry, through a collector the platform does not run): the
 * policy server's availability, the API server's errors calling the policy webhooks (named
 * `clusterwide-<policy>.kubewarden.admission`), the rate at which policies refuse team requests,
 * and the audit scanner's Jobs.
 */
const KUBEWARDEN_WEBHOOKS = 'name=~"clusterwide-.+[.]kubewarden[.]admission"';
const POLICY_SERVER = 'namespace="kubewarden", deployment="policy-server-default"';

export const KUBEWARDEN_ALERT_GROUP: PlatformAlertGroup = {
  name: 'platform.kubewarden',
  alerts: [
    {
      alert: 'KubewardenPolicyServerDown',
      expr: `max(kube_deployment_status_replicas_available{${POLICY_SERVER}}) < 1 or absent(kube_deployment_status_replicas_available{${POLICY_SERVER}})`,
      for: '5m',
      severity: 'critical',
      summary: 'No replica of the Kubewarden policy server is available.',
      runbook:
        'Every admission policy runs on the policy server. Policies in `protect` mode (failurePolicy Fail) now refuse every team Pod and workload change; `monitor` policies admit unchecked. Platform namespaces are never judged, so the platform itself keeps working. `kubectl -n kubewarden get policyserver default -o yaml` and `kubectl -n kubewarden describe deploy policy-server-default` show why: a policy module that cannot be pulled from ghcr.io (the server does not start until every module loads), or nodes too small for its requests.',
    },
    {
      alert: 'KubewardenWebhookErrors',
      expr: `sum by (name) (rate(apiserver_admission_webhook_rejection_count{${KUBEWARDEN_WEBHOOKS}, error_type=~"calling_webhook_error|apiserver_internal_error"}[5m])) > 0`,
      for: '10m',
      severity: 'warning',
      summary: 'The API server cannot get an answer from Kubewarden policy {{ $labels.name }}.',
      runbook:
        'The policy server does not answer in time or at all for this policy: in `protect` mode the requests it guards are refused, in `monitor` mode they pass unchecked (KubeAdmissionWebhookFailingOpen). Check `kubectl -n kubewarden logs deploy/policy-server-default` for evaluation errors or timeouts and KubewardenPolicyServerDown; a policy that keeps timing out can be moved to `monitor` in config while it is fixed.',
    },
    {
      alert: 'KubewardenPolicyRejectingRequests',
      expr: `sum by (name, operation) (rate(apiserver_admission_webhook_rejection_count{${KUBEWARDEN_WEBHOOKS}, error_type="no_error"}[10m])) * 600 > 5`,
      for: '15m',
      severity: 'info',
      summary: 'Kubewarden policy {{ $labels.name }} refuses more than 5 team requests ({{ $labels.operation }}) every 10 minutes.',
      runbook:
        'A team keeps applying something an enforced policy refuses, usually a controller retrying. `kubectl get events -A --field-selector reason=FailedCreate` names the workload and the message names the rule; help the team fix the manifest (labels, securityContext, a trusted registry, a tag other than latest). The README lists what each policy requires.',
    },
    {
      alert: 'KubewardenAuditScanFailing',
      expr: 'max by (job_name) (kube_job_status_failed{namespace="kubewarden", job_name=~"audit-scanner-.+"}) > 0',
      for: '1h',
      severity: 'warning',
      summary: 'The Kubewarden audit scanner Job {{ $labels.job_name }} failed.',
      runbook:
        'Reports of `monitor` policies are no longer refreshed. `kubectl -n kubewarden logs job/<job>` shows why: usually it cannot reach the policy server or is out of memory on a large cluster (raise its limit in constructs/kubewarden/values.ts).',
    },
  ],
};

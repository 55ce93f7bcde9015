import { SYSTEM_NODE_LABEL, SYSTEM_WORKLOAD_PLACEMENT } from '../../lib/system-node-placement';

export interface KubewardenValuesProps {
  /** Replicas of the default policy server; its PodDisruptionBudget keeps all but one through a drain. */
  readonly policyServerReplicas: number;
}

/** The policy server every platform policy runs on (the chart's default PolicyServer). */
export const POLICY_SERVER = 'default';

const resources = (requestsCpu: string, requestsMemory: string, limitsCpu: string, limitsMemory: string) => ({
  requests: { cpu: requestsCpu, memory: requestsMemory },
  limits: { cpu: limitsCpu, memory: limitsMemory },
});

/** Required placement on the system nodes, for the templates that take affinity but no nodeSelector (the PolicyServer). */
const systemNodeAffinity = {
  nodeAffinity: {
    requiredDuringSchedulingIgnoredDuringExecution: {
      nodeSelectorTerms: [{ matchExpressions: [{ key: SYSTEM_NODE_LABEL.key, operator: 'In', values: [SYSTEM_NODE_LABEL.value] }] }],
    },
  },
};

/**
 * admission-controller chart values: the controller, the default policy server and the audit
 * scanner on the system nodes, sized, with restricted security contexts; its CRDs (Kubewarden's
 * and OpenReports', the kind the audit scanner writes its reports as) installed and upgraded by
 * the release. The chart's recommended policies stay off: the platform writes its own, typed and
 * scoped to team namespaces (KubewardenPoliciesChart).
 *
 * The controller runs one replica: it reconciles policies and admits changes to Kubewarden's own
 * kinds only, so while it restarts no workload admission waits on it; the chart has no
 * PodDisruptionBudget for it. The policy server, which every judged request calls, runs
 * `policyServerReplicas` with a PodDisruptionBudget (minAvailable replicas - 1) and spread over nodes.
 */
export function kubewardenValues(props: KubewardenValuesProps): Record<string, unknown> {
  const tolerations = SYSTEM_WORKLOAD_PLACEMENT.tolerations.map((toleration) => ({ ...toleration }));
  return {
    global: {
      cattle: { systemDefaultRegistry: 'ghcr.io' },
      // The controller's Deployment and the audit scanner take these as well as the policy server.
      tolerations,
      affinity: systemNodeAffinity,
    },
    nodeSelector: { ...SYSTEM_WORKLOAD_PLACEMENT.nodeSelector },
    replicas: 1,
    resources: {
      controller: resources('100m', '128Mi', '500m', '256Mi'),
      auditScanner: resources('100m', '256Mi', '500m', '1Gi'),
      preDeleteJob: resources('50m', '64Mi', '100m', '128Mi'),
      postInstallJob: resources('50m', '64Mi', '100m', '128Mi'),
    },
    // Never judge the Kubewarden namespace itself, whatever a policy's scope says.
    alwaysAcceptAdmissionReviewsOnDeploymentsNamespace: true,
    auditScanner: {
      enable: true,
      // Reports as OpenReports (reports.openreports.io), the successor of wgpolicyk8s PolicyReports.
      reportCRDsKind: 'openreports',
      cronJob: { schedule: '0 * * * *', failedJobsHistoryLimit: 3, successfulJobsHistoryLimit: 1 },
      policyReporter: false,
    },
    installOpenReportsCRDs: true,
    installPolicyReportCRDs: false,
    policyServer: {
      enabled: true,
      replicaCount: props.policyServerReplicas,
      minAvailable: props.policyServerReplicas - 1,
      requests: { cpu: '100m', memory: '256Mi' },
      limits: { cpu: '1', memory: '1Gi' },
      affinity: {
        ...systemNodeAffinity,
        podAntiAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            {
              weight: 100,
              podAffinityTerm: {
                labelSelector: { matchLabels: { 'kubewarden/policy-server': POLICY_SERVER } },
                topologyKey: 'kubernetes.io/hostname',
              },
            },
          ],
        },
      },
      // What `restricted` asks of every pod in the kubewarden namespace.
      securityContexts: {
        pod: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
        container: {
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          runAsNonRoot: true,
          capabilities: { drop: ['ALL'] },
          seccompProfile: { type: 'RuntimeDefault' },
        },
      },
    },
    recommendedPolicies: { enabled: false },
    telemetry: { metrics: false, tracing: false },
  };
}

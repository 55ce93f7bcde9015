import { SYSTEM_WORKLOAD_PLACEMENT } from '../../lib/system-node-placement';

export interface ExternalSecretsValuesProps {
  /** The IRSA role the operator's ServiceAccount is annotated with. */
  readonly roleArn: string;
  readonly serviceAccountName: string;
}

/** The admission webhook fails closed (failurePolicy Fail): while no replica runs, no ExternalSecret can be applied. */
export const WEBHOOK_REPLICAS = 2;

const resources = (requestsCpu: string, requestsMemory: string, limitsCpu: string, limitsMemory: string) => ({
  requests: { cpu: requestsCpu, memory: requestsMemory },
  limits: { cpu: limitsCpu, memory: limitsMemory },
});

/**
 * external-secrets chart values: the CRDs installed and upgraded by this release (the chart
 * renders them from templates when installCRDs is true, so Helm upgrades them with the
 * controller), every pod on the system nodes and sized, the webhook highly available with a
 * PodDisruptionBudget, and the controller's ServiceAccount bound to its IRSA role. The chart's
 * own security contexts (non-root, read-only root, no capabilities, RuntimeDefault seccomp)
 * already pass the `restricted` Pod Security level, so they are kept as they are.
 */
export function externalSecretsValues(props: ExternalSecretsValuesProps): Record<string, unknown> {
  return {
    installCRDs: true,
    global: {
      nodeSelector: { ...SYSTEM_WORKLOAD_PLACEMENT.nodeSelector },
      tolerations: SYSTEM_WORKLOAD_PLACEMENT.tolerations.map((toleration) => ({ ...toleration })),
    },
    // One reconciler: a short gap while it is rescheduled only delays a refresh.
    replicaCount: 1,
    resources: resources('50m', '128Mi', '500m', '256Mi'),
    livenessProbe: { enabled: true },
    readinessProbe: { enabled: true },
    serviceAccount: {
      create: true,
      name: props.serviceAccountName,
      annotations: { 'eks.amazonaws.com/role-arn': props.roleArn, 'eks.amazonaws.com/sts-regional-endpoints': 'true' },
    },
    webhook: {
      replicaCount: WEBHOOK_REPLICAS,
      podDisruptionBudget: { enabled: true, minAvailable: 1 },
      resources: resources('20m', '64Mi', '200m', '128Mi'),
      livenessProbe: { enabled: true },
    },
    certController: {
      replicaCount: 1,
      resources: resources('20m', '64Mi', '200m', '128Mi'),
    },
  };
}

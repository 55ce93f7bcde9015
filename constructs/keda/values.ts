import { SYSTEM_WORKLOAD_PLACEMENT } from '../../lib/system-node-placement';

export interface KedaValuesProps {
  /** The IRSA role of the operator's ServiceAccount: the identity of AWS scalers (identityOwner keda). */
  readonly roleArn: string;
  /** Replicas of each component; a PodDisruptionBudget keeps one through a drain when there are two or more. */
  readonly replicas: number;
}

export const KEDA_OPERATOR_SERVICE_ACCOUNT = 'keda-operator';
/** Where the operator, metrics API server and webhooks serve Prometheus metrics. */
export const KEDA_METRICS_PORT = 8080;

const resources = (requestsCpu: string, requestsMemory: string, limitsCpu: string, limitsMemory: string) => ({
  requests: { cpu: requestsCpu, memory: requestsMemory },
  limits: { cpu: limitsCpu, memory: limitsMemory },
});

/**
 * keda chart values: its CRDs installed and upgraded by this release (they are chart templates,
 * gated by crds.install), every component on the system nodes, sized and spread, a PDB each
 * when replicated, the metrics API server registered as v1beta1.external.metrics.k8s.io (the
 * chart's APIService), Prometheus metrics served (the monitors are ours, see KedaMonitorsChart),
 * and the operator's ServiceAccount bound to its IRSA role. The chart's own security contexts
 * (non-root, read-only root, no capabilities, RuntimeDefault seccomp) pass `restricted`.
 */
export function kedaValues(props: KedaValuesProps): Record<string, unknown> {
  const budget = props.replicas > 1 ? { minAvailable: 1 } : { maxUnavailable: 1 };
  const spread = (app: string) => [
    {
      maxSkew: 1,
      topologyKey: 'kubernetes.io/hostname',
      whenUnsatisfiable: 'ScheduleAnyway',
      labelSelector: { matchLabels: { app } },
    },
  ];
  return {
    crds: { install: true },
    nodeSelector: { ...SYSTEM_WORKLOAD_PLACEMENT.nodeSelector },
    tolerations: SYSTEM_WORKLOAD_PLACEMENT.tolerations.map((toleration) => ({ ...toleration })),
    operator: { replicaCount: props.replicas },
    metricsServer: { replicaCount: props.replicas },
    webhooks: { replicaCount: props.replicas },
    podDisruptionBudget: { operator: budget, metricServer: budget, webhooks: budget },
    topologySpreadConstraints: {
      operator: spread('keda-operator'),
      metricsServer: spread('keda-operator-metrics-apiserver'),
      webhooks: spread('keda-admission-webhooks'),
    },
    resources: {
      operator: resources('100m', '128Mi', '1', '512Mi'),
      metricServer: resources('50m', '128Mi', '500m', '512Mi'),
      webhooks: resources('20m', '64Mi', '200m', '256Mi'),
    },
    // Team edit rights come from the platform's own aggregated ClusterRoles (KedaAccessChart).
    rbac: { aggregateToDefaultRoles: false },
    serviceAccount: { operator: { create: true, name: KEDA_OPERATOR_SERVICE_ACCOUNT } },
    podIdentity: { aws: { irsa: { enabled: true, roleArn: props.roleArn, audience: 'sts.amazonaws.com', stsRegionalEndpoints: 'true' } } },
    prometheus: {
      operator: { enabled: true, port: KEDA_METRICS_PORT },
      metricServer: { enabled: true, port: KEDA_METRICS_PORT },
      webhooks: { enabled: true, port: KEDA_METRICS_PORT },
    },
  };
}

/**
 * The state of Flux's objects as Prometheus metrics: kube-state-metrics' custom resource state
 * turns each GitRepository and Kustomization into `gotk_resource_info{customresource_kind, name,
 * exported_namespace, ready, suspended, revision}` (Flux's documented way since the controllers
 * stopped exporting gotk_reconcile_condition). The alerts and dashboard read it.
 */
export interface CustomResourceMetrics {
  /** kube-state-metrics' customResourceState config (`spec.resources`). */
  readonly resources: readonly Record<string, unknown>[];
  /** What kube-state-metrics must be allowed to list and watch to produce them. */
  readonly rbacRules: readonly Record<string, unknown>[];
}

const resourceInfo = (group: string, version: string, kind: string, revision: string[], extraLabels: Record<string, string[]>) => ({
  groupVersionKind: { group, version, kind },
  metricNamePrefix: 'gotk',
  metrics: [
    {
      name: 'resource_info',
      help: 'The current state of a Flux resource.',
      each: { type: 'Info', info: { labelsFromPath: { name: ['metadata', 'name'] } } },
      labelsFromPath: {
        exported_namespace: ['metadata', 'namespace'],
        ready: ['status', 'conditions', '[type=Ready]', 'status'],
        suspended: ['spec', 'suspend'],
        revision,
        ...extraLabels,
      },
    },
  ],
});

export const FLUX_RESOURCE_METRICS: CustomResourceMetrics = {
  resources: [
    resourceInfo('source.toolkit.fluxcd.io', 'v1', 'GitRepository', ['status', 'artifact', 'revision'], { url: ['spec', 'url'] }),
    resourceInfo('kustomize.toolkit.fluxcd.io', 'v1', 'Kustomization', ['status', 'lastAppliedRevision'], {
      source_name: ['spec', 'sourceRef', 'name'],
    }),
  ],
  rbacRules: [
    { apiGroups: ['source.toolkit.fluxcd.io'], resources: ['gitrepositories'], verbs: ['list', 'watch'] },
    { apiGroups: ['kustomize.toolkit.fluxcd.io'], resources: ['kustomizations'], verbs: ['list', 'watch'] },
  ],
};

import type { RenderedObject } from './helm';
import { podTemplateOf } from './pod-security';

export interface ReplicatedWorkload {
  readonly object: RenderedObject;
  readonly replicas: number;
  /** The labels its pods carry, which a PodDisruptionBudget selects on. */
  readonly podLabels: Record<string, string>;
}

/**
 * The labels the Prometheus Operator gives the pods of the StatefulSets it makes for a
 * Prometheus or Alertmanager (its pkg/prometheus and pkg/alertmanager), on top of podMetadata.
 */
function operatorPodLabels(object: RenderedObject): Record<string, string> {
  const name = object.metadata.name;
  const component = object.kind === 'Prometheus' ? 'prometheus' : 'alertmanager';
  return {
    ...(object.spec?.podMetadata?.labels ?? {}),
    'app.kubernetes.io/name': component,
    'app.kubernetes.io/instance': name,
    'app.kubernetes.io/managed-by': 'prometheus-operator',
    'operator.prometheus.io/name': name,
    [component]: name,
  };
}

/** Workloads that run more than one pod: Deployments and StatefulSets, and the operator's Prometheus and Alertmanager. */
export function replicatedWorkloads(objects: readonly RenderedObject[]): ReplicatedWorkload[] {
  const autoscaled = new Set(
    objects
      .filter((object) => object.kind === 'HorizontalPodAutoscaler')
      .map((hpa) => `${hpa.spec.scaleTargetRef.kind}/${hpa.metadata.namespace ?? ''}/${hpa.spec.scaleTargetRef.name}`),
  );
  return objects.flatMap((object): ReplicatedWorkload[] => {
    if (['Deployment', 'StatefulSet', 'ReplicaSet'].includes(object.kind)) {
      const key = `${object.kind}/${object.metadata.namespace ?? ''}/${object.metadata.name}`;
      const replicas = autoscaled.has(key) ? 2 : (object.spec?.replicas ?? 1);
      return replicas > 1 ? [{ object, replicas, podLabels: podTemplateOf(object)?.metadata?.labels ?? {} }] : [];
    }
    if (object.kind === 'Prometheus' || object.kind === 'Alertmanager') {
      const replicas = (object.spec?.replicas ?? 1) * (object.spec?.shards ?? 1);
      return replicas > 1 ? [{ object, replicas, podLabels: operatorPodLabels(object) }] : [];
    }
    return [];
  });
}

/**
 * A Helm hook Job that applies CRDs server-side before every install and upgrade (the Prometheus
 * Operator chart's `crds.upgradeJob`): the release that renders it keeps its CRDs current.
 */
export function isCrdUpgradeHook(object: RenderedObject): boolean {
  if (object.kind !== 'Job') return false;
  const hooks = (object.metadata.annotations?.['helm.sh/hook'] ?? '').split(',');
  if (!hooks.includes('pre-install') || !hooks.includes('pre-upgrade')) return false;
  return (object.spec.template.spec.containers ?? []).some(
    (container: any) => [...(container.command ?? []), ...(container.args ?? [])].join(' ').match(/kubectl apply --server-side/) !== null,
  );
}

/**
 * What the admission webhooks see when a manifest is applied: the object itself and, for a
 * workload, the Pods its controller creates later from the template (in the same namespace, with
 * the template's labels). Policies that judge Pods judge those.
 */

export interface KubernetesObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name?: string; readonly namespace?: string; readonly labels?: Record<string, string> };
  readonly spec?: any;
}

export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob'] as const;

/** The pod template of a workload, or undefined for anything else. */
export function podTemplateOf(object: KubernetesObject): { metadata?: any; spec: any } | undefined {
  if (object.kind === 'CronJob') return object.spec?.jobTemplate?.spec?.template;
  if ((WORKLOAD_KINDS as readonly string[]).includes(object.kind)) return object.spec?.template;
  return undefined;
}

/** The pod spec a Pod or workload runs. */
export function podSpecOf(object: KubernetesObject): any {
  return object.kind === 'Pod' ? object.spec : podTemplateOf(object)?.spec;
}

export function admittedObjects(object: KubernetesObject): KubernetesObject[] {
  const template = podTemplateOf(object);
  if (!template) return [object];
  const pod: KubernetesObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${object.metadata.name ?? object.kind.toLowerCase()} (pod of ${object.kind})`,
      namespace: object.metadata.namespace,
      labels: template.metadata?.labels ?? {},
    },
    spec: template.spec,
  };
  return [object, pod];
}

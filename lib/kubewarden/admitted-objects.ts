/**
 * What the admission webhooks see when a manifest is applied: the object itself and, for a
 * workload, the Pods its controller creates later from the template (in the same namespace, with
 * the template's labels). Policies that judge Pods judge those.
 */

/** The fields of a container the policies read. */
export interface ContainerLike {
  readonly [other: string]: unknown;
  readonly name: string;
  readonly image?: string;
  readonly ports?: readonly { readonly containerPort?: number; readonly hostPort?: number }[];
  readonly securityContext?: {
    readonly runAsUser?: number;
    readonly runAsGroup?: number;
    readonly runAsNonRoot?: boolean;
    readonly privileged?: boolean;
    readonly allowPrivilegeEscalation?: boolean;
    readonly capabilities?: { readonly add?: readonly string[]; readonly drop?: readonly string[] };
  };
}

/** The fields of a pod spec the policies read. */
export interface PodSpecLike {
  readonly [other: string]: unknown;
  readonly hostNetwork?: boolean;
  readonly hostPID?: boolean;
  readonly hostIPC?: boolean;
  readonly securityContext?: { readonly runAsUser?: number; readonly runAsGroup?: number; readonly runAsNonRoot?: boolean };
  readonly containers?: readonly ContainerLike[];
  readonly initContainers?: readonly ContainerLike[];
  readonly ephemeralContainers?: readonly ContainerLike[];
}

interface PodTemplateLike {
  readonly metadata?: { readonly labels?: Record<string, string> };
  readonly spec?: PodSpecLike;
}

export interface KubernetesObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name?: string; readonly namespace?: string; readonly labels?: Record<string, string> };
  /** A Pod's spec, a workload's (with template or jobTemplate), or anything else's. */
  readonly spec?: PodSpecLike & {
    readonly template?: PodTemplateLike;
    readonly jobTemplate?: {
      readonly metadata?: { readonly labels?: Record<string, string> };
      readonly spec?: { readonly template?: PodTemplateLike };
    };
  };
}

export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob'] as const;

/** The pod template of a workload, or undefined for anything else. */
export function podTemplateOf(object: KubernetesObject): PodTemplateLike | undefined {
  if (object.kind === 'CronJob') return object.spec?.jobTemplate?.spec?.template;
  if ((WORKLOAD_KINDS as readonly string[]).includes(object.kind)) return object.spec?.template;
  return undefined;
}

/** The pod spec a Pod or workload runs. */
export function podSpecOf(object: KubernetesObject): PodSpecLike | undefined {
  return object.kind === 'Pod' ? object.spec : podTemplateOf(object)?.spec;
}

export function admittedObjects(object: KubernetesObject): KubernetesObject[] {
  const template = podTemplateOf(object);
  if (!template) return [object];
  const made = (kind: string, labels: Record<string, string> | undefined): KubernetesObject => ({
    apiVersion: kind === 'Pod' ? 'v1' : kind === 'Job' ? 'batch/v1' : 'apps/v1',
    kind,
    metadata: {
      name: `${object.metadata.name ?? object.kind.toLowerCase()} (${kind} of ${object.kind})`,
      namespace: object.metadata.namespace,
      labels: labels ?? {},
    },
    spec: kind === 'Pod' ? template.spec : { template },
  });
  // The objects controllers make in between are judged too: a Deployment's ReplicaSets carry its
  // template's labels, a CronJob's Jobs the labels of its jobTemplate (not of the CronJob).
  const between =
    object.kind === 'Deployment'
      ? [made('ReplicaSet', template.metadata?.labels)]
      : object.kind === 'CronJob'
        ? [made('Job', object.spec?.jobTemplate?.metadata?.labels)]
        : [];
  return [object, ...between, made('Pod', template.metadata?.labels)];
}

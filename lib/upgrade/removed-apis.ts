import type { Finding } from './finding';
import type { MinorVersion } from './kubernetes-version';
import { compareMinorVersions, parseMinorVersion } from './kubernetes-version';

/** An API version of a kind that the API server stops serving (or warns about) from a Kubernetes version on. */
export interface ApiChange {
  readonly apiVersion: string;
  readonly kinds: readonly string[];
  /** The first Kubernetes version that no longer serves it (removal) or warns on it (deprecation). */
  readonly since: string;
  readonly use: string;
}

/** Source: the Kubernetes Deprecated API Migration Guide, https://kubernetes.io/docs/reference/using-api/deprecation-guide/ */
export const REMOVED_APIS: readonly ApiChange[] = [
  {
    apiVersion: 'extensions/v1beta1',
    kinds: ['Deployment', 'DaemonSet', 'ReplicaSet', 'NetworkPolicy', 'PodSecurityPolicy'],
    since: '1.16',
    use: 'apps/v1, networking.k8s.io/v1',
  },
  { apiVersion: 'apps/v1beta1', kinds: ['Deployment', 'StatefulSet', 'ReplicaSet'], since: '1.16', use: 'apps/v1' },
  { apiVersion: 'apps/v1beta2', kinds: ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'], since: '1.16', use: 'apps/v1' },
  {
    apiVersion: 'admissionregistration.k8s.io/v1beta1',
    kinds: ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'],
    since: '1.22',
    use: 'admissionregistration.k8s.io/v1',
  },
  { apiVersion: 'apiextensions.k8s.io/v1beta1', kinds: ['CustomResourceDefinition'], since: '1.22', use: 'apiextensions.k8s.io/v1' },
  { apiVersion: 'apiregistration.k8s.io/v1beta1', kinds: ['APIService'], since: '1.22', use: 'apiregistration.k8s.io/v1' },
  { apiVersion: 'authentication.k8s.io/v1beta1', kinds: ['TokenReview'], since: '1.22', use: 'authentication.k8s.io/v1' },
  {
    apiVersion: 'authorization.k8s.io/v1beta1',
    kinds: ['SubjectAccessReview', 'LocalSubjectAccessReview', 'SelfSubjectAccessReview'],
    since: '1.22',
    use: 'authorization.k8s.io/v1',
  },
  { apiVersion: 'certificates.k8s.io/v1beta1', kinds: ['CertificateSigningRequest'], since: '1.22', use: 'certificates.k8s.io/v1' },
  { apiVersion: 'coordination.k8s.io/v1beta1', kinds: ['Lease'], since: '1.22', use: 'coordination.k8s.io/v1' },
  { apiVersion: 'extensions/v1beta1', kinds: ['Ingress'], since: '1.22', use: 'networking.k8s.io/v1' },
  { apiVersion: 'networking.k8s.io/v1beta1', kinds: ['Ingress', 'IngressClass'], since: '1.22', use: 'networking.k8s.io/v1' },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1beta1',
    kinds: ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'],
    since: '1.22',
    use: 'rbac.authorization.k8s.io/v1',
  },
  { apiVersion: 'scheduling.k8s.io/v1beta1', kinds: ['PriorityClass'], since: '1.22', use: 'scheduling.k8s.io/v1' },
  {
    apiVersion: 'storage.k8s.io/v1beta1',
    kinds: ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment'],
    since: '1.22',
    use: 'storage.k8s.io/v1',
  },
  { apiVersion: 'batch/v1beta1', kinds: ['CronJob'], since: '1.25', use: 'batch/v1' },
  { apiVersion: 'discovery.k8s.io/v1beta1', kinds: ['EndpointSlice'], since: '1.25', use: 'discovery.k8s.io/v1' },
  { apiVersion: 'events.k8s.io/v1beta1', kinds: ['Event'], since: '1.25', use: 'events.k8s.io/v1' },
  { apiVersion: 'autoscaling/v2beta1', kinds: ['HorizontalPodAutoscaler'], since: '1.25', use: 'autoscaling/v2' },
  { apiVersion: 'policy/v1beta1', kinds: ['PodDisruptionBudget'], since: '1.25', use: 'policy/v1' },
  { apiVersion: 'policy/v1beta1', kinds: ['PodSecurityPolicy'], since: '1.25', use: 'Pod Security admission' },
  { apiVersion: 'node.k8s.io/v1beta1', kinds: ['RuntimeClass'], since: '1.25', use: 'node.k8s.io/v1' },
  {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta1',
    kinds: ['FlowSchema', 'PriorityLevelConfiguration'],
    since: '1.26',
    use: 'flowcontrol.apiserver.k8s.io/v1',
  },
  { apiVersion: 'autoscaling/v2beta2', kinds: ['HorizontalPodAutoscaler'], since: '1.26', use: 'autoscaling/v2' },
  { apiVersion: 'storage.k8s.io/v1beta1', kinds: ['CSIStorageCapacity'], since: '1.27', use: 'storage.k8s.io/v1' },
  {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta2',
    kinds: ['FlowSchema', 'PriorityLevelConfiguration'],
    since: '1.29',
    use: 'flowcontrol.apiserver.k8s.io/v1',
  },
  {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3',
    kinds: ['FlowSchema', 'PriorityLevelConfiguration'],
    since: '1.32',
    use: 'flowcontrol.apiserver.k8s.io/v1',
  },
];

/** Still served, but the API server warns on every use (same source; Endpoints: KEP-4974, Kubernetes 1.33). */
export const DEPRECATED_APIS: readonly ApiChange[] = [
  { apiVersion: 'v1', kinds: ['Endpoints'], since: '1.33', use: 'discovery.k8s.io/v1 EndpointSlice' },
];

/** An object the platform applies, and where it comes from (a manifest's logical ID, a chart). */
export interface KubernetesObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
  readonly [field: string]: unknown;
}
export interface SourcedObject {
  readonly source: string;
  readonly object: KubernetesObject;
}

export const objectName = ({ object }: SourcedObject): string =>
  `${object.kind} ${object.metadata?.namespace ? `${object.metadata.namespace}/` : ''}${object.metadata?.name ?? '(unnamed)'}`;

const appliesBy = (change: ApiChange, object: KubernetesObject, target: MinorVersion): boolean =>
  change.apiVersion === object.apiVersion &&
  change.kinds.includes(object.kind) &&
  compareMinorVersions(parseMinorVersion(change.since)!, target) <= 0;

/**
 * Objects whose API version the target Kubernetes no longer serves (fail: the apply would be
 * refused, and Helm cannot even upgrade a release that holds one), and those it warns about.
 */
export function removedApiFindings(objects: readonly SourcedObject[], target: MinorVersion): Finding[] {
  const findings: Finding[] = [];
  for (const sourced of objects) {
    const { object } = sourced;
    const removed = REMOVED_APIS.find((change) => appliesBy(change, object, target));
    const deprecated = DEPRECATED_APIS.find((change) => appliesBy(change, object, target));
    const change = removed ?? deprecated;
    if (!change) continue;
    findings.push({
      severity: removed ? 'fail' : 'warn',
      check: removed ? 'removed-api' : 'deprecated-api',
      subject: `${objectName(sourced)} (${sourced.source})`,
      message: `${object.apiVersion} ${object.kind} is ${removed ? 'not served' : 'deprecated'} since Kubernetes ${change.since}; use ${change.use}`,
    });
  }
  return findings;
}

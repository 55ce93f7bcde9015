/**
 * Who may do what in the cluster, as one model rendered twice: as EKS access entries and as the
 * `aws-auth` ConfigMap with RBAC bindings. Pure data and naming, no CDK here.
 */

/** `admin`: cluster admin. `viewer`: read-only everywhere. `{ namespaces }`: edit in those only. */
export type AccessLevel = 'admin' | 'viewer' | { readonly namespaces: readonly string[] };

export interface AccessGrant {
  readonly principalArn: string;
  readonly principalType: 'role' | 'user';
  readonly level: AccessLevel;
}

/** The Kubernetes group read-only principals are mapped to, bound to the `view` ClusterRole. */
export const VIEWERS_GROUP = 'platform:viewers';

/** The group whose members may edit one namespace, bound to `edit` by a RoleBinding there. */
export function namespaceEditorsGroup(namespace: string): string {
  return `platform:editors:${namespace}`;
}

/** Kubernetes groups for a level. Only admins get `system:masters`. */
export function kubernetesGroupsFor(level: AccessLevel): string[] {
  if (level === 'admin') return ['system:masters'];
  if (level === 'viewer') return [VIEWERS_GROUP];
  return level.namespaces.map(namespaceEditorsGroup);
}

/** Namespaces that some grant may edit, each once, in order of first mention. */
export function editableNamespaces(grants: readonly AccessGrant[]): string[] {
  const namespaces = grants.flatMap((grant) => (typeof grant.level === 'object' ? grant.level.namespaces : []));
  return [...new Set(namespaces)];
}

/** aws-auth matches role ARNs without their path (`role/team/x` is listed as `role/x`). */
export function withoutRolePath(roleArn: string): string {
  return roleArn.replace(/:role\/(?:.*\/)?([^/]+)$/, ':role/$1');
}

/** The last segment of an IAM ARN: `arn:aws:iam::1:role/path/Name` -> `Name`. */
export function principalName(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

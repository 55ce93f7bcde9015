/**
 * The admission policies the platform offers, as data: which Kubewarden module each runs (pinned
 * by version), what it judges, and whether it mutates. The config names them (`kubewarden.policies`),
 * the policies chart renders them, and lib/kubewarden/policy-checks.ts mirrors what each module
 * decides so tests and config rules can evaluate workloads without a cluster.
 *
 * Versions: the policies monorepo's image list (kubewarden/policies, hauler_manifest.yaml at commit
 * 3ef8777e) names every module below at these tags, and admission-controller 6.0.2's
 * recommendedPolicies pin the same five PSP modules. Digests are not pinned: ghcr.io was not
 * reachable offline to read them; the policy server verifies nothing but the tag.
 */

export const POLICY_NAMES = [
  'requiredLabels',
  'runAsNonRoot',
  'dropCapabilities',
  'noPrivileged',
  'noHostNamespaces',
  'noPrivilegeEscalation',
  'trustedImages',
] as const;
export type PolicyName = (typeof POLICY_NAMES)[number];

export const POLICY_MODES = ['monitor', 'protect'] as const;
export type PolicyMode = (typeof POLICY_MODES)[number];

export interface PolicyModule {
  /** Under ghcr.io/kubewarden/policies/. */
  readonly module: string;
  readonly version: string;
  /** The ClusterAdmissionPolicy's name in the cluster. */
  readonly resourceName: string;
  /** Mutating modules fill in safe defaults (e.g. drop ALL) instead of refusing an omission. */
  readonly mutating: boolean;
  /** Pods only, or Pods and the workloads that make them (refused at `kubectl apply`, not later by a ReplicaSet). */
  readonly judges: 'pods' | 'pods-and-workloads';
  readonly purpose: string;
}

export const POLICY_MODULES: Readonly<Record<PolicyName, PolicyModule>> = {
  requiredLabels: {
    module: 'safe-labels',
    version: 'v1.0.12',
    resourceName: 'team-required-labels',
    mutating: false,
    judges: 'pods-and-workloads',
    purpose: 'every Pod and workload carries the labels of `kubewarden.requiredLabels`',
  },
  runAsNonRoot: {
    module: 'user-group-psp',
    version: 'v1.1.5',
    resourceName: 'team-run-as-non-root',
    mutating: true,
    judges: 'pods',
    purpose: 'containers run as a non-root user (runAsUser 0 refused; runAsNonRoot set where neither is given) and never with group 0',
  },
  dropCapabilities: {
    module: 'capabilities-psp',
    version: 'v1.0.13',
    resourceName: 'team-drop-capabilities',
    mutating: true,
    judges: 'pods',
    purpose: 'containers add no Linux capabilities and drop ALL (added where missing)',
  },
  noPrivileged: {
    module: 'pod-privileged',
    version: 'v1.0.13',
    resourceName: 'team-no-privileged',
    mutating: false,
    judges: 'pods',
    purpose: 'no privileged container, init or ephemeral container',
  },
  noHostNamespaces: {
    module: 'host-namespaces-psp',
    version: 'v1.1.11',
    resourceName: 'team-no-host-namespaces',
    mutating: false,
    judges: 'pods',
    purpose: 'no hostNetwork, hostPID, hostIPC or host ports',
  },
  noPrivilegeEscalation: {
    module: 'allow-privilege-escalation-psp',
    version: 'v1.0.13',
    resourceName: 'team-no-privilege-escalation',
    mutating: true,
    judges: 'pods',
    purpose: 'no container may set allowPrivilegeEscalation: true (false is set where it is missing)',
  },
  trustedImages: {
    module: 'trusted-repos',
    version: 'v2.1.4',
    resourceName: 'team-trusted-images',
    mutating: false,
    judges: 'pods-and-workloads',
    purpose: 'images come from `kubewarden.trustedRegistries` and never use the `latest` tag (an image without a tag is `latest`)',
  },
};

/** The module reference the policy server pulls. */
export function moduleReference(name: PolicyName): string {
  const { module, version } = POLICY_MODULES[name];
  return `registry://ghcr.io/kubewarden/policies/${module}:${version}`;
}

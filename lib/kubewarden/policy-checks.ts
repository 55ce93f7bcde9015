import type { ContainerLike, KubernetesObject, PodSpecLike } from './admitted-objects';
import { podSpecOf, WORKLOAD_KINDS } from './admitted-objects';
import { matchesPattern, parseImageReference } from './image-reference';
import type { PolicyName } from './policy-catalog';
import { POLICY_MODULES } from './policy-catalog';

/**
 * What each policy module decides, as pure functions that mirror the modules' documented
 * semantics with the settings the platform gives them (policySettings below). They let config
 * rules and tests evaluate workloads without a cluster: a violation here is a refusal in
 * `protect` mode and a failed PolicyReport result in `monitor` mode. Mutating modules fill in
 * what is missing (drop ALL, runAsNonRoot, allowPrivilegeEscalation false), so only what a
 * workload sets explicitly can violate them.
 */

export interface PolicyInputs {
  readonly requiredLabels: readonly string[];
  readonly trustedRegistries: readonly string[];
}

/** The `settings` of each ClusterAdmissionPolicy, in the module's own schema. */
export function policySettings(name: PolicyName, inputs: PolicyInputs): Record<string, unknown> {
  switch (name) {
    case 'requiredLabels':
      return { mandatory_labels: [...inputs.requiredLabels] };
    case 'runAsNonRoot':
      return {
        run_as_user: { rule: 'MustRunAsNonRoot' },
        run_as_group: { rule: 'MayRunAs', ranges: [NON_ROOT_IDS] },
        supplemental_groups: { rule: 'RunAsAny' },
        validate_container_image_configuration: false,
      };
    case 'dropCapabilities':
      return { allowed_capabilities: [], required_drop_capabilities: ['ALL'], default_add_capabilities: [] };
    case 'noPrivileged':
      return { skip_init_containers: false, skip_ephemeral_containers: false };
    case 'noHostNamespaces':
      return { allow_host_ipc: false, allow_host_network: false, allow_host_pid: false, allow_host_ports: [] };
    case 'noPrivilegeEscalation':
      return { allowPrivilegeEscalation: false };
    case 'trustedImages':
      return { registries: { allow: [...inputs.trustedRegistries] }, tags: { reject: [REJECTED_TAG] } };
  }
}

const NON_ROOT_IDS = { min: 1, max: 65535 };
const REJECTED_TAG = 'latest';

/** Why the policy refuses the object (empty: admitted). Objects a policy does not judge are admitted. */
export function policyViolations(name: PolicyName, inputs: PolicyInputs, object: KubernetesObject): string[] {
  if (!judges(name, object)) return [];
  const spec = podSpecOf(object);
  switch (name) {
    case 'requiredLabels':
      return inputs.requiredLabels
        .filter((label) => object.metadata.labels?.[label] === undefined)
        .map((label) => `lacks label "${label}"`);
    case 'runAsNonRoot':
      return containersOf(spec).flatMap(({ container, where }) => runAsProblems(spec, container, where));
    case 'dropCapabilities':
      return containersOf(spec).flatMap(({ container, where }) =>
        (container.securityContext?.capabilities?.add ?? []).map((capability) => `${where} adds capability ${capability}`),
      );
    case 'noPrivileged':
      return containersOf(spec)
        .filter(({ container }) => container.securityContext?.privileged === true)
        .map(({ where }) => `${where} is privileged`);
    case 'noHostNamespaces':
      return [
        ...(['hostNetwork', 'hostPID', 'hostIPC'] as const).filter((field) => spec?.[field] === true).map((field) => `sets ${field}`),
        ...containersOf(spec).flatMap(({ container, where }) =>
          (container.ports ?? []).filter((port) => (port.hostPort ?? 0) !== 0).map((port) => `${where} uses host port ${port.hostPort}`),
        ),
      ];
    case 'noPrivilegeEscalation':
      return containersOf(spec)
        .filter(({ container }) => container.securityContext?.allowPrivilegeEscalation === true)
        .map(({ where }) => `${where} allows privilege escalation`);
    case 'trustedImages':
      return containersOf(spec).flatMap(({ container, where }) => imageProblems(container.image, where, inputs.trustedRegistries));
  }
}

function judges(name: PolicyName, object: KubernetesObject): boolean {
  if (object.kind === 'Pod') return true;
  return POLICY_MODULES[name].judges === 'pods-and-workloads' && (WORKLOAD_KINDS as readonly string[]).includes(object.kind);
}

function containersOf(spec: PodSpecLike | undefined): { container: ContainerLike; where: string }[] {
  if (!spec) return [];
  return (['initContainers', 'containers', 'ephemeralContainers'] as const).flatMap((field) =>
    (spec[field] ?? []).map((container) => ({
      container,
      where: `${field === 'containers' ? 'container' : field.replace(/s$/, '')} ${container.name}`,
    })),
  );
}

/** user-group-psp: MustRunAsNonRoot for users, MayRunAs 1-65535 for groups. */
function runAsProblems(spec: PodSpecLike | undefined, container: ContainerLike, where: string): string[] {
  const user = container.securityContext?.runAsUser ?? spec?.securityContext?.runAsUser;
  const nonRoot = container.securityContext?.runAsNonRoot ?? spec?.securityContext?.runAsNonRoot;
  const group = container.securityContext?.runAsGroup ?? spec?.securityContext?.runAsGroup;
  const problems: string[] = [];
  if (user === 0) problems.push(`${where} runs as user 0 (root)`);
  else if (nonRoot === false && user === undefined) problems.push(`${where} sets runAsNonRoot: false without a non-root runAsUser`);
  if (group !== undefined && (group < NON_ROOT_IDS.min || group > NON_ROOT_IDS.max)) problems.push(`${where} runs with group ${group}`);
  return problems;
}

/** trusted-repos: the registry must match an allowed one; the tag (latest when absent) must not be rejected. */
function imageProblems(image: string | undefined, where: string, trustedRegistries: readonly string[]): string[] {
  if (!image) return [];
  const reference = parseImageReference(image);
  const problems: string[] = [];
  if (!trustedRegistries.some((registry) => matchesPattern(registry, reference.registry)))
    problems.push(`${where} pulls ${image} from ${reference.registry}, which is not a trusted registry`);
  if (matchesPattern(REJECTED_TAG, reference.tag)) problems.push(`${where} uses ${image}, whose tag is "${reference.tag}"`);
  return problems;
}

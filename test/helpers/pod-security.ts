/**
 * The Pod Security Standards (https://kubernetes.io/docs/concepts/security/pod-security-standards/)
 * as Pod Security Admission enforces them in Kubernetes 1.35: what a namespace labelled
 * `pod-security.kubernetes.io/enforce: baseline|restricted` refuses. No maintained npm package
 * implements them, so they are written out here, one rule per check.
 */
export type PodSecurityLevel = 'privileged' | 'baseline' | 'restricted';

const BASELINE_CAPABILITIES = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
]);
const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);
const RESTRICTED_VOLUME_TYPES = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'image',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);

const containersOf = (spec: any): any[] => [
  ...(spec.initContainers ?? []),
  ...(spec.containers ?? []),
  ...(spec.ephemeralContainers ?? []),
];

function baselineProblems(spec: any, annotations: Record<string, string>): string[] {
  const problems: string[] = [];
  const pod = spec.securityContext ?? {};
  for (const field of ['hostNetwork', 'hostPID', 'hostIPC']) if (spec[field]) problems.push(`${field} is true`);
  if (pod.windowsOptions?.hostProcess) problems.push('pod is a Windows hostProcess');
  for (const volume of spec.volumes ?? []) if (volume.hostPath) problems.push(`volume ${volume.name} is a hostPath`);
  for (const sysctl of pod.sysctls ?? []) if (!SAFE_SYSCTLS.has(sysctl.name)) problems.push(`sysctl ${sysctl.name} is not in the safe set`);
  if (pod.seccompProfile?.type === 'Unconfined') problems.push('pod seccompProfile is Unconfined');
  if (!SELINUX_TYPES.has(pod.seLinuxOptions?.type ?? '') || pod.seLinuxOptions?.user || pod.seLinuxOptions?.role)
    problems.push('pod seLinuxOptions are not allowed');
  if (pod.appArmorProfile && !['RuntimeDefault', 'Localhost'].includes(pod.appArmorProfile.type))
    problems.push(`pod appArmorProfile ${pod.appArmorProfile.type}`);
  // A template's `annotations:` with nothing under it (Kubewarden's controller) renders as null.
  for (const [key, value] of Object.entries(annotations ?? {}))
    if (key.startsWith('container.apparmor.security.beta.kubernetes.io/') && value !== 'runtime/default' && !value.startsWith('localhost/'))
      problems.push(`annotation ${key}: ${value}`);
  for (const container of containersOf(spec)) {
    const at = `container ${container.name}`;
    const context = container.securityContext ?? {};
    if (context.privileged) problems.push(`${at} is privileged`);
    if (context.windowsOptions?.hostProcess) problems.push(`${at} is a Windows hostProcess`);
    for (const capability of context.capabilities?.add ?? [])
      if (!BASELINE_CAPABILITIES.has(capability)) problems.push(`${at} adds capability ${capability}`);
    for (const port of container.ports ?? []) if (port.hostPort) problems.push(`${at} uses hostPort ${port.hostPort}`);
    if (context.procMount && context.procMount !== 'Default') problems.push(`${at} procMount ${context.procMount}`);
    if (context.seccompProfile?.type === 'Unconfined') problems.push(`${at} seccompProfile is Unconfined`);
    if (!SELINUX_TYPES.has(context.seLinuxOptions?.type ?? '') || context.seLinuxOptions?.user || context.seLinuxOptions?.role)
      problems.push(`${at} seLinuxOptions are not allowed`);
    if (context.appArmorProfile && !['RuntimeDefault', 'Localhost'].includes(context.appArmorProfile.type))
      problems.push(`${at} appArmorProfile ${context.appArmorProfile.type}`);
  }
  return problems;
}

function restrictedProblems(spec: any): string[] {
  const problems: string[] = [];
  const pod = spec.securityContext ?? {};
  for (const volume of spec.volumes ?? []) {
    const type = Object.keys(volume).find((key) => key !== 'name');
    if (type && !RESTRICTED_VOLUME_TYPES.has(type)) problems.push(`volume ${volume.name} is of type ${type}`);
  }
  if (pod.runAsUser === 0) problems.push('pod runAsUser is 0');
  for (const container of containersOf(spec)) {
    const at = `container ${container.name}`;
    const context = container.securityContext ?? {};
    if (context.allowPrivilegeEscalation !== false) problems.push(`${at}: allowPrivilegeEscalation is not false`);
    const nonRoot = context.runAsNonRoot ?? pod.runAsNonRoot;
    if (nonRoot !== true) problems.push(`${at}: runAsNonRoot is not true`);
    if (context.runAsUser === 0) problems.push(`${at}: runAsUser is 0`);
    const seccomp = context.seccompProfile?.type ?? pod.seccompProfile?.type;
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') problems.push(`${at}: seccompProfile is not RuntimeDefault or Localhost`);
    if (!(context.capabilities?.drop ?? []).includes('ALL')) problems.push(`${at}: capabilities do not drop ALL`);
    for (const capability of context.capabilities?.add ?? [])
      if (capability !== 'NET_BIND_SERVICE') problems.push(`${at}: adds capability ${capability}`);
  }
  return problems;
}

/** What Pod Security Admission would refuse in a pod spec at a level; [] when it is admitted. */
export function podSecurityProblems(spec: any, level: PodSecurityLevel, annotations: Record<string, string> = {}): string[] {
  if (level === 'privileged') return [];
  const baseline = baselineProblems(spec, annotations);
  return level === 'baseline' ? baseline : [...baseline, ...restrictedProblems(spec)];
}

/** The strictest level a pod spec meets. */
export function strictestLevel(spec: any, annotations: Record<string, string> = {}): PodSecurityLevel {
  if (podSecurityProblems(spec, 'restricted', annotations).length === 0) return 'restricted';
  return podSecurityProblems(spec, 'baseline', annotations).length === 0 ? 'baseline' : 'privileged';
}

const POD_TEMPLATE_PATHS: Readonly<Record<string, string[]>> = {
  Pod: [],
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

/** The pod template of a workload (metadata and spec), or undefined for objects that run no pods. */
export function podTemplateOf(object: { kind: string; [key: string]: any }): { metadata?: any; spec: any } | undefined {
  const path = POD_TEMPLATE_PATHS[object.kind];
  if (!path) return undefined;
  return path.reduce((value: any, key) => value?.[key], object);
}

/** The same check under the name the External Secrets tests use. */
export const podSecurityViolations = (podSpec: any, level: PodSecurityLevel): string[] => podSecurityProblems(podSpec, level);

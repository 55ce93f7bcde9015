/**
 * Pod Security Standards (kubernetes.io/docs/concepts/security/pod-security-standards), the
 * checks Pod Security Admission applies to a pod spec at the `baseline` and `restricted` levels.
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
const RESTRICTED_VOLUMES = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);

/** Why a pod spec would be refused in a namespace enforcing `level`; [] when admitted. */
export function podSecurityViolations(podSpec: any, level: PodSecurityLevel): string[] {
  if (level === 'privileged') return [];
  const problems: string[] = [];
  const pod = podSpec.securityContext ?? {};
  const containers: any[] = [...(podSpec.initContainers ?? []), ...(podSpec.containers ?? []), ...(podSpec.ephemeralContainers ?? [])];
  // baseline
  for (const host of ['hostNetwork', 'hostPID', 'hostIPC']) if (podSpec[host]) problems.push(`${host} is set`);
  for (const volume of podSpec.volumes ?? []) if (volume.hostPath) problems.push(`volume ${volume.name} is a hostPath`);
  for (const container of containers) {
    const context = container.securityContext ?? {};
    const at = `container ${container.name}`;
    if (context.privileged) problems.push(`${at} is privileged`);
    for (const added of context.capabilities?.add ?? [])
      if (!BASELINE_CAPABILITIES.has(added)) problems.push(`${at} adds capability ${added}`);
    for (const port of container.ports ?? []) if (port.hostPort) problems.push(`${at} uses host port ${port.hostPort}`);
    if (context.procMount && context.procMount !== 'Default') problems.push(`${at} sets procMount ${context.procMount}`);
  }
  if (level === 'baseline') return problems;
  // restricted
  for (const volume of podSpec.volumes ?? []) {
    const type = Object.keys(volume).find((key) => key !== 'name');
    if (type && !RESTRICTED_VOLUMES.has(type)) problems.push(`volume ${volume.name} is of type ${type}`);
  }
  if (pod.runAsUser === 0) problems.push('pod runs as user 0');
  for (const container of containers) {
    const context = container.securityContext ?? {};
    const at = `container ${container.name}`;
    if (context.allowPrivilegeEscalation !== false) problems.push(`${at} allows privilege escalation`);
    if ((context.runAsNonRoot ?? pod.runAsNonRoot) !== true) problems.push(`${at} may run as root`);
    if (context.runAsUser === 0) problems.push(`${at} runs as user 0`);
    const seccomp = context.seccompProfile?.type ?? pod.seccompProfile?.type;
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') problems.push(`${at} has no RuntimeDefault or Localhost seccomp profile`);
    if (!(context.capabilities?.drop ?? []).includes('ALL')) problems.push(`${at} does not drop ALL capabilities`);
    for (const added of context.capabilities?.add ?? []) if (added !== 'NET_BIND_SERVICE') problems.push(`${at} adds capability ${added}`);
  }
  return problems;
}

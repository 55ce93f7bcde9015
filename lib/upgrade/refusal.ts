import { KUBERNETES_RELEASES, findKubernetesRelease } from '../config/version-matrix';
import type { KubernetesRelease } from '../config/version-matrix';
import { compareMinorVersions, parseMinorVersion } from './kubernetes-version';

export type UpgradeStep =
  | { readonly ok: true; readonly current: KubernetesRelease; readonly target: KubernetesRelease }
  | { readonly ok: false; readonly reason: string };

/**
 * The one upgrade the planner will plan: the next minor version, present in the version matrix.
 * EKS upgrades the control plane one minor version at a time and never downgrades it.
 */
export function upgradeStep(environment: string, currentVersion: string, to: string): UpgradeStep {
  const known = KUBERNETES_RELEASES.map((release) => release.kubernetesVersion).join(', ');
  const target = parseMinorVersion(to);
  if (!target) return { ok: false, reason: `--to "${to}" is not a Kubernetes minor version such as 1.36 (major.minor)` };
  const current = parseMinorVersion(currentVersion)!;
  const order = compareMinorVersions(target, current);
  if (order === 0) return { ok: false, reason: `${environment} already runs Kubernetes ${currentVersion}: nothing to upgrade` };
  if (order < 0)
    return {
      ok: false,
      reason: `--to ${to} is older than ${environment}'s Kubernetes ${currentVersion}: EKS never downgrades a control plane`,
    };
  if (target.major !== current.major || target.minor !== current.minor + 1)
    return {
      ok: false,
      reason: `--to ${to} skips a minor version: EKS upgrades one minor version at a time, so ${environment} goes to ${current.major}.${current.minor + 1} first`,
    };
  const targetRelease = findKubernetesRelease(to);
  if (!targetRelease)
    return {
      ok: false,
      reason: `Kubernetes ${to} is not in the version matrix (lib/config/version-matrix.ts has ${known}); add it there first`,
    };
  return { ok: true, current: findKubernetesRelease(currentVersion)!, target: targetRelease };
}

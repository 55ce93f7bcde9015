import type { SupportWindow } from '../config/version-matrix';
import { kubernetesRelease } from '../config/version-matrix';
import type { Finding } from './finding';

/** How long before the end of standard support preflight starts warning. */
export const SUPPORT_WARNING_DAYS = 90;

export interface SupportWindowInput {
  readonly environment: string;
  readonly kubernetesVersion: string;
  readonly supportType: 'STANDARD' | 'EXTENDED';
  readonly support: SupportWindow;
  /** Today, `YYYY-MM-DD` (UTC): passed in so that the check is pure and tests choose the day. */
  readonly today: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

/**
 * Where an environment's Kubernetes version stands in EKS's support calendar. Once standard
 * support ends, EKS either upgrades the control plane itself (STANDARD) or bills extended support
 * (EXTENDED): the first fails preflight, since the upgrade is no longer the team's to schedule; the
 * second is a choice the environment made, and is only a warning until extended support ends too.
 */
export function supportWindowFinding(input: SupportWindowInput): Finding {
  const { environment, kubernetesVersion: version, supportType, support, today } = input;
  const subject = `${environment} (Kubernetes ${version})`;
  const finding = (severity: Finding['severity'], message: string): Finding => ({ severity, check: 'support-window', subject, message });
  const toStandardEnd = daysBetween(today, support.endOfStandardSupport);
  const toExtendedEnd = daysBetween(today, support.endOfExtendedSupport);

  if (toExtendedEnd <= 0)
    return finding(
      'fail',
      `extended support ended on ${support.endOfExtendedSupport}: EKS upgrades this control plane itself; upgrade now`,
    );
  if (toStandardEnd <= 0) {
    if (supportType === 'EXTENDED')
      return finding(
        'warn',
        `in extended support since ${support.endOfStandardSupport} (billed at the extended-support price) until ${support.endOfExtendedSupport}, ${toExtendedEnd} days left`,
      );
    return finding(
      'fail',
      `standard support ended on ${support.endOfStandardSupport} and cluster.supportType is STANDARD: EKS upgrades the control plane on its own schedule; upgrade now, or choose EXTENDED`,
    );
  }
  if (toStandardEnd <= SUPPORT_WARNING_DAYS)
    return finding(
      'warn',
      `standard support ends on ${support.endOfStandardSupport}, in ${toStandardEnd} days; then ${
        supportType === 'EXTENDED' ? 'extended support is billed' : 'EKS upgrades the control plane itself'
      }: plan the upgrade (npm run upgrade-plan)`,
    );
  return finding('ok', `standard support until ${support.endOfStandardSupport} (${toStandardEnd} days)`);
}

/** The support-window finding of each environment on its current version, for `npm run preflight`. */
export function environmentSupportFindings(
  environments: readonly {
    readonly name: string;
    readonly cluster: { readonly kubernetesVersion: string; readonly supportType: 'STANDARD' | 'EXTENDED' };
  }[],
  today: string,
): Finding[] {
  return environments.map((env) =>
    supportWindowFinding({
      environment: env.name,
      kubernetesVersion: env.cluster.kubernetesVersion,
      supportType: env.cluster.supportType,
      support: kubernetesRelease(env.cluster.kubernetesVersion).support,
      today,
    }),
  );
}

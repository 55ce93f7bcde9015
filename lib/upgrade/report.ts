import type { Finding } from './finding';
import type { UpgradePlan } from './plan';

const MARK: Record<Finding['severity'], string> = { ok: 'ok  ', warn: 'WARN', fail: 'FAIL' };

export const formatFinding = (finding: Finding): string =>
  `  ${MARK[finding.severity]} ${finding.check}: ${finding.subject}: ${finding.message}`;

/** The plan as the terminal shows it. */
export function renderPlan(plan: UpgradePlan): string {
  const section = (title: string, lines: readonly string[]) => [``, title, ...lines];
  return [
    `Upgrade plan: ${plan.environment}, Kubernetes ${plan.from} -> ${plan.to}: ${plan.ready ? 'READY' : 'BLOCKED by the failed checks below'}`,
    ...section(`Preflight (over ${plan.checkedObjects} objects the platform applies)`, plan.findings.map(formatFinding)),
    ...section(
      'What changes',
      plan.changes.map((change) => `  ${change.what}: ${change.from} -> ${change.to}`),
    ),
    ...section(
      'Karpenter nodes',
      plan.nodeDrift.map((line) => `  ${line}`),
    ),
    ...section(
      'Order (CloudFormation) and typical durations',
      plan.order.map((line, index) => `  ${index + 1}. ${line}`),
    ),
    ...section(
      'Watch while it runs',
      plan.watch.map((line) => `  ${line}`),
    ),
    ...section(
      'Cannot be undone',
      plan.irreversible.map((line) => `  - ${line}`),
    ),
  ].join('\n');
}

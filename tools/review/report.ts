import type { EnvironmentReview } from './review-environment';

export interface ReportContext {
  readonly base: string;
  readonly allowed: ReadonlySet<string>;
}

const table = (header: string[], rows: string[][]) =>
  [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(escape).join(' | ')} |`),
  ].join('\n');
const escape = (cell: string) => cell.replace(/\|/g, '\\|').replace(/\n/g, '<br>');

/** Whether a blocker is let through by `--allow-replacement` (its full ID or its last segment). */
export function isAllowed(id: string, allowed: ReadonlySet<string>): boolean {
  return allowed.has(id) || allowed.has(id.split('/').pop()!);
}

/** The Markdown report of one environment, for a pull-request comment. */
export function renderReport(review: EnvironmentReview, context: ReportContext): string {
  const refused = review.blockers.filter((blocker) => !isAllowed(blocker.id, context.allowed));
  const lines: string[] = [`# ${review.env}: changes from \`${context.base}\` to the working tree`, ''];
  lines.push(
    refused.length === 0
      ? `**Verdict: safe.** No stateful resource is replaced or deleted${review.blockers.length > 0 ? ' beyond those allowed' : ''}.`
      : `**Verdict: refused.** ${refused.length} stateful resource(s) would be replaced or deleted:`,
    '',
  );
  for (const blocker of review.blockers)
    lines.push(
      `- ${isAllowed(blocker.id, context.allowed) ? '(allowed) ' : ''}${blocker.what}: allow with \`--allow-replacement ${blocker.id}\``,
    );
  if (review.blockers.length > 0) lines.push('');

  for (const stack of review.stacks) {
    lines.push(`## ${review.env}-${stack.stack}`, '');
    if (stack.resources.length === 0) lines.push('No CloudFormation changes.', '');
    else
      lines.push(
        table(
          ['change', 'logical ID', 'type', 'holds state'],
          stack.resources.map((resource) => [resource.change, resource.logicalId, resource.type, resource.stateful ?? '']),
        ),
        '',
      );
    if (stack.iam.length > 0)
      lines.push(
        '### IAM changes',
        '',
        ...stack.iam.flatMap((rows) => [
          table(
            [...rows[0]],
            rows.slice(1).map((row) => [...row]),
          ),
          '',
        ]),
      );
    if (stack.securityGroups.length > 0)
      lines.push(
        '### Security group changes',
        '',
        table(
          [...stack.securityGroups[0]],
          stack.securityGroups.slice(1).map((row) => [...row]),
        ),
        '',
      );
  }

  const { added, removed, changed } = review.objects;
  lines.push('## Kubernetes objects', '');
  if (added.length + removed.length + changed.length === 0) lines.push('No Kubernetes object changes.', '');
  else
    lines.push(
      table(
        ['change', 'object'],
        [...added.map((key) => ['added', key]), ...removed.map((key) => ['removed', key]), ...changed.map((key) => ['changed', key])],
      ),
      '',
    );
  lines.push(
    '## Helm releases',
    '',
    ...(review.helm.length === 0 ? ['No Helm release changes.'] : review.helm.map((line) => `- ${line}`)),
    '',
  );
  return lines.join('\n');
}

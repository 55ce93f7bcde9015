import { isAllowable } from './blockers';
import type { Blocker } from './blockers';
import type { ObjectFate } from './cluster-changes';
import { asText, shorten } from './display';
import { describeGrants } from './iam-changes';
import type { EnvironmentReview } from './review-environment';
import type { PropertyChange } from './property-changes';
import { changedLines, describeChange } from './property-changes';

export interface ReportContext {
  /** What the change is compared with and what it is: `main (1a2b3c4d5e6f)`, `HEAD (…)`. */
  readonly base: string;
  readonly head: string;
  /** IDs allowed for this change (commit trailers of the reviewed range, or --allow). */
  readonly allowed: ReadonlySet<string>;
}

const table = (header: string[], rows: string[][]) =>
  [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(escape).join(' | ')} |`),
  ].join('\n');
const escape = (cell: string) => cell.replace(/\|/g, '\\|').replace(/\n/g, '<br>');
const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;

/** Blockers an allowance does not let through (and those that no allowance can). */
export function refusedBlockers(review: EnvironmentReview, allowed: ReadonlySet<string>): Blocker[] {
  return review.blockers.filter((blocker) => !isAllowable(blocker) || !allowed.has(blocker.id));
}

/** The Markdown report of one environment, for a pull-request comment. */
export function renderReport(review: EnvironmentReview, context: ReportContext): string {
  const refused = refusedBlockers(review, context.allowed);
  const lines: string[] = [`# ${review.env}: changes from ${code(context.base)} to ${code(context.head)}`, ''];
  const widened = review.stacks.flatMap((stack) => stack.iam.filter((change) => change.widened.length > 0));
  lines.push(verdict(review, refused), '');
  for (const blocker of review.blockers) lines.push(blockerLine(blocker, context.allowed));
  if (review.blockers.length > 0) lines.push('');
  if (widened.length > 0)
    lines.push(`It widens IAM or cluster access for ${widened.length} role(s) or resource(s): read **Widened IAM grants** below.`, '');

  if (widened.length > 0) {
    lines.push('## Widened IAM grants', '');
    for (const change of widened)
      lines.push(`- **${change.subject}** (${change.purpose}):`, ...describeGrants(change.widened).map((line) => `  - ${code(line)}`));
    lines.push('');
  }

  lines.push(...clusterSection(review));
  for (const stack of review.stacks) lines.push(...stackSection(review.env, stack));
  return lines.join('\n');
}

function verdict(review: EnvironmentReview, refused: readonly Blocker[]): string {
  if (refused.length === 0)
    return review.blockers.length === 0
      ? '**Verdict: safe.** Nothing that holds data is deleted, replaced or left unmanaged, and every change can be applied.'
      : `**Verdict: safe as allowed.** ${review.blockers.length} change(s) below were allowed for this change.`;
  const unappliable = refused.filter((blocker) => !isAllowable(blocker)).length;
  return `**Verdict: refused.** ${refused.length - unappliable} change(s) lose data or leave it unmanaged without an allowance${unappliable > 0 ? `; ${unappliable} cannot be applied at all` : ''}:`;
}

function blockerLine(blocker: Blocker, allowed: ReadonlySet<string>): string {
  if (!isAllowable(blocker)) return `- **cannot be applied**: ${blocker.what}. Way out: ${blocker.wayOut}.`;
  if (allowed.has(blocker.id)) return `- (allowed) **${blocker.kind}**: ${blocker.what}`;
  return `- **${blocker.kind}**: ${blocker.what}. If intended, add ${code(`Review-allow: ${blocker.id}`)} to a commit message of this change.`;
}

/** What loses something first: deletions, then what is left unmanaged, then the rest. */
const FATE_ORDER: readonly ObjectFate[] = [
  'deleted in the cluster',
  'left in the cluster',
  'moved to another manifest',
  'changed',
  'added',
];

function clusterSection(review: EnvironmentReview): string[] {
  const { objects, releases } = review.cluster;
  const lines = ['## In the cluster', ''];
  if (objects.length === 0) lines.push('No Kubernetes object changes.', '');
  else {
    lines.push(
      table(
        ['fate', 'object', 'how', 'holds data'],
        [...objects]
          .sort((a, b) => FATE_ORDER.indexOf(a.fate) - FATE_ORDER.indexOf(b.fate))
          // What an object holds matters where it is lost or left, not where it changes.
          .map((object) => [
            object.fate,
            object.key,
            object.how,
            ['changed', 'added'].includes(object.fate) ? '' : (object.stateful ?? ''),
          ]),
      ),
      '',
    );
    const changed = objects.filter((object) => object.properties.length > 0);
    for (const object of changed) lines.push(`- ${object.key}:`, ...object.properties.flatMap((change) => propertyLines(change)));
    if (changed.length > 0) lines.push('');
  }
  lines.push('### Helm releases', '');
  if (releases.length === 0) lines.push('No Helm release changes.', '');
  for (const release of releases) {
    const version =
      release.version.before && release.version.after && release.version.before !== release.version.after
        ? ` ${release.version.before} -> ${release.version.after}`
        : ` ${release.version.after ?? release.version.before}`;
    lines.push(`- ${release.key} (${release.chart}${version}): ${release.fate}`);
    lines.push(...release.values.flatMap((change) => propertyLines({ ...change, path: `values.${change.path}` })));
  }
  if (releases.length > 0) lines.push('');
  return lines;
}

function stackSection(env: string, stack: EnvironmentReview['stacks'][number]): string[] {
  const lines = [`## ${env}-${stack.stack}: CloudFormation`, ''];
  if (stack.resources.length === 0) return [...lines, 'No CloudFormation changes.', ''];
  lines.push(
    table(
      ['change', 'logical ID', 'type', 'what happens', 'holds state'],
      stack.resources.map((resource) => [
        resource.change,
        resource.logicalId,
        resource.type,
        resource.consequence ?? '',
        resource.stateful ?? (resource.retainedBecause ? `retained: ${resource.retainedBecause}` : ''),
      ]),
    ),
    '',
  );
  const modified = stack.resources.filter((resource) => resource.properties.length > 0);
  for (const resource of modified)
    lines.push(`- ${resource.logicalId}:`, ...resource.properties.flatMap((change) => propertyLines(change)));
  if (modified.length > 0) lines.push('');
  if (stack.iam.length > 0) {
    lines.push('### IAM, statement by statement', '');
    for (const change of stack.iam)
      lines.push(
        `- **${change.subject}** (${change.purpose}):`,
        ...describeGrants(change.added).map((line) => `  - added: ${code(line)}`),
        ...describeGrants(change.removed).map((line) => `  - removed: ${code(line)}`),
      );
    lines.push('');
  }
  if (stack.securityGroups.length > 0)
    lines.push(
      '### Security group changes',
      '',
      table(
        [...stack.securityGroups[0]],
        stack.securityGroups.slice(1).map((row) => row.map((cell) => asText(cell))),
      ),
      '',
    );
  return lines;
}

/** One property change as a bullet: `path: old -> new`, or a diff block for multi-line text. */
function propertyLines(change: PropertyChange): string[] {
  const lines = changedLines(change);
  if (!lines) return [`  - ${code(shorten(describeChange(change), 300))}`];
  return [`  - ${code(change.path)}:`, '', '    ```diff', ...lines.map((line) => `    ${line}`), '    ```', ''];
}

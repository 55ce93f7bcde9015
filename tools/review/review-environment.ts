import { fullDiff } from '@aws-cdk/cloudformation-diff';
import type { AssemblyTemplates, Template } from './assembly';
import type { AppliedObject, HelmRelease } from './kubernetes-objects';
import { appliedObjects, helmReleases } from './kubernetes-objects';
import { IMMUTABLE_STORAGE_CLASS_FIELDS, isRetainedStorageClass, statefulResource } from './stateful';

export type ResourceChangeKind = 'added' | 'removed' | 'modified' | 'replaced' | 'may be replaced';

export interface ResourceChange {
  readonly stack: string;
  readonly logicalId: string;
  readonly type: string;
  readonly change: ResourceChangeKind;
  /** What the resource is, when it holds state. */
  readonly stateful?: string;
}

export interface StackReview {
  readonly stack: string;
  readonly resources: readonly ResourceChange[];
  /** cloudformation-diff's IAM summaries (statements, managed policies), each a table with its header first. */
  readonly iam: readonly (readonly (readonly string[])[])[];
  readonly securityGroups: readonly (readonly string[])[];
}

export interface EnvironmentReview {
  readonly env: string;
  readonly stacks: readonly StackReview[];
  readonly objects: { readonly added: string[]; readonly removed: string[]; readonly changed: string[] };
  readonly helm: readonly string[];
  /** Stateful replacements and deletions, each with the ID that allows it. */
  readonly blockers: readonly { readonly id: string; readonly what: string }[];
}

const EMPTY: Template = { Resources: {} };

/** Everything that changes in one environment between two cloud assemblies. */
export function reviewEnvironment(env: string, base: AssemblyTemplates, head: AssemblyTemplates): EnvironmentReview {
  const baseStacks = base.get(env) ?? new Map<string, Template>();
  const headStacks = head.get(env) ?? new Map<string, Template>();
  const stackNames = [...new Set([...baseStacks.keys(), ...headStacks.keys()])].sort();

  const stacks = stackNames.map((stack) => reviewStack(stack, baseStacks.get(stack) ?? EMPTY, headStacks.get(stack) ?? EMPTY));
  const blockers = stacks.flatMap((stack) =>
    stack.resources
      .filter((resource) => resource.stateful && resource.change !== 'added' && resource.change !== 'modified')
      .map((resource) => ({
        id: `${env}/${resource.stack}/${resource.logicalId}`,
        what: `${resource.stateful} (${resource.type}) would be ${resource.change}`,
      })),
  );

  const allObjects = (stacksOf: Map<string, Template>) => mergeMaps([...stacksOf.values()].map(appliedObjects));
  const objects = diffObjects(allObjects(baseStacks), allObjects(headStacks));
  for (const key of objects.removedRetainedClasses)
    blockers.push({ id: `${env}/${key}`, what: `${key}, a StorageClass that retains volumes, would be deleted` });
  for (const key of objects.recreatedRetainedClasses)
    blockers.push({
      id: `${env}/${key}`,
      what: `${key}, a StorageClass that retains volumes, would have to be re-created (immutable fields change)`,
    });

  const helm = diffHelm(mergeMaps([...baseStacks.values()].map(helmReleases)), mergeMaps([...headStacks.values()].map(helmReleases)));
  return { env, stacks, objects: { added: objects.added, removed: objects.removed, changed: objects.changed }, helm, blockers };
}

function reviewStack(stack: string, base: Template, head: Template): StackReview {
  const diff = fullDiff(base, head);
  const resources: ResourceChange[] = [];
  diff.resources.forEachDifference((logicalId, change) => {
    const type = change.resourceType ?? change.newResourceType ?? change.oldResourceType ?? 'unknown';
    const kind: ResourceChangeKind = change.isAddition
      ? 'added'
      : change.isRemoval
        ? 'removed'
        : change.changeImpact === 'WILL_REPLACE'
          ? 'replaced'
          : change.changeImpact === 'MAY_REPLACE'
            ? 'may be replaced'
            : 'modified';
    if (!change.isDifferent && kind === 'modified') return;
    resources.push({ stack, logicalId, type, change: kind, stateful: statefulResource(type, logicalId) });
  });
  return {
    stack,
    resources,
    iam: [diff.iamChanges.summarizeStatements(), diff.iamChanges.summarizeManagedPolicies()].filter((rows) => rows.length > 1),
    securityGroups: diff.securityGroupChanges.hasChanges ? diff.securityGroupChanges.summarize() : [],
  };
}

function mergeMaps<V>(maps: Map<string, V>[]): Map<string, V> {
  return new Map(maps.flatMap((map) => [...map.entries()]));
}

function diffObjects(base: Map<string, AppliedObject>, head: Map<string, AppliedObject>) {
  const added = [...head.keys()].filter((key) => !base.has(key)).sort();
  const removed = [...base.keys()].filter((key) => !head.has(key)).sort();
  const changed = [...head.keys()]
    .filter((key) => base.has(key) && JSON.stringify(base.get(key)!.object) !== JSON.stringify(head.get(key)!.object))
    .sort();
  const removedRetainedClasses = removed.filter((key) => isRetainedStorageClass(base.get(key)!.object));
  const recreatedRetainedClasses = changed.filter((key) => {
    const [before, after] = [base.get(key)!.object, head.get(key)!.object];
    return (
      isRetainedStorageClass(before) &&
      IMMUTABLE_STORAGE_CLASS_FIELDS.some((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]))
    );
  });
  return { added, removed, changed, removedRetainedClasses, recreatedRetainedClasses };
}

function diffHelm(base: Map<string, HelmRelease>, head: Map<string, HelmRelease>): string[] {
  const lines: string[] = [];
  for (const key of [...new Set([...base.keys(), ...head.keys()])].sort()) {
    const [before, after] = [base.get(key), head.get(key)];
    if (!before) lines.push(`${key}: installed (${after!.chart} ${after!.version})`);
    else if (!after) lines.push(`${key}: uninstalled (${before.chart} ${before.version})`);
    else {
      const changes = [
        ...(before.version !== after.version ? [`version ${before.version} -> ${after.version}`] : []),
        ...(before.chart !== after.chart ? [`chart ${before.chart} -> ${after.chart}`] : []),
        ...(before.values !== after.values ? ['values changed'] : []),
      ];
      if (changes.length > 0) lines.push(`${key}: ${changes.join(', ')}`);
    }
  }
  return lines;
}

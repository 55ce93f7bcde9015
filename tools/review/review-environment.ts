import { fullDiff } from '@aws-cdk/cloudformation-diff';
import { RETAINED_BECAUSE } from '../../constructs/retained-on-removal';
import type { AssemblyTemplates, Template } from './assembly';
import type { Blocker } from './blockers';
import type { ClusterChanges } from './cluster-changes';
import { clusterChanges } from './cluster-changes';
import { canonicalJson, resolveForDisplay } from './display';
import type { IamChange } from './iam-changes';
import { iamChanges } from './iam-changes';
import { appliedManifests, helmReleases } from './kubernetes-objects';
import type { PropertyChange } from './property-changes';
import { propertyChanges } from './property-changes';
import { statefulResource } from './stateful';

export type ResourceChangeKind = 'added' | 'removed' | 'left in AWS' | 'left in the cluster' | 'modified' | 'replaced' | 'may be replaced';

export interface ResourceChange {
  readonly stack: string;
  readonly logicalId: string;
  readonly type: string;
  readonly change: ResourceChangeKind;
  /** What the resource is, when it holds state. */
  readonly stateful?: string;
  /** For manifests and releases retained on removal: why, as the construct recorded it. */
  readonly retainedBecause?: string;
  /** What CloudFormation's change does beyond the resource, when it is removed or replaced. */
  readonly consequence?: string;
  /** Old and new values of what changes (manifests and Helm values are in the cluster section instead). */
  readonly properties: readonly PropertyChange[];
}

export interface StackReview {
  readonly stack: string;
  readonly resources: readonly ResourceChange[];
  readonly iam: readonly IamChange[];
  /** cloudformation-diff's security group summary, header row first. */
  readonly securityGroups: readonly (readonly string[])[];
}

export interface EnvironmentReview {
  readonly env: string;
  readonly stacks: readonly StackReview[];
  readonly cluster: ClusterChanges;
  /** Changes that lose data, leave it unmanaged, or cannot be applied, each with the ID that allows it. */
  readonly blockers: readonly Blocker[];
}

const EMPTY: Template = { Resources: {} };
const KUBECTL_RESOURCES = new Set(['Custom::AWSCDK-EKS-KubernetesResource', 'Custom::AWSCDK-EKS-HelmChart']);

/** Everything that changes in one environment between two cloud assemblies. */
export function reviewEnvironment(env: string, base: AssemblyTemplates, head: AssemblyTemplates): EnvironmentReview {
  const baseStacks = base.get(env) ?? new Map<string, Template>();
  const headStacks = head.get(env) ?? new Map<string, Template>();
  const stackNames = [...new Set([...baseStacks.keys(), ...headStacks.keys()])].sort();
  const stacks = stackNames.map((stack) => reviewStack(stack, baseStacks.get(stack) ?? EMPTY, headStacks.get(stack) ?? EMPTY));

  const side = (templates: Map<string, Template>) => ({
    manifests: [...templates].flatMap(([stack, template]) => appliedManifests(stack, template)),
    releases: [...templates].flatMap(([stack, template]) => helmReleases(stack, template)),
  });
  const cluster = clusterChanges(env, side(baseStacks), side(headStacks));

  const resourceBlockers = stacks.flatMap((stack) =>
    stack.resources
      .filter((resource) => resource.stateful && !['added', 'modified'].includes(resource.change))
      .map((resource): Blocker => ({
        id: `${env}/${resource.stack}/${resource.logicalId}`,
        kind: resource.change === 'left in AWS' ? 'left in AWS' : 'loses data',
        what:
          resource.change === 'left in AWS'
            ? `${resource.logicalId} (${resource.type}) leaves the template but is retained: it stays in the account, no longer managed (${resource.stateful})`
            : `${resource.logicalId} (${resource.type}) would be ${resource.change === 'removed' ? 'deleted' : resource.change}: ${resource.stateful}`,
      })),
  );
  const blockers = [...resourceBlockers, ...cluster.blockers].sort((a, b) => a.id.localeCompare(b.id));
  return { env, stacks, cluster, blockers };
}

function reviewStack(stack: string, base: Template, head: Template): StackReview {
  const diff = fullDiff(base, head);
  const resources: ResourceChange[] = [];
  diff.resources.forEachDifference((logicalId, change) => {
    const type = change.newResourceType ?? change.oldResourceType ?? 'unknown';
    const before = base.Resources?.[logicalId] as Record<string, any> | undefined;
    const after = head.Resources?.[logicalId] as Record<string, any> | undefined;
    let kind: ResourceChangeKind;
    if (change.isAddition) kind = 'added';
    else if (change.isRemoval)
      kind = before?.DeletionPolicy === 'Retain' ? (KUBECTL_RESOURCES.has(type) ? 'left in the cluster' : 'left in AWS') : 'removed';
    else if (change.changeImpact === 'WILL_REPLACE') kind = 'replaced';
    else if (change.changeImpact === 'MAY_REPLACE') kind = 'may be replaced';
    else kind = 'modified';
    const properties =
      change.isAddition || change.isRemoval
        ? []
        : propertyChanges(resolveForDisplay(shown(before, type)), resolveForDisplay(shown(after, type)));
    const objectsChange =
      KUBECTL_RESOURCES.has(type) &&
      canonicalJson([before?.Properties?.Manifest, before?.Properties?.Values]) !==
        canonicalJson([after?.Properties?.Manifest, after?.Properties?.Values]);
    if (!change.isAddition && !change.isRemoval && properties.length === 0 && !objectsChange) return;
    const retainedBecause = before?.Metadata?.[RETAINED_BECAUSE] as string | undefined;
    resources.push({
      stack,
      logicalId,
      type,
      change: kind,
      stateful: statefulResource(type, logicalId),
      retainedBecause,
      consequence: consequenceOf(kind, type, before),
      properties,
    });
  });
  return {
    stack,
    resources,
    iam: iamChanges(base, head),
    securityGroups: diff.securityGroupChanges.hasChanges ? diff.securityGroupChanges.summarize() : [],
  };
}

/** What of a resource the property diff shows: manifests and values are diffed object by object elsewhere. */
function shown(resource: Record<string, any> | undefined, type: string): Record<string, unknown> {
  if (!resource) return {};
  const { Properties = {}, Metadata, ...attributes } = resource;
  void Metadata;
  const properties = KUBECTL_RESOURCES.has(type)
    ? { ...Properties, Manifest: undefined, Values: undefined, PruneLabel: undefined }
    : Properties;
  return { ...attributes, Properties: properties };
}

/** What a removal or replacement does in the cluster or the account, in a reviewer's words. */
function consequenceOf(kind: ResourceChangeKind, type: string, before: Record<string, any> | undefined): string | undefined {
  if (kind === 'left in the cluster') return 'CloudFormation forgets it; what it applied stays in the cluster';
  if (kind === 'left in AWS') return 'CloudFormation forgets it (DeletionPolicy Retain); it stays in the account';
  if (kind !== 'removed' && kind !== 'replaced') return undefined;
  switch (type) {
    case 'Custom::AWSCDK-EKS-KubernetesResource':
      return kind === 'removed' ? 'kubectl delete of every object it applied' : 'its objects are applied again, then the old ones deleted';
    case 'Custom::AWSCDK-EKS-HelmChart':
      return 'helm uninstall: every object of the release is deleted';
    case 'AWS::EKS::Addon':
      return before?.Properties?.PreserveOnDelete
        ? 'EKS stops managing it; its objects keep running'
        : "EKS deletes the add-on's objects from the cluster";
    case 'AWS::EKS::Capability':
      // RETAIN is the only delete propagation EKS offers; say it, or say what the other would do.
      return before?.Properties?.DeletePropagationPolicy === 'RETAIN'
        ? `EKS removes the ${before.Properties.Type} capability; the AWS resources it made stay in the account (DeletePropagationPolicy RETAIN), no longer reconciled`
        : `EKS removes the ${before?.Properties?.Type ?? ''} capability and what its delete propagation policy takes with it`;
    default:
      return kind === 'removed' ? 'deleted' : 'a new one is created, then the old one deleted';
  }
}

import type { Blocker } from './blockers';
import { immutableFieldChanges } from './immutable-fields';
import type { AppliedManifest, HelmRelease } from './kubernetes-objects';
import type { PropertyChange } from './property-changes';
import { propertyChanges } from './property-changes';
import { statefulChart, statefulObject } from './stateful';

/**
 * What happens to a Kubernetes object in the cluster. An object only dropped from the template
 * (a retained manifest removed, or a manifest that does not prune) stays in the cluster with its
 * data, unmanaged; one the handler deletes (`kubectl delete`, or pruning) is gone.
 */
export type ObjectFate = 'added' | 'changed' | 'deleted in the cluster' | 'left in the cluster' | 'moved to another manifest';

export interface ObjectChange {
  readonly key: string;
  readonly fate: ObjectFate;
  /** Which manifest (logical ID) applied it, and what happens to that manifest. */
  readonly how: string;
  readonly properties: readonly PropertyChange[];
  /** Why losing it loses data, for stateful objects. */
  readonly stateful?: string;
}

export interface ReleaseChange {
  readonly key: string;
  readonly fate: 'installed' | 'upgraded' | 'uninstalled' | 'left in the cluster';
  readonly chart: string;
  readonly version: { readonly before?: string; readonly after?: string };
  readonly values: readonly PropertyChange[];
}

export interface ClusterChanges {
  readonly objects: readonly ObjectChange[];
  readonly releases: readonly ReleaseChange[];
  readonly blockers: readonly Blocker[];
}

interface Placed {
  readonly manifest: AppliedManifest;
  readonly object: Record<string, any>;
}

const placed = (manifests: readonly AppliedManifest[]) =>
  new Map(manifests.flatMap((manifest) => [...manifest.objects].map(([key, object]) => [key, { manifest, object }] as const)));
const manifestId = (manifest: AppliedManifest) => `${manifest.stack}/${manifest.logicalId}`;
const objectId = (env: string, object: Record<string, any>) =>
  `${env}/${object.kind}/${object.metadata?.namespace ? `${object.metadata.namespace}/` : ''}${object.metadata?.name}`;

/** The Kubernetes objects and Helm releases that change between two sides, with their fate. */
export function clusterChanges(
  env: string,
  base: { manifests: readonly AppliedManifest[]; releases: readonly HelmRelease[] },
  head: { manifests: readonly AppliedManifest[]; releases: readonly HelmRelease[] },
): ClusterChanges {
  const [before, after] = [placed(base.manifests), placed(head.manifests)];
  const headManifests = new Set(head.manifests.map(manifestId));
  const objects: ObjectChange[] = [];
  const blockers: Blocker[] = [];

  for (const key of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const [old, now] = [before.get(key), after.get(key)];
    if (!old) {
      objects.push({ key, fate: 'added', how: `applied by ${now!.manifest.logicalId}`, properties: [] });
      continue;
    }
    const stateful = statefulObject(old.object);
    if (!now) {
      const fate = removedFate(old, headManifests.has(manifestId(old.manifest)));
      objects.push({ key, fate: fate.fate, how: fate.how, properties: [], stateful });
      if (stateful && fate.fate === 'deleted in the cluster')
        blockers.push({
          id: objectId(env, old.object),
          kind: 'loses data',
          what: `${key} would be deleted in the cluster (${fate.how}): ${stateful}`,
        });
      // A retained manifest that leaves the template is one blocker for all its objects (below).
      else if (stateful && headManifests.has(manifestId(old.manifest)))
        blockers.push({
          id: objectId(env, old.object),
          kind: 'left in the cluster',
          what: `${key} is ${fate.how}: it stays in the cluster with its data, and nothing manages it any more`,
        });
      continue;
    }
    const properties = propertyChanges(old.object, now.object);
    const moved = manifestId(old.manifest) !== manifestId(now.manifest);
    if (properties.length === 0 && !moved) continue;
    if (moved) {
      // CloudFormation applies the new manifest before it deletes the old one, whose delete then
      // runs `kubectl delete` on the object the new manifest just applied.
      const oldDeleted = !headManifests.has(manifestId(old.manifest)) && !old.manifest.retained;
      objects.push({
        key,
        fate: oldDeleted ? 'deleted in the cluster' : 'moved to another manifest',
        how: oldDeleted
          ? `moved from ${old.manifest.logicalId} to ${now.manifest.logicalId}; deleting ${old.manifest.logicalId} afterwards runs kubectl delete on it`
          : `moved from ${old.manifest.logicalId} to ${now.manifest.logicalId}`,
        properties,
        stateful,
      });
      if (oldDeleted && stateful)
        blockers.push({
          id: objectId(env, old.object),
          kind: 'loses data',
          what: `${key} would be deleted in the cluster after its move to ${now.manifest.logicalId} (${old.manifest.logicalId} is deleted, not retained): ${stateful}; retain ${old.manifest.logicalId} first`,
        });
    } else objects.push({ key, fate: 'changed', how: `applied by ${now.manifest.logicalId}`, properties, stateful });
    const immutable = immutableFieldChanges(old.object, now.object);
    if (immutable)
      blockers.push({
        id: objectId(env, old.object),
        kind: 'cannot be applied',
        what: `${key}: Kubernetes refuses to change ${immutable.fields.join(', ')} of an existing ${old.object.kind}, so the deployment would fail`,
        wayOut: immutable.wayOut,
      });
  }

  for (const manifest of base.manifests) {
    if (!manifest.retained || headManifests.has(manifestId(manifest))) continue;
    // Objects another manifest now applies stay managed (moved, e.g. a construct renamed).
    const orphaned = [...manifest.objects.keys()].filter((key) => !after.has(key));
    if (orphaned.length > 0)
      blockers.push({
        id: `${env}/${manifestId(manifest)}`,
        kind: 'left in the cluster',
        what: `${manifest.logicalId} (${manifest.retainedBecause ?? 'retained'}) leaves the template: its ${orphaned.length} object(s) are left in the cluster with their data, and CloudFormation no longer manages them (${orphaned.join(', ')})`,
      });
  }

  const releases = releaseChanges(base.releases, head.releases);
  for (const release of releases) {
    const old = base.releases.find((candidate) => candidate.key === release.key)!;
    if (release.fate === 'left in the cluster')
      blockers.push({
        id: `${env}/${old.stack}/${old.logicalId}`,
        kind: 'left in the cluster',
        what: `Helm release ${release.key} (${old.retainedBecause ?? 'retained'}) leaves the template: it stays installed, and CloudFormation no longer manages it`,
      });
    const stateful = statefulChart(old?.chart ?? '');
    if (release.fate === 'uninstalled' && stateful)
      blockers.push({
        id: `${env}/${old.stack}/${old.logicalId}`,
        kind: 'loses data',
        what: `Helm release ${release.key} (${old.chart}) would be uninstalled: ${stateful}`,
      });
  }
  return { objects, releases, blockers };
}

function removedFate(old: Placed, manifestStays: boolean): { fate: ObjectFate; how: string } {
  const name = old.manifest.logicalId;
  if (manifestStays)
    return old.manifest.prune
      ? { fate: 'deleted in the cluster', how: `pruned from ${name}` }
      : { fate: 'left in the cluster', how: `dropped from ${name}, which does not prune` };
  return old.manifest.retained
    ? { fate: 'left in the cluster', how: `${name} leaves the template, retained` }
    : { fate: 'deleted in the cluster', how: `${name} leaves the template: kubectl delete` };
}

function releaseChanges(base: readonly HelmRelease[], head: readonly HelmRelease[]): ReleaseChange[] {
  const keys = [...new Set([...base, ...head].map((release) => release.key))].sort();
  return keys.flatMap((key): ReleaseChange[] => {
    const [old, now] = [base.find((release) => release.key === key), head.find((release) => release.key === key)];
    if (!old) return [{ key, fate: 'installed', chart: now!.chart, version: { after: now!.version }, values: [] }];
    if (!now)
      return [
        { key, fate: old.retained ? 'left in the cluster' : 'uninstalled', chart: old.chart, version: { before: old.version }, values: [] },
      ];
    const values = propertyChanges(old.values, now.values);
    if (values.length === 0 && old.version === now.version && old.chart === now.chart) return [];
    return [{ key, fate: 'upgraded', chart: now.chart, version: { before: old.version, after: now.version }, values }];
  });
}

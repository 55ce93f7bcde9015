import type { Finding } from './finding';
import type { SourcedObject } from './removed-apis';
import { objectName } from './removed-apis';

const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'ReplicaSet'];

interface PdbSpec {
  readonly minAvailable?: number | string;
  readonly maxUnavailable?: number | string;
  readonly selector?: { readonly matchLabels?: Record<string, string> };
}

const get = (object: Record<string, unknown>, path: string[]): unknown =>
  path.reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], object);

/** Workloads in the PDB's namespace whose pod labels its selector matches. */
function coveredWorkloads(pdb: SourcedObject, objects: readonly SourcedObject[]): SourcedObject[] {
  const matchLabels = (get(pdb.object, ['spec', 'selector', 'matchLabels']) ?? {}) as Record<string, string>;
  if (Object.keys(matchLabels).length === 0) return [];
  return objects.filter(({ object }) => {
    if (!WORKLOAD_KINDS.includes(object.kind) || object.metadata?.namespace !== pdb.object.metadata?.namespace) return false;
    const labels = (get(object, ['spec', 'template', 'metadata', 'labels']) ?? {}) as Record<string, string>;
    return Object.entries(matchLabels).every(([key, value]) => labels[key] === value);
  });
}

/** Why this budget lets no pod be evicted, or undefined when it lets at least one go. */
function blockingReason(spec: PdbSpec, replicas: number | undefined): string | undefined {
  const { minAvailable, maxUnavailable } = spec;
  if (maxUnavailable === 0 || maxUnavailable === '0' || maxUnavailable === '0%')
    return `maxUnavailable is ${JSON.stringify(maxUnavailable)}`;
  if (minAvailable === '100%') return 'minAvailable is "100%"';
  if (typeof minAvailable === 'number' && replicas !== undefined && minAvailable >= replicas)
    return `minAvailable ${minAvailable} with ${replicas} replica${replicas === 1 ? '' : 's'}`;
  return undefined;
}

/**
 * PodDisruptionBudgets that no eviction can ever satisfy: a node drain (managed node group
 * update, Karpenter drift) waits on them forever, and the managed node group update fails after
 * its timeout. Named so that the owner can fix the budget or the replica count.
 */
export function drainBlockingPdbFindings(objects: readonly SourcedObject[]): Finding[] {
  const findings: Finding[] = [];
  for (const pdb of objects.filter(({ object }) => object.kind === 'PodDisruptionBudget')) {
    const spec = (pdb.object.spec ?? {}) as PdbSpec;
    const workloads = coveredWorkloads(pdb, objects);
    const replicaCounts = workloads.map(({ object }) => (get(object, ['spec', 'replicas']) as number | undefined) ?? 1);
    const replicas = replicaCounts.length > 0 ? replicaCounts.reduce((sum, count) => sum + count, 0) : undefined;
    const reason = blockingReason(spec, replicas);
    if (!reason) continue;
    findings.push({
      severity: 'fail',
      check: 'drain-blocking-pdb',
      subject: `${objectName(pdb)} (${pdb.source})`,
      message: `${reason}: no pod it covers can be evicted, so node drains wait forever; allow at least one disruption`,
    });
  }
  return findings;
}

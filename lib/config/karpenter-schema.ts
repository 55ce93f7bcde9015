import { z } from 'zod';
import { karpenterLabelProblem, labelKey, labelValue, qualifiedNameProblem } from './kubernetes-labels';

/**
 * The `karpenter` section: the node class every pool shares and the NodePools themselves. Most
 * capacity comes from here; the managed node group only runs the platform's controllers.
 */

/** Instance categories (`karpenter.k8s.aws/instance-category`) the platform accepts. */
export const INSTANCE_CATEGORIES = ['c', 'm', 'r', 't', 'i', 'd', 'x', 'z', 'g', 'p', 'inf', 'trn'] as const;

/** Categories with Graviton (arm64) instance types; the others are x86 only. */
export const ARM64_INSTANCE_CATEGORIES: readonly string[] = ['c', 'm', 'r', 't', 'i', 'x', 'g'];

export const KARPENTER_AMI_FAMILIES = ['AL2023', 'BOTTLEROCKET'] as const;

const duration = (what: string) =>
  z.string().regex(/^(\d+(s|m|h))+$|^Never$/, `must be a duration such as 30s, 10m or 720h, or Never, for ${what}`);

const dnsLabel = z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'must be lowercase letters, digits and hyphens');

const poolSchema = z.strictObject({
  name: dnsLabel,
  /** `spot`, `on-demand`, and `reserved` (needs karpenter.capacityReservationIds). */
  capacityTypes: z.array(z.enum(['spot', 'on-demand', 'reserved'])).min(1, 'a pool needs at least one capacity type'),
  /** Images must be built for every architecture listed. */
  architectures: z
    .array(z.enum(['amd64', 'arm64']))
    .min(1, 'a pool needs at least one architecture')
    .default(['amd64']),
  instanceCategories: z
    .array(
      z.string().refine((category) => (INSTANCE_CATEGORIES as readonly string[]).includes(category), {
        message: `is not a known instance category; known: ${INSTANCE_CATEGORIES.join(', ')}`,
      }),
    )
    .min(1, 'a pool needs at least one instance category')
    .default(['c', 'm', 'r']),
  /** Oldest instance generation allowed (6 means m6i, c6g, ... and newer). */
  minInstanceGeneration: z.number().int().min(1).max(10).default(6),
  /** Smallest node, in vCPUs: also bounds how many nodes the CPU limit allows. */
  minInstanceCpu: z.number().int().min(1).max(192).default(2),
  maxInstanceCpu: z.number().int().min(1).max(448).optional(),
  /** A spend cap: Karpenter launches nothing more once the pool's nodes add up to these. */
  limits: z.strictObject({
    cpu: z.number().int().min(1, 'must be greater than zero: a pool with no CPU limit can launch nothing'),
    memoryGiB: z.number().int().min(1, 'must be greater than zero: a pool with no memory limit can launch nothing'),
  }),
  consolidationPolicy: z.enum(['WhenEmpty', 'WhenEmptyOrUnderutilized']).default('WhenEmptyOrUnderutilized'),
  consolidateAfter: duration('consolidateAfter').default('1m'),
  /** Nodes are replaced after this long, so they pick up new AMIs and do not drift. */
  expireAfter: duration('expireAfter').default('720h'),
  /** How many nodes may be disrupted at once (a count or a percentage), optionally on a schedule. */
  disruptionBudgets: z
    .array(
      z.strictObject({
        nodes: z.string().regex(/^(\d{1,2}|100)%$|^\d+$/, 'must be a node count such as 2 or a percentage such as 10%'),
        schedule: z
          .string()
          .regex(
            /^@(annually|yearly|monthly|weekly|daily|midnight|hourly)$|^\S+\s\S+\s\S+\s\S+\s\S+$/,
            'must be a cron expression such as "0 9 * * mon-fri", or @daily',
          )
          .optional(),
        /** Hours and minutes only, as Karpenter's CRD requires (`10h`, `1h30m`). */
        duration: z
          .string()
          .regex(/^(\d+h\d+m|\d+h|\d+m)$/, 'must be hours and/or minutes such as 10h, 90m or 1h30m')
          .optional(),
        reasons: z.array(z.enum(['Underutilized', 'Empty', 'Drifted'])).optional(),
      }),
    )
    .default([{ nodes: '10%' }]),
  /** Higher weight pools are tried first (1-100). */
  weight: z.number().int().min(1).max(100).optional(),
  /** Keep workloads off this pool unless they tolerate these. */
  taints: z
    .array(
      z.strictObject({
        key: labelKey,
        value: labelValue.optional(),
        effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']),
      }),
    )
    .default([]),
  /** Labels of the pool's nodes; Karpenter refuses its own and Kubernetes' domains (kubernetes-labels.ts). */
  labels: z
    .record(z.string(), labelValue)
    .superRefine((labels, ctx) => {
      // The NodePool CRD's spec.template.metadata.labels maxProperties.
      if (Object.keys(labels).length > 100) ctx.addIssue({ code: 'custom', message: 'has more than the 100 labels a NodePool accepts' });
      for (const key of Object.keys(labels)) {
        const problem = qualifiedNameProblem(key) ?? karpenterLabelProblem(key);
        if (problem) ctx.addIssue({ code: 'custom', path: [key], message: problem });
      }
    })
    .default({}),
});

export const karpenterSchema = z.strictObject({
  /** The AMI family of every Karpenter node; the release is pinned in the version matrix. */
  amiFamily: z.enum(KARPENTER_AMI_FAMILIES).default('AL2023'),
  /** Size of each node's data volume (encrypted gp3). */
  diskSizeGiB: z.number().int().min(20).max(16384).default(50),
  /** On-demand capacity reservations that `reserved` pools may use. */
  capacityReservationIds: z
    .array(z.string().regex(/^cr-[0-9a-f]{8,17}$/, 'must be a capacity reservation ID such as cr-0123456789abcdef0'))
    .default([]),
  /** By default one general-purpose pool, spot first, capped at 32 vCPUs. */
  pools: z
    .array(poolSchema)
    .min(1, 'name at least one pool')
    .default([
      {
        name: 'general-purpose',
        capacityTypes: ['spot', 'on-demand'],
        architectures: ['amd64'],
        instanceCategories: ['c', 'm', 'r'],
        minInstanceGeneration: 6,
        minInstanceCpu: 2,
        limits: { cpu: 32, memoryGiB: 128 },
        consolidationPolicy: 'WhenEmptyOrUnderutilized',
        consolidateAfter: '1m',
        expireAfter: '720h',
        disruptionBudgets: [{ nodes: '10%' }],
        taints: [],
        labels: {},
      },
    ]),
});

export type KarpenterConfig = z.output<typeof karpenterSchema>;
export type NodePoolConfig = KarpenterConfig['pools'][number];

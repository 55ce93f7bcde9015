import { z } from 'zod';

/**
 * The `keda` section: KEDA (event-driven and cron autoscaling of workloads) on the system nodes,
 * and the bounds team ScaledObjects and ScaledJobs must keep to.
 */
export const kedaSchema = z.strictObject({
  /** On by default: every environment gets event-driven autoscaling. */
  enabled: z.boolean().default(true),
  /** Replicas of each KEDA component (operator, metrics API server, webhooks); 2 or more keeps one through a node drain. */
  replicas: z.number().int().min(1).max(5).default(2),
  /** What team ScaledObjects may ask for: an admission policy refuses replica counts outside these bounds. */
  teamReplicaBounds: z
    .strictObject({
      minReplicaCount: z.number().int().min(0).default(0),
      maxReplicaCount: z.number().int().min(1).default(50),
    })
    .prefault({}),
});

export type KedaConfig = z.output<typeof kedaSchema>;

type Problem = (path: (string | number)[], message: string) => void;

/** Bounds in order. */
export function checkKeda(keda: KedaConfig, problem: Problem): void {
  const { minReplicaCount, maxReplicaCount } = keda.teamReplicaBounds;
  if (minReplicaCount > maxReplicaCount)
    problem(
      ['keda', 'teamReplicaBounds', 'minReplicaCount'],
      `${minReplicaCount} is greater than maxReplicaCount ${maxReplicaCount}; the minimum must not exceed the maximum`,
    );
}

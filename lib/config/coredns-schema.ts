import { z } from 'zod';

/**
 * The `coreDns` section: EKS scales CoreDNS with the cluster (its add-on autoscaler follows
 * nodes and cores) between these bounds. The minimum keeps DNS up through a node drain.
 */
export const coreDnsSchema = z.strictObject({
  autoScaling: z
    .strictObject({
      minReplicas: z.number().int().min(2, 'keep at least 2 so DNS survives a node drain').default(2),
      maxReplicas: z.number().int().min(2).max(1000).default(10),
    })
    .prefault({}),
});

export type CoreDnsConfig = z.output<typeof coreDnsSchema>;

type Problem = (path: (string | number)[], message: string) => void;

export function checkCoreDns(coreDns: CoreDnsConfig, problem: Problem): void {
  const { minReplicas, maxReplicas } = coreDns.autoScaling;
  if (minReplicas > maxReplicas)
    problem(
      ['coreDns', 'autoScaling', 'minReplicas'],
      `${minReplicas} is greater than maxReplicas ${maxReplicas}; the minimum must not exceed the maximum`,
    );
}

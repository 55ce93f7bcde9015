import type { ParsedEnvironment } from './schema';
import { ARM64_INSTANCE_CATEGORIES } from './karpenter-schema';

type Problem = (path: (string | number)[], message: string) => void;

/** The most nodes a pool's CPU limit allows: its limit divided by its smallest node. */
export function maxNodesOfPool(pool: { limits: { cpu: number }; minInstanceCpu: number }): number {
  return Math.ceil(pool.limits.cpu / pool.minInstanceCpu);
}

/** The most nodes all pools together may launch. */
export function karpenterMaxNodes(pools: readonly { limits: { cpu: number }; minInstanceCpu: number }[]): number {
  return pools.reduce((total, pool) => total + maxNodesOfPool(pool), 0);
}

/**
 * Pools must be able to launch something: capacity types and architectures they can be served,
 * unique names, sane size bounds; and the subnet plan must count every node they may launch.
 */
export function checkKarpenter(env: ParsedEnvironment, problem: Problem): void {
  const { karpenter } = env;
  const seen = new Set<string>();
  karpenter.pools.forEach((pool, index) => {
    const at = (...path: (string | number)[]) => ['karpenter', 'pools', index, ...path];
    if (seen.has(pool.name)) problem(at('name'), `two pools are called "${pool.name}"`);
    seen.add(pool.name);
    if (pool.capacityTypes.includes('reserved') && karpenter.capacityReservationIds.length === 0)
      problem(at('capacityTypes'), '"reserved" needs capacity reservations: list them in karpenter.capacityReservationIds');
    if (pool.architectures.includes('arm64') && !pool.instanceCategories.some((category) => ARM64_INSTANCE_CATEGORIES.includes(category)))
      problem(
        at('architectures'),
        `arm64 needs an instance category with Graviton types (${ARM64_INSTANCE_CATEGORIES.join(', ')}); ${pool.instanceCategories.join(', ')} have none`,
      );
    if (pool.maxInstanceCpu !== undefined && pool.maxInstanceCpu < pool.minInstanceCpu)
      problem(at('maxInstanceCpu'), `${pool.maxInstanceCpu} is less than minInstanceCpu ${pool.minInstanceCpu}`);
    if (pool.disruptionBudgets.some((budget) => (budget.schedule === undefined) !== (budget.duration === undefined)))
      problem(at('disruptionBudgets'), 'a budget with a schedule needs a duration, and one with a duration needs a schedule');
  });

  const karpenterNodes = karpenterMaxNodes(karpenter.pools);
  const planned = env.network.workloadNodes.maxNodes;
  if (planned !== undefined && karpenterNodes > planned)
    problem(
      ['network', 'workloadNodes', 'maxNodes'],
      `is ${planned}, but the Karpenter pools may launch up to ${karpenterNodes} nodes ` +
        '(each pool: CPU limit / minInstanceCpu); raise it so that the subnet capacity check counts them, or lower the pool limits',
    );
}

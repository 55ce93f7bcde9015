import type { ParsedEnvironment } from './schema';

type Problem = (path: (string | number)[], message: string) => void;

/**
 * An environment marked `production: true` refuses what would be an accident there: losing the
 * cluster or its stacks to a delete, and a Kubernetes API endpoint open to the whole internet
 * (EKS best practices: https://docs.aws.amazon.com/eks/latest/best-practices/control-plane.html,
 * https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html).
 */
export function checkProductionRules(env: ParsedEnvironment, problem: Problem): void {
  if (!env.production) return;
  if (!env.deletionProtection)
    problem(['deletionProtection'], 'is false, but this environment is marked production: keep deletionProtection: true');
  if (!env.terminationProtection)
    problem(['terminationProtection'], 'is false, but this environment is marked production: keep terminationProtection: true');
  const access = env.cluster.endpointAccess;
  if (access.mode !== 'private')
    access.publicCidrs.forEach((cidr, index) => {
      if (cidr.endsWith('/0'))
        problem(
          ['cluster', 'endpointAccess', 'publicCidrs', index],
          `"${cidr}" opens the Kubernetes API to the whole internet in a production environment; name your VPN or office ranges, or use mode: 'private'`,
        );
    });
}

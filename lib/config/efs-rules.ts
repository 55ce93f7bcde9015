import type { ParsedEnvironment } from './schema';
import { SYSTEM_ID_RANGE_END } from './efs-schema';

type Problem = (path: (string | number)[], message: string) => void;

/** Throughput settings that agree, a UID/GID range that holds someone and no system account, a key EFS can use. */
export function checkEfs(env: ParsedEnvironment, problem: Problem): void {
  const { efs } = env;
  if (!efs.enabled) return;
  const at = (...path: string[]) => ['efs', ...path];

  if (efs.throughputMode === 'provisioned' && efs.provisionedThroughputMibps === undefined)
    problem(at('provisionedThroughputMibps'), 'is required with throughputMode "provisioned": say how many MiB/s to provision');
  if (efs.throughputMode !== 'provisioned' && efs.provisionedThroughputMibps !== undefined)
    problem(
      at('provisionedThroughputMibps'),
      `${efs.provisionedThroughputMibps} is set but throughputMode is "${efs.throughputMode}"; set throughputMode: "provisioned" or remove it`,
    );
  if (efs.throughputMode === 'elastic' && efs.performanceMode === 'maxIO')
    problem(
      at('performanceMode'),
      '"maxIO" cannot be used with throughputMode "elastic" (EFS offers elastic throughput on generalPurpose only); use generalPurpose, or bursting/provisioned throughput',
    );

  const { gidRangeStart, gidRangeEnd } = efs.storageClass;
  if (gidRangeStart > gidRangeEnd)
    problem(
      at('storageClass', 'gidRangeEnd'),
      `${gidRangeEnd} is below gidRangeStart ${gidRangeStart}: the range is empty; make gidRangeEnd at least gidRangeStart`,
    );
  if (gidRangeStart <= SYSTEM_ID_RANGE_END)
    problem(
      at('storageClass', 'gidRangeStart'),
      `${gidRangeStart} overlaps the system range 0-${SYSTEM_ID_RANGE_END} (node and container system accounts); start at ${SYSTEM_ID_RANGE_END + 1} or above`,
    );

  if (efs.kmsKeyArn) {
    const [, , , region, account] = efs.kmsKeyArn.split(':');
    if (region !== env.region)
      problem(at('kmsKeyArn'), `"${efs.kmsKeyArn}" is in ${region}, but EFS in ${env.region} can only use a key of ${env.region}`);
    if (account !== env.account)
      problem(
        at('kmsKeyArn'),
        `"${efs.kmsKeyArn}" belongs to account ${account}, not this environment's ${env.account}; use a key of ${env.account}`,
      );
  }
}

import { fillReceiverCommand, GRAFANA_ADMIN_SECRET_PATH, platformSecretName, receiverSecretPath } from '../platform-secrets';
import { parseQuantity } from '../quantity';
import type { ParsedEnvironment } from './schema';

type Problem = (path: (string | number)[], message: string) => void;

const DURATION_UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31536000 };

/** Seconds in a Prometheus duration (`15d`), or undefined when it is not one. */
export function durationSeconds(duration: string): number | undefined {
  const match = /^(\d+)(ms|s|m|h|d|w|y)$/.exec(duration);
  return match ? Number(match[1]) * DURATION_UNIT_SECONDS[match[2]] : undefined;
}

/** What each receiver type must be told about its destination (URLs and keys are platform secrets, not config). */
const DESTINATION: Record<string, { fields: ('channel' | 'to' | 'from' | 'smarthost')[]; say: string }> = {
  slack: { fields: ['channel'], say: 'a channel' },
  webhook: { fields: [], say: '' },
  pagerduty: { fields: [], say: '' },
  email: { fields: ['to', 'from', 'smarthost'], say: 'to, from and smarthost' },
};

/** Retention that keeps something, storage that holds the retention, receivers that reach someone. */
export function checkMonitoring(env: ParsedEnvironment, problem: Problem): void {
  const { prometheus, alertmanager } = env.monitoring;
  if (durationSeconds(prometheus.retention) === 0)
    problem(['monitoring', 'prometheus', 'retention'], 'must be more than zero: Prometheus would keep nothing');
  if (prometheus.storageGiB < prometheus.retentionSizeGiB)
    problem(
      ['monitoring', 'prometheus', 'storageGiB'],
      `${prometheus.storageGiB} GiB is smaller than retentionSizeGiB ${prometheus.retentionSizeGiB}: the volume would fill before retention deletes anything`,
    );
  // The API server refuses a container whose request is above its limit.
  for (const [request, limit] of [
    ['requestsCpu', 'limitsCpu'],
    ['requestsMemory', 'limitsMemory'],
  ] as const) {
    const [requested, limited] = [parseQuantity(prometheus.resources[request]), parseQuantity(prometheus.resources[limit])];
    if (requested !== undefined && limited !== undefined && requested > limited)
      problem(
        ['monitoring', 'prometheus', 'resources', request],
        `${prometheus.resources[request]} is more than ${limit} ${prometheus.resources[limit]}; a request may not exceed its limit`,
      );
  }
  for (const interval of ['scrapeInterval', 'evaluationInterval'] as const)
    if (durationSeconds(prometheus[interval]) === 0) problem(['monitoring', 'prometheus', interval], 'must be more than zero');

  const names = new Set<string>();
  alertmanager.receivers.forEach((receiver, index) => {
    const at = ['monitoring', 'alertmanager', 'receivers', index];
    if (names.has(receiver.name)) problem([...at, 'name'], `two receivers are called "${receiver.name}"`);
    names.add(receiver.name);
    const destination = DESTINATION[receiver.type];
    const missing = destination.fields.filter(
      (field) => receiver[field] === undefined || (Array.isArray(receiver[field]) && receiver[field].length === 0),
    );
    if (missing.length > 0)
      problem(
        at,
        `receiver "${receiver.name}" has no destination: ${receiver.type === 'email' ? 'an' : 'a'} ${receiver.type} receiver needs ${destination.say}`,
      );
    for (const retired of ['urlSecret', 'routingKeySecret'] as const)
      if (receiver[retired] !== undefined)
        problem(
          [...at, retired],
          `is no longer set: the platform keeps this receiver's ${receiver.type === 'pagerduty' ? 'routing key' : 'URL'} in Secrets Manager ` +
            `as "${platformSecretName(env.name, receiverSecretPath(receiver.name))}"; remove the field and fill the secret with ` +
            `\`${fillReceiverCommand(env.name, env.region, receiver.name)}\``,
        );
  });
  if (env.monitoring.grafana.adminSecretName !== undefined)
    problem(
      ['monitoring', 'grafana', 'adminSecretName'],
      `is no longer set: the platform generates Grafana's admin login in Secrets Manager as ` +
        `"${platformSecretName(env.name, GRAFANA_ADMIN_SECRET_PATH)}"; remove the field`,
    );
}

import { CONTROL_PLANE_QUERIES, CONTROL_PLANE_QUERY_FOLDER } from './control-plane-queries';
import { PLATFORM_ALERT_GROUPS } from './platform-alerts';

/**
 * The README's runbook, generated from the alerts and saved queries so the two never disagree:
 * `npm run runbook` prints it, and tests check the README holds it.
 */
const unbrace = (text: string) => text.replace(/\{\{ \$labels\.(\w+) \}\}/g, '<$1>').replace(/\{\{ \$value \}\}/g, 'N');

export function alertRunbook(): string {
  return PLATFORM_ALERT_GROUPS.flatMap((group) => group.alerts)
    .map((alert) => `#### ${alert.alert}\n\n${alert.severity}: ${unbrace(alert.runbook)}\n\nFires when: ${unbrace(alert.summary)}\n`)
    .join('\n');
}

export function queryRunbook(): string {
  const rows = CONTROL_PLANE_QUERIES.map(
    (query) => `| \`${query.category}/${query.name}\` | \`${query.logType}\` | ${query.purpose.replace(/\|/g, '\\|')} |`,
  );
  return [
    '#### Saved control-plane queries',
    '',
    `CloudWatch Logs Insights > Queries > Saved queries, folder \`${CONTROL_PLANE_QUERY_FOLDER}/<cluster>\`: each runs on`,
    '`/aws/eks/<cluster>/cluster` and is saved only when its log type is in `cluster.controlPlaneLogTypes`.',
    '',
    '| Query | Log type | When to run it |',
    '| --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}

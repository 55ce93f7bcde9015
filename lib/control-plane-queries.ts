import type { ControlPlaneLogTypeName } from './config/schema';

/**
 * The saved CloudWatch Logs Insights queries over the EKS control-plane log group, as data: the
 * ControlPlaneQueries construct saves them, the README's runbook lists them (`npm run runbook`),
 * and a test checks each one reads only the log streams of the log type it needs.
 *
 * EKS writes every log type to `/aws/eks/<cluster>/cluster`, one stream per type and API server
 * instance; the stream name's prefix says the type. Audit events are JSON, so Logs Insights
 * discovers their fields (`user.username`, `verb`, `objectRef.resource`, `responseStatus.code`).
 */
export interface ControlPlaneQuery {
  /** Saved as `<folder>/<cluster>/<category>/<name>`, so the console groups them. */
  readonly category: 'audit' | 'authenticator' | 'api-server' | 'nodes';
  readonly name: string;
  /** The control-plane log type the query reads; it is saved only where that type is enabled. */
  readonly logType: ControlPlaneLogTypeName;
  /** When an operator runs it: the runbook line. */
  readonly purpose: string;
  readonly query: string;
}

/** The log-stream name prefix EKS gives each control-plane log type. */
export const LOG_STREAM_PREFIX: Readonly<Record<ControlPlaneLogTypeName, string>> = {
  api: 'kube-apiserver-',
  audit: 'kube-apiserver-audit-',
  authenticator: 'authenticator-',
  controllerManager: 'kube-controller-manager-',
  scheduler: 'kube-scheduler-',
};

/** The console's saved-query folder all of them live under. */
export const CONTROL_PLANE_QUERY_FOLDER = 'eks-control-plane';

// `kube-apiserver-` is also the start of the audit streams: API server queries exclude them.
const auditStreams = `filter @logStream like /^${LOG_STREAM_PREFIX.audit}/`;
const apiServerStreams = `filter @logStream like /^${LOG_STREAM_PREFIX.api}/ and @logStream not like /^${LOG_STREAM_PREFIX.audit}/`;
const WRITE_VERBS = '["create", "update", "patch", "delete", "deletecollection"]';

const lines = (...parts: string[]) => parts.join('\n| ');

export const CONTROL_PLANE_QUERIES: readonly ControlPlaneQuery[] = [
  {
    category: 'audit',
    name: 'changes-by-user-and-verb',
    logType: 'audit',
    purpose: 'Who changed the cluster: write requests counted by user, verb and resource.',
    query: lines(
      'fields user.username, verb, objectRef.resource',
      auditStreams,
      `filter verb in ${WRITE_VERBS}`,
      'stats count(*) as requests by user.username, verb, objectRef.resource',
      'sort requests desc',
      'limit 200',
    ),
  },
  {
    category: 'audit',
    name: 'recent-changes',
    logType: 'audit',
    purpose: 'What changed, newest first: each write with its user, object and result.',
    query: lines(
      'fields @timestamp, user.username, verb, objectRef.resource, objectRef.namespace, objectRef.name, responseStatus.code',
      auditStreams,
      `filter verb in ${WRITE_VERBS}`,
      'sort @timestamp desc',
      'limit 500',
    ),
  },
  {
    category: 'audit',
    name: 'requests-by-user-agent',
    logType: 'audit',
    purpose: 'Which clients load the API server: requests counted by user agent and user.',
    query: lines(
      'fields userAgent, user.username',
      auditStreams,
      'stats count(*) as requests by userAgent, user.username',
      'sort requests desc',
      'limit 100',
    ),
  },
  {
    category: 'audit',
    name: 'api-errors-by-user',
    logType: 'audit',
    purpose: 'Failing API calls: requests answered with 4xx or 5xx, by user, status and resource.',
    query: lines(
      'fields user.username, responseStatus.code, verb, objectRef.resource',
      auditStreams,
      'filter responseStatus.code >= 400',
      'stats count(*) as errors by user.username, responseStatus.code, verb, objectRef.resource',
      'sort errors desc',
      'limit 100',
    ),
  },
  {
    category: 'audit',
    name: 'forbidden-by-user',
    logType: 'audit',
    purpose: 'Authorization failures: 401 and 403 answers, by user and what they tried.',
    query: lines(
      'fields @timestamp, user.username, verb, objectRef.resource, objectRef.namespace, responseStatus.code',
      auditStreams,
      'filter responseStatus.code in [401, 403]',
      'stats count(*) as denied, latest(@timestamp) as last by user.username, verb, objectRef.resource, objectRef.namespace',
      'sort denied desc',
      'limit 100',
    ),
  },
  {
    category: 'audit',
    name: 'throttled-requests',
    logType: 'audit',
    purpose: 'Throttled API calls (429, API Priority and Fairness), by user and user agent.',
    query: lines(
      'fields user.username, userAgent, verb, objectRef.resource',
      auditStreams,
      'filter responseStatus.code = 429',
      'stats count(*) as throttled by user.username, userAgent, verb, objectRef.resource',
      'sort throttled desc',
      'limit 100',
    ),
  },
  {
    category: 'authenticator',
    name: 'access-denied',
    logType: 'authenticator',
    purpose: 'IAM authentication failures: principals EKS would not map to a Kubernetes identity.',
    query: lines(
      'fields @timestamp, @message',
      `filter @logStream like /^${LOG_STREAM_PREFIX.authenticator}/`,
      'filter @message like /access denied/',
      'parse @message \'arn="*"\' as arn',
      'stats count(*) as failures, latest(@timestamp) as last by arn',
      'sort failures desc',
    ),
  },
  {
    category: 'api-server',
    name: 'etcd-space-exceeded',
    logType: 'api',
    purpose: 'etcd is full (`mvcc: database space exceeded`): writes fail until objects are deleted.',
    query: lines(
      'fields @timestamp, @logStream, @message',
      apiServerStreams,
      'filter @message like /database space exceeded/',
      'sort @timestamp desc',
      'limit 100',
    ),
  },
  {
    category: 'api-server',
    name: 'webhook-failures',
    logType: 'api',
    purpose: 'Admission webhooks the API server could not call (timeouts, refused connections), by webhook.',
    query: lines(
      'fields @timestamp, @message',
      apiServerStreams,
      'filter @message like /failed calling webhook/',
      'parse @message \'failed calling webhook "*"\' as webhook',
      'stats count(*) as failures, latest(@timestamp) as last by webhook',
      'sort failures desc',
    ),
  },
  {
    category: 'nodes',
    name: 'not-ready',
    logType: 'controllerManager',
    purpose: 'Nodes that went NotReady, from the node lifecycle controller, newest first.',
    query: lines(
      'fields @timestamp, @message',
      `filter @logStream like /^${LOG_STREAM_PREFIX.controllerManager}/`,
      'filter @message like /NodeNotReady/',
      'parse @message \'object="*"\' as node',
      'sort @timestamp desc',
      'limit 200',
    ),
  },
];

/** The saved name of a query in one cluster: a folder path, so the console groups them. */
export function savedQueryName(clusterName: string, query: ControlPlaneQuery): string {
  return `${CONTROL_PLANE_QUERY_FOLDER}/${clusterName}/${query.category}/${query.name}`;
}

import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ControlPlaneQueries } from '../constructs/control-plane-queries';
import { parseEnvironment } from '../lib/config/parse';
import { CONTROL_PLANE_LOG_TYPES } from '../lib/config/schema';
import type { ControlPlaneLogTypeName } from '../lib/config/schema';
import { CONTROL_PLANE_QUERIES, LOG_STREAM_PREFIX, savedQueryName } from '../lib/control-plane-queries';
import { prodFixture } from './fixtures/environments';
import { resourcesOfType, synthEnvironment } from './helpers/synth';

const QUERY_TYPE = 'AWS::Logs::QueryDefinition';

function queriesFor(enabledLogTypes: readonly ControlPlaneLogTypeName[]) {
  // The bundled validator is off: test/cloudformation-validation.test.ts runs it on the whole app.
  const stack = new Stack(new App({ builtinCloudFormationValidation: false }), 'Test');
  const logGroup = new logs.LogGroup(stack, 'Logs', { logGroupName: '/aws/eks/test/cluster' });
  new ControlPlaneQueries(stack, 'Queries', { clusterName: 'test', logGroup, enabledLogTypes });
  return resourcesOfType(Template.fromStack(stack), QUERY_TYPE).map(([, props]) => props);
}

describe('saved control-plane queries', () => {
  test('the cluster stack saves every query on its control-plane log group, named in one folder per cluster', () => {
    const { cluster } = synthEnvironment(prodFixture);
    const clusterName = parseEnvironment(prodFixture).cluster.name;
    const [logGroupId] = Object.entries(cluster.findResources('AWS::Logs::LogGroup')).find(
      ([, group]) => group.Properties.LogGroupName === `/aws/eks/${clusterName}/cluster`,
    )!;
    const saved = resourcesOfType(cluster, QUERY_TYPE).map(([, props]) => props);
    expect(saved).toHaveLength(CONTROL_PLANE_QUERIES.length);
    for (const props of saved) {
      expect(props.LogGroupNames).toEqual([{ Ref: logGroupId }]);
      expect(props.Name).toMatch(new RegExp(`^eks-control-plane/${clusterName}/(audit|authenticator|api-server|nodes)/[a-z-]+$`));
    }
    expect(saved.map((props) => props.Name).sort()).toEqual(
      CONTROL_PLANE_QUERIES.map((query) => savedQueryName(clusterName, query)).sort(),
    );
  });

  test("cover the operator's incident questions and the notes' queries", () => {
    const names = CONTROL_PLANE_QUERIES.map((query) => `${query.category}/${query.name}`);
    expect(new Set(names).size).toBe(names.length);
    const text = (name: string) => CONTROL_PLANE_QUERIES.find((query) => `${query.category}/${query.name}` === name)!.query;
    expect(text('audit/changes-by-user-and-verb')).toContain('by user.username, verb, objectRef.resource');
    expect(text('audit/requests-by-user-agent')).toContain('by userAgent');
    expect(text('audit/api-errors-by-user')).toContain('responseStatus.code >= 400');
    expect(text('audit/forbidden-by-user')).toContain('responseStatus.code in [401, 403]');
    expect(text('audit/throttled-requests')).toContain('responseStatus.code = 429');
    expect(text('authenticator/access-denied')).toContain('/access denied/');
    expect(text('api-server/etcd-space-exceeded')).toContain('/database space exceeded/');
    expect(text('nodes/not-ready')).toContain('/NodeNotReady/');
  });

  test.each(CONTROL_PLANE_QUERIES.map((query) => [`${query.category}/${query.name}`, query] as const))(
    '%s reads only the log streams of its log type',
    (_, query) => {
      const streamFilters = query.query.split('\n| ').filter((line) => line.includes('@logStream like'));
      expect(streamFilters).toHaveLength(1);
      expect(streamFilters[0]).toContain(`@logStream like /^${LOG_STREAM_PREFIX[query.logType]}/`);
      // The API server's stream prefix also starts the audit streams: its queries exclude them.
      if (query.logType === 'api') expect(streamFilters[0]).toContain(`@logStream not like /^${LOG_STREAM_PREFIX.audit}/`);
      // Every query ends in a bounded, ordered result.
      expect(query.query).toMatch(/\| sort [@\w.]+ desc/);
    },
  );

  test('a query is saved only when EKS writes the log type it reads', () => {
    expect(queriesFor(CONTROL_PLANE_LOG_TYPES)).toHaveLength(CONTROL_PLANE_QUERIES.length);
    const withoutAudit = queriesFor(CONTROL_PLANE_LOG_TYPES.filter((type) => type !== 'audit'));
    expect(withoutAudit).toHaveLength(CONTROL_PLANE_QUERIES.filter((query) => query.logType !== 'audit').length);
    expect(withoutAudit.some((props) => props.Name.includes('/audit/'))).toBe(false);
    expect(queriesFor(['controllerManager']).map((props) => props.Name)).toEqual(['eks-control-plane/test/nodes/not-ready']);
    expect(queriesFor([])).toEqual([]);
  });

  test("the README's runbook lists every saved query with its log type", () => {
    const readme = readFileSync(join(__dirname, '../README.md'), 'utf8');
    // Prettier pads the table's cells, so rows are compared with their spacing collapsed.
    const rows = readme.split('\n').map((line) => line.replace(/ +\|/g, ' |'));
    for (const query of CONTROL_PLANE_QUERIES)
      expect(rows).toContain(`| \`${query.category}/${query.name}\` | \`${query.logType}\` | ${query.purpose} |`);
  });
});

import type { AccessGrant } from '../access-model';
import { principalName } from '../access-model';
import type { DashboardSpec, PanelSpec } from './grafana-dashboard';

/** A team as the access model knows it: a principal with edit rights in some namespaces. */
export interface CostTeam {
  readonly name: string;
  readonly namespaces: readonly string[];
}

/** Teams from the access grants: every role or user with namespace-level access, named after the principal. */
export function costTeamsOf(grants: readonly AccessGrant[]): CostTeam[] {
  return grants.flatMap((grant) =>
    typeof grant.level === 'object' ? [{ name: principalName(grant.principalArn), namespaces: [...grant.level.namespaces] }] : [],
  );
}

const GIB = 1073741824;
/** Hours Grafana's "per month" panels multiply by: 365 × 24 / 12. */
const HOURS_PER_MONTH = 730;

/**
 * What a set of namespaces costs per hour, by namespace, from OpenCost's metrics: each container's
 * allocated CPU (the larger of request and usage) and memory at its node's hourly CPU and RAM
 * prices, plus each claimed volume at its hourly price. `matcher` narrows the namespaces.
 */
export function namespaceHourlyCost(matcher: string): string {
  const containers = `container!="",container!="POD",${matcher}`;
  const cpu = `container_cpu_allocation{${containers}} * on (node) group_left () avg by (node) (node_cpu_hourly_cost)`;
  const memory = `container_memory_allocation_bytes{${containers}} / ${GIB} * on (node) group_left () avg by (node) (node_ram_hourly_cost)`;
  const storage = `pod_pvc_allocation{${matcher}} / ${GIB} * on (persistentvolume) group_left () avg by (persistentvolume) (pv_hourly_cost)`;
  // Each part labelled by resource, so that `or` keeps all three and the sum adds them: a plain
  // `+` would drop a namespace that has containers but no volumes.
  const part = (expr: string, resource: string) => `label_replace(sum by (namespace) (${expr}), "resource", "${resource}", "", "")`;
  return `sum by (namespace) (${part(cpu, 'cpu')} or ${part(memory, 'memory')} or ${part(storage, 'storage')})`;
}

const NAMESPACE_COST = namespaceHourlyCost('namespace=~"$namespace"');
const CLUSTER_NODE_COST = 'sum(node_total_hourly_cost)';
const SPOT = 'max by (node) (kubecost_node_is_spot)';

/** Namespace names are DNS labels (the access schema checks them), so they need no regex escaping. */
const namespaceMatcher = (namespaces: readonly string[]) => `namespace=~"${namespaces.join('|')}"`;

/** One series per team, labelled `team`: each team's namespaces' cost, summed. */
function teamHourlyCost(teams: readonly CostTeam[]): string {
  return `sum by (team) (${teams
    .map((team) => `label_replace(${namespaceHourlyCost(namespaceMatcher(team.namespaces))}, "team", "${team.name}", "", "")`)
    .join(' or ')})`;
}

const usd = (panel: Omit<PanelSpec, 'unit'>): PanelSpec => ({ ...panel, unit: 'currencyUSD' });

/**
 * Cost per namespace and per team, from OpenCost's Prometheus metrics (its cost model prices each
 * node from AWS list prices, Spot feed prices where configured, and EBS volumes from their list
 * prices). Teams are the principals of the access section with namespace-level access; a namespace
 * two teams edit counts for both.
 */
export function costDashboard(teams: readonly CostTeam[]): DashboardSpec {
  const teamNamespaces = [...new Set(teams.flatMap((team) => team.namespaces))];
  const teamRow =
    teams.length === 0
      ? []
      : [
          {
            title: 'Teams',
            panels: [
              usd({
                title: 'Cost per hour by team',
                description: 'Teams are the roles and users of the access section with namespace-level access.',
                type: 'timeseries',
                queries: [{ expr: teamHourlyCost(teams), legend: '{{team}}' }],
              }),
              usd({
                title: 'Cost of the last 30 days by team',
                type: 'bargauge',
                queries: [{ expr: `sum by (team) (sum_over_time((${teamHourlyCost(teams)})[30d:1h]))`, legend: '{{team}}', instant: true }],
              }),
              usd({
                title: 'Cost per hour outside team namespaces',
                description: 'The platform, kube-system and every namespace no team edits.',
                type: 'stat',
                width: 24,
                height: 4,
                queries: [{ expr: `sum(${namespaceHourlyCost(`namespace!~"${teamNamespaces.join('|')}"`)})`, instant: true }],
              }),
            ],
          },
        ];
  return {
    uid: 'platform-cost',
    title: 'Platform / Cost',
    description: 'What nodes cost, and what each namespace and team is allocated of it (OpenCost).',
    tags: ['cost', 'opencost'],
    variables: [{ name: 'namespace', label: 'Namespace', query: 'label_values(container_cpu_allocation, namespace)' }],
    rows: [
      {
        title: 'Cluster',
        panels: [
          usd({ title: 'Node cost per hour', type: 'stat', width: 6, queries: [{ expr: CLUSTER_NODE_COST, instant: true }] }),
          usd({
            title: `Node cost per month at this rate (${HOURS_PER_MONTH} h)`,
            type: 'stat',
            width: 6,
            queries: [{ expr: `${CLUSTER_NODE_COST} * ${HOURS_PER_MONTH}`, instant: true }],
          }),
          {
            title: 'Node cost allocated to workloads',
            description: 'CPU and memory that containers request or use, of what the nodes cost; the rest is idle capacity.',
            type: 'stat',
            width: 6,
            unit: 'percentunit',
            thresholds: [
              [0, 'red'],
              [0.4, 'orange'],
              [0.6, 'green'],
            ],
            queries: [
              {
                expr: `(sum(container_cpu_allocation{container!="",container!="POD"} * on (node) group_left () avg by (node) (node_cpu_hourly_cost)) + sum(container_memory_allocation_bytes{container!="",container!="POD"} / ${GIB} * on (node) group_left () avg by (node) (node_ram_hourly_cost))) / ${CLUSTER_NODE_COST}`,
                instant: true,
              },
            ],
          },
          usd({
            title: 'Volume cost per hour',
            type: 'stat',
            width: 6,
            queries: [
              {
                expr: 'sum(pv_hourly_cost * on (persistentvolume) group_left () max by (persistentvolume) (kube_persistentvolume_capacity_bytes) / 1073741824)',
                instant: true,
              },
            ],
          }),
          usd({
            title: 'Node cost per hour, Spot and On-Demand',
            type: 'timeseries',
            queries: [
              { expr: `sum(node_total_hourly_cost * on (node) group_left () ${SPOT})`, legend: 'Spot' },
              { expr: `sum(node_total_hourly_cost * on (node) group_left () (1 - ${SPOT}))`, legend: 'On-Demand' },
            ],
          }),
          usd({
            title: 'Node cost per hour by node',
            type: 'timeseries',
            queries: [{ expr: 'sum by (node) (node_total_hourly_cost)', legend: '{{node}}' }],
          }),
        ],
      },
      {
        title: 'Namespaces',
        panels: [
          usd({
            title: 'Cost per hour by namespace',
            description: 'Allocated CPU and memory at their nodes\u2019 prices, plus claimed volumes.',
            type: 'timeseries',
            queries: [{ expr: NAMESPACE_COST, legend: '{{namespace}}' }],
          }),
          usd({
            title: 'Cost of the last 30 days by namespace',
            type: 'bargauge',
            queries: [{ expr: `topk(15, sum_over_time((${NAMESPACE_COST})[30d:1h]))`, legend: '{{namespace}}', instant: true }],
          }),
        ],
      },
      ...teamRow,
    ],
  };
}

import { Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-34';
import type { Construct } from 'constructs';
import type { PlatformAckService } from '../lib/ack-services';
import { namespaceEditorsGroup } from '../lib/access-model';
import { IamRoleSelector } from './ack-iam-role-selector';
import { DbInstance } from './imports/rds.services.k8s.aws';
import { Bucket } from './imports/s3.services.k8s.aws';

export interface AckTeam {
  readonly namespace: string;
  /** The team's IAM role, the one ACK manages the namespace's resources with. */
  readonly roleArn: string;
}

export interface AckAccessChartProps {
  readonly teams: readonly AckTeam[];
  readonly services: readonly PlatformAckService[];
  /** Where team databases live (the private subnets): team pods may reach them on database ports. */
  readonly databaseSubnetCidrs: readonly string[];
}

/** The kinds a team may create per service, as `group` and plural resource names. */
const TEAM_KINDS: Record<PlatformAckService, { readonly group: string; readonly resources: readonly string[] }> = {
  s3: { group: groupOf(Bucket.GVK.apiVersion), resources: ['buckets'] },
  // Teams use the platform's DB subnet group by name; they create instances, not subnet groups.
  rds: { group: groupOf(DbInstance.GVK.apiVersion), resources: ['dbinstances'] },
};

/** PostgreSQL and MySQL/MariaDB, the engines' default ports. */
const DATABASE_PORTS = [5432, 3306];

function groupOf(apiVersion: string): string {
  return apiVersion.slice(0, apiVersion.indexOf('/'));
}

/**
 * What teams get from ACK: an IAMRoleSelector per team namespace, so the capability manages that
 * namespace's resources with the team's own IAM role; a Role per team namespace that lets the
 * namespace's editors create and read the enabled services' kinds there (and nowhere else); read
 * access for viewers; and, with RDS, egress from team pods to the private subnets on database ports.
 */
export class AckAccessChart extends Chart {
  constructor(scope: Construct, id: string, props: AckAccessChartProps) {
    super(scope, id);
    const rules = props.services.map((service) => ({
      apiGroups: [TEAM_KINDS[service].group],
      resources: [...TEAM_KINDS[service].resources],
    }));

    new k8s.KubeClusterRole(this, 'View', {
      metadata: { name: 'platform:ack-view', labels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' } },
      rules: rules.map((rule) => ({ ...rule, verbs: ['get', 'list', 'watch'] })),
    });

    for (const { namespace, roleArn } of props.teams) {
      new IamRoleSelector(this, `${namespace}-selector`, {
        metadata: { name: `${namespace}-team` },
        spec: { arn: roleArn, namespaceSelector: { names: [namespace] } },
      });
      new k8s.KubeRole(this, `${namespace}-editor`, {
        metadata: { name: 'platform:ack-editor', namespace },
        rules: rules.map((rule) => ({
          ...rule,
          verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'],
        })),
      });
      new k8s.KubeRoleBinding(this, `${namespace}-editors`, {
        metadata: { name: 'platform:ack-editors', namespace },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'platform:ack-editor' },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: namespaceEditorsGroup(namespace) }],
      });
      if (props.services.includes('rds'))
        new k8s.KubeNetworkPolicy(this, `${namespace}-databases`, {
          metadata: { name: 'allow-ack-databases', namespace },
          spec: {
            podSelector: {},
            policyTypes: ['Egress'],
            egress: [
              {
                to: props.databaseSubnetCidrs.map((cidr) => ({ ipBlock: { cidr } })),
                ports: DATABASE_PORTS.map((port) => ({ protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) })),
              },
            ],
          },
        });
    }
  }
}

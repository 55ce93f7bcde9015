import { Chart, Yaml } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import type { Construct } from 'constructs';
import type { AccessGrant } from '../lib/access-model';
import {
  editableNamespaces,
  kubernetesGroupsFor,
  namespaceEditorsGroup,
  principalName,
  VIEWERS_GROUP,
  withoutRolePath,
} from '../lib/access-model';

export interface AccessChartProps {
  readonly grants: readonly AccessGrant[];
  /** Roles of every node the platform launches (system node group, Karpenter nodes). */
  readonly nodeRoleArns: readonly string[];
}

/** The username and groups every node role is mapped to, as EKS itself writes them. */
const NODE_MAPPING = { username: 'system:node:{{EC2PrivateDNSName}}', groups: ['system:bootstrappers', 'system:nodes'] };

/**
 * The `aws-auth` ConfigMap (node roles and the access model) and the RBAC bindings that give
 * its groups meaning: `view` cluster-wide for viewers, `edit` per namespace for editors. Admins
 * are mapped to `system:masters` and need no binding.
 */
export class AccessChart extends Chart {
  constructor(scope: Construct, id: string, props: AccessChartProps) {
    super(scope, id);

    const roleGrants = props.grants.filter((grant) => grant.principalType === 'role');
    const userGrants = props.grants.filter((grant) => grant.principalType === 'user');
    const mapRoles = [
      ...props.nodeRoleArns.map((rolearn) => ({ rolearn, ...NODE_MAPPING })),
      ...roleGrants.map((grant) => ({
        rolearn: withoutRolePath(grant.principalArn),
        // The session name shows who assumed the role in the audit log.
        username: `${principalName(grant.principalArn)}:{{SessionName}}`,
        groups: kubernetesGroupsFor(grant.level),
      })),
    ];
    const mapUsers = userGrants.map((grant) => ({
      userarn: grant.principalArn,
      username: principalName(grant.principalArn),
      groups: kubernetesGroupsFor(grant.level),
    }));

    new kplus.ConfigMap(this, 'AwsAuth', {
      metadata: { name: 'aws-auth', namespace: 'kube-system' },
      data: { mapRoles: Yaml.stringify(mapRoles), mapUsers: Yaml.stringify(mapUsers) },
    });

    if (props.grants.some((grant) => grant.level === 'viewer')) {
      const viewers = new kplus.ClusterRoleBinding(this, 'Viewers', {
        metadata: { name: 'platform:viewers' },
        role: kplus.ClusterRole.fromClusterRoleName(this, 'ViewRole', 'view'),
      });
      viewers.addSubjects(kplus.Group.fromName(this, 'ViewersGroup', VIEWERS_GROUP));
    }

    for (const namespace of editableNamespaces(props.grants)) {
      const binding = new kplus.RoleBinding(this, `Editors-${namespace}`, {
        metadata: { name: 'platform:editors', namespace },
        role: kplus.ClusterRole.fromClusterRoleName(this, `EditRole-${namespace}`, 'edit'),
      });
      binding.addSubjects(kplus.Group.fromName(this, `EditorsGroup-${namespace}`, namespaceEditorsGroup(namespace)));
    }
  }
}

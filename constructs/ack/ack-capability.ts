import { Aws, CfnOutput } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eksv2 from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cdk8s from 'cdk8s';
import type { IDependable } from 'constructs';
import { Construct } from 'constructs';
import { AckAccessChart } from '../../charts/ack-access-chart';
import type { PlatformAckService } from '../../lib/ack-services';
import {
  ackCapabilityRoleName,
  ackDbSubnetGroupName,
  ackResourcePrefix,
  ackTeamRoleName,
  disabledAckServices,
} from '../../lib/ack-services';
import { acknowledgeNagFinding, wildcardResourceFinding } from '../nag';
import { AckDatabaseNetwork } from './database-network';
import { teamStatements } from './team-policy';

export interface AckCapabilityProps {
  readonly cluster: eksv2.ICluster;
  readonly clusterName: string;
  readonly region: string;
  readonly vpc: ec2.IVpc;
  /** The services teams may use; every other service the capability knows is disabled. */
  readonly services: readonly PlatformAckService[];
  /** The team namespaces that get a role, an IAMRoleSelector and ACK RBAC. */
  readonly teamNamespaces: readonly string[];
  /** CIDRs of the private subnets (known at synth), for the team network policies. */
  readonly privateSubnetCidrs: readonly string[];
  /** Security groups of the nodes team pods run on: they may reach team databases. */
  readonly nodeSecurityGroups: readonly { readonly id: string; readonly securityGroup: ec2.ISecurityGroup }[];
  readonly tags: Readonly<Record<string, string>>;
  /** The team namespaces (the selectors' and bindings' namespaces must exist). */
  readonly dependsOn: readonly IDependable[];
}

/** The only delete propagation EKS offers: deleting the capability leaves every AWS resource it made. */
const RETAIN = 'RETAIN';
const DATABASE_PORTS = [5432, 3306];

/**
 * AWS Controllers for Kubernetes as the EKS-managed capability (AWS::EKS::Capability, type ACK),
 * least-privileged: the capability role can do nothing but assume the team roles; each team
 * namespace has its own IAM role, reachable only from the capability role for that namespace's
 * requests, scoped to `<cluster>-<namespace>-*` resources of the enabled services; IAMRoleSelectors
 * map each namespace to its role. Only the configured services run, references stay within a
 * namespace, and deleting the capability deletes no AWS resource.
 */
export class AckCapability extends Construct {
  readonly capability: eksv2.CfnCapability;
  readonly capabilityRole: iam.Role;
  readonly teamRoles: ReadonlyMap<string, iam.Role>;
  readonly access: eksv2.KubernetesManifest;
  readonly databaseNetwork?: AckDatabaseNetwork;

  constructor(scope: Construct, id: string, props: AckCapabilityProps) {
    super(scope, id);
    const { clusterName, region } = props;

    this.capabilityRole = new iam.Role(this, 'CapabilityRole', {
      roleName: ackCapabilityRoleName(clusterName),
      description: `EKS ACK capability of ${clusterName}: may only assume the team ACK roles`,
      // The EKS capabilities service, for this account only (confused-deputy protection).
      assumedBy: new iam.ServicePrincipal('capabilities.eks.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }).withSessionTags(),
    });

    const dbSubnetGroupName = ackDbSubnetGroupName(clusterName);
    if (props.services.includes('rds'))
      this.databaseNetwork = new AckDatabaseNetwork(this, 'Databases', {
        vpc: props.vpc,
        subnetGroupName: dbSubnetGroupName,
        clientSecurityGroups: props.nodeSecurityGroups,
        ports: DATABASE_PORTS,
      });

    const teamRoles = new Map<string, iam.Role>();
    for (const namespace of props.teamNamespaces) {
      const resourcePrefix = ackResourcePrefix(clusterName, namespace);
      const role = new iam.Role(this, `Team-${namespace}`, {
        roleName: ackTeamRoleName(clusterName, namespace),
        description: `ACK resources of namespace ${namespace} in ${clusterName}: ${props.services.join(', ')} named ${resourcePrefix}*`,
        // Only the capability role, and only for requests from this namespace: the capability tags
        // every session with the namespace of the resource it manages.
        assumedBy: new iam.ArnPrincipal(this.capabilityRole.roleArn)
          .withConditions({ StringEquals: { 'aws:RequestTag/eks:kubernetes-namespace': namespace } })
          .withSessionTags(),
        inlinePolicies: {
          TeamResources: new iam.PolicyDocument({
            statements: teamStatements(props.services, { resourcePrefix, region, dbSubnetGroupName }),
          }),
        },
      });
      acknowledgeTeamRoleFindings(role, props.services, resourcePrefix, region);
      teamRoles.set(namespace, role);
    }
    this.teamRoles = teamRoles;

    this.capabilityRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'AssumeTeamRoles',
        actions: ['sts:AssumeRole', 'sts:TagSession'],
        resources: [...teamRoles.values()].map((role) => role.roleArn),
      }),
    );

    this.capability = new eksv2.CfnCapability(this, 'Capability', {
      capabilityName: 'ack',
      clusterName,
      type: 'ACK',
      roleArn: this.capabilityRole.roleArn,
      deletePropagationPolicy: RETAIN,
      configuration: {
        ack: { disabledServices: disabledAckServices(props.services), enableCrossNamespace: false },
      },
      tags: Object.entries(props.tags).map(([key, value]) => ({ key, value })),
    });
    // The capability must be able to assume its role (and the team roles) as soon as it exists.
    this.capability.node.addDependency(this.capabilityRole);
    // The cluster itself (its name is a plain string here), not its nodes or add-ons.
    this.capability.node.addDependency(props.cluster.node.defaultChild ?? props.cluster);

    this.access = new eksv2.KubernetesManifest(this, 'Access', {
      cluster: props.cluster,
      manifest: new AckAccessChart(new cdk8s.App(), 'ack-access', {
        services: props.services,
        teams: [...teamRoles].map(([namespace, role]) => ({ namespace, roleArn: role.roleArn })),
        databaseSubnetCidrs: props.services.includes('rds') ? props.privateSubnetCidrs : [],
      }).toJson(),
    });
    // The IAMRoleSelector kind comes with the capability; Roles, bindings and policies live in team namespaces.
    this.access.node.addDependency(this.capability, ...props.dependsOn);

    if (this.databaseNetwork) {
      new CfnOutput(this, 'DbSubnetGroupName', { value: dbSubnetGroupName, description: 'spec.dbSubnetGroupName of team DBInstances' });
      new CfnOutput(this, 'DbSecurityGroupId', {
        value: this.databaseNetwork.securityGroup.securityGroupId,
        description: 'spec.vpcSecurityGroupIDs of team DBInstances',
      });
    }
  }
}

/** The wildcards of a team role, each bounded by a prefix, a service or a condition a reviewer can check. */
function acknowledgeTeamRoleFindings(role: iam.Role, services: readonly PlatformAckService[], prefix: string, region: string): void {
  const account = '<AWS::AccountId>';
  const partition = '<AWS::Partition>';
  const because = (why: string) => `Team role of one namespace: ${why}`;
  if (services.includes('s3')) {
    acknowledgeNagFinding(role, wildcardResourceFinding(`arn:${partition}:s3:::${prefix}*`), because(`only buckets named ${prefix}*.`));
    for (const action of ['s3:GetBucket*', 's3:PutBucket*', 's3:Get*Configuration', 's3:Put*Configuration'])
      acknowledgeNagFinding(
        role,
        `AwsSolutions-IAM5[Action::${action}]`,
        because(`bucket settings, on ${prefix}* buckets only; no object access.`),
      );
  }
  if (services.includes('rds')) {
    const rds = (type: string, name: string) => `arn:${partition}:rds:${region}:${account}:${type}:${name}`;
    acknowledgeNagFinding(role, wildcardResourceFinding(rds('db', `${prefix}*`)), because(`only DB instances named ${prefix}*.`));
    acknowledgeNagFinding(role, wildcardResourceFinding(rds('snapshot', `${prefix}*`)), because(`only final snapshots named ${prefix}*.`));
    acknowledgeNagFinding(
      role,
      wildcardResourceFinding(rds('og', 'default:*')),
      because('the default option groups, which CreateDBInstance is authorized against when a team names none.'),
    );
    acknowledgeNagFinding(
      role,
      wildcardResourceFinding(rds('pg', 'default.*')),
      because('the default parameter groups, which CreateDBInstance is authorized against when a team names none.'),
    );
    acknowledgeNagFinding(
      role,
      wildcardResourceFinding(`arn:${partition}:secretsmanager:${region}:${account}:secret:rds!*`),
      because(
        "RDS creates the master password secret (rds!db-<id>) with the caller's permissions when manageMasterUserPassword is set; ACK has no Secrets Manager controller enabled for teams.",
      ),
    );
    acknowledgeNagFinding(
      role,
      wildcardResourceFinding(`arn:${partition}:kms:${region}:${account}:key/*`),
      because('keys used only through RDS and Secrets Manager (kms:ViaService), for encrypted storage and the managed master password.'),
    );
  }
  // One finding per construct: its reason names every unscopable read the enabled services need.
  const unscopable = [
    ...(services.includes('s3') ? ['s3:ListAllMyBuckets (bucket names only; ACK finds buckets with it)'] : []),
    ...(services.includes('rds') ? ['rds:DescribeDBEngineVersions (the public engine catalogue)'] : []),
  ];
  acknowledgeNagFinding(
    role,
    wildcardResourceFinding('*'),
    because(`${unscopable.join(' and ')}: no resource-level permissions exist; read-only.`),
  );
}

import { z } from 'zod';
import {
  ACK_CAPABILITY_SERVICES,
  ACK_RESOURCE_PREFIX_MAX,
  ackCapabilityRoleName,
  ackResourcePrefix,
  ackTeamRoleName,
  IAM_ROLE_NAME_MAX,
  isPlatformAckService,
  PLATFORM_ACK_SERVICES,
} from '../ack-services';
import type { ParsedEnvironment } from './schema';

/**
 * The `ack` section: AWS Controllers for Kubernetes as the EKS-managed capability, so that teams
 * create AWS resources (S3 buckets, RDS instances) as Kubernetes objects in their namespaces, each
 * team through an IAM role that reaches only its own resources.
 */
export const ackSchema = z.strictObject({
  /** Off by default: the capability is billed per hour, and teams must be told how to use it. */
  enabled: z.boolean().default(false),
  /**
   * The ACK services teams may use; every other service the capability knows is disabled. The
   * platform has scoped team roles for: s3, rds (rds also gets a DB subnet group over the VPC's
   * private subnets).
   */
  services: z.array(z.string()).min(1, 'name at least one service, or set enabled: false').default(['s3']),
  /** The team namespaces that get an ACK role; every team namespace (from `access`) when absent. */
  teamNamespaces: z.array(z.string()).min(1).optional(),
});

export type AckConfig = z.output<typeof ackSchema>;

type Problem = (path: (string | number)[], message: string) => void;

/** The namespaces `access` gives edit rights to: the team namespaces. */
function teamNamespacesOf(env: ParsedEnvironment): string[] {
  const principals = [...env.access.roles, ...env.access.users];
  return [...new Set(principals.flatMap((principal) => (typeof principal.access === 'object' ? principal.access.namespaces : [])))];
}

/** The team namespaces ACK serves in this environment (all of them unless listed). */
export function ackTeamNamespaces(ack: AckConfig, teamNamespaces: readonly string[]): readonly string[] {
  return ack.teamNamespaces ?? teamNamespaces;
}

/**
 * Known services, real team namespaces, and names the team roles and resource prefixes can have:
 * IAM role names of at most 64 characters, none equal to another, and no team's resource prefix
 * inside another's (team `a`'s `prod-a-*` would match team `a-b`'s `prod-a-b-*`).
 */
export function checkAck(env: ParsedEnvironment, problem: Problem): void {
  const { ack } = env;
  if (!ack.enabled) return;

  ack.services.forEach((service, index) => {
    if (ack.services.indexOf(service) !== index) problem(['ack', 'services', index], `"${service}" is listed twice`);
    else if (!(ACK_CAPABILITY_SERVICES as readonly string[]).includes(service))
      problem(
        ['ack', 'services', index],
        `"${service}" is not a service of the EKS ACK capability; allowed: ${PLATFORM_ACK_SERVICES.join(', ')} (the capability also knows ${ACK_CAPABILITY_SERVICES.filter((name) => !isPlatformAckService(name)).join(', ')}, which have no scoped team role here yet)`,
      );
    else if (!isPlatformAckService(service))
      problem(
        ['ack', 'services', index],
        `"${service}" is an ACK service, but the platform has no scoped team role or RBAC for it; allowed: ${PLATFORM_ACK_SERVICES.join(', ')}`,
      );
  });

  const known = teamNamespacesOf(env);
  if (known.length === 0) {
    problem(
      ['ack', 'enabled'],
      'ACK is on but the environment has no team namespaces; give some principal namespace access in access.roles or access.users, or set enabled: false',
    );
    return;
  }
  const listed = ack.teamNamespaces;
  listed?.forEach((namespace, index) => {
    if (listed.indexOf(namespace) !== index) problem(['ack', 'teamNamespaces', index], `"${namespace}" is listed twice`);
    else if (!known.includes(namespace))
      problem(
        ['ack', 'teamNamespaces', index],
        `"${namespace}" is not a team namespace of this environment; team namespaces (from access): ${known.join(', ')}`,
      );
  });
  const teams = (listed ?? known).filter((namespace, index, all) => known.includes(namespace) && all.indexOf(namespace) === index);
  checkTeamNames(env, teams, problem);
}

function checkTeamNames(env: ParsedEnvironment, teams: readonly string[], problem: Problem): void {
  // The same default as parse.ts resolve(): the cluster is `<environment>-platform` unless named.
  const cluster = env.cluster.name ?? `${env.name}-platform`;
  const at = (namespace: string): (string | number)[] => {
    const index = env.ack.teamNamespaces?.indexOf(namespace) ?? -1;
    return index >= 0 ? ['ack', 'teamNamespaces', index] : ['ack', 'teamNamespaces'];
  };

  // Bucket names and DB identifiers are lowercase letters, digits and hyphens; RDS refuses "--".
  if (!/^[a-z][a-z0-9-]*$/.test(cluster) || cluster.includes('--'))
    problem(
      env.cluster.name === undefined ? ['name'] : ['cluster', 'name'],
      `"${cluster}" cannot start S3 bucket names and RDS identifiers, which ACK team resources are named after; with ACK on, use lowercase letters, digits and single hyphens, starting with a letter`,
    );

  const roleNames = new Map<string, string>([[ackCapabilityRoleName(cluster).toLowerCase(), 'the ACK capability']]);
  for (const team of teams) {
    const roleName = ackTeamRoleName(cluster, team);
    if (roleName.length > IAM_ROLE_NAME_MAX)
      problem(
        at(team),
        `team "${team}" would get the IAM role "${roleName}" (${roleName.length} characters); IAM allows ${IAM_ROLE_NAME_MAX}: shorten the cluster or namespace name`,
      );
    // IAM role names are unique regardless of case.
    const owner = roleNames.get(roleName.toLowerCase());
    if (owner) problem(at(team), `team "${team}" would get the IAM role "${roleName}", which ${owner} already has`);
    else roleNames.set(roleName.toLowerCase(), `team "${team}"`);

    const prefix = ackResourcePrefix(cluster, team);
    if (prefix.length > ACK_RESOURCE_PREFIX_MAX)
      problem(
        at(team),
        `team "${team}"'s resource prefix "${prefix}" has ${prefix.length} characters; bucket names and DB identifiers allow 63, so keep it to ${ACK_RESOURCE_PREFIX_MAX}`,
      );
    if (team.includes('--'))
      problem(at(team), `team "${team}" would name RDS instances "${prefix}...", and RDS identifiers cannot hold "--"`);
    for (const other of teams) {
      const otherPrefix = ackResourcePrefix(cluster, other);
      if (other !== team && otherPrefix.startsWith(prefix))
        problem(
          at(other),
          `team "${other}"'s resources ("${otherPrefix}*") fall inside team "${team}"'s prefix "${prefix}*", so "${team}"'s ACK role could change them; rename one namespace or leave one out of ack.teamNamespaces`,
        );
    }
  }
}

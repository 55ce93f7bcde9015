import type { Template } from './assembly';
import { asText, canonicalJson, isObject, resolveForDisplay } from './display';

/**
 * Statement-level IAM diff of every policy a template writes: identity policies (inline, IAM
 * policies, customer-managed policies, AWS-managed attachments), trust policies, resource
 * policies (KMS keys, queues, buckets, topics) and EKS access entries. Each statement is exploded
 * into grants (one effect, principal, action, resource and condition), collected per role or
 * resource, and compared, so a statement moved between the split managed policies is no change
 * and one new action on an old resource is one added grant.
 */
export interface Grant {
  readonly effect: string;
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  readonly condition: string;
  /** The policy it comes from (logical ID, or a description for attachments). */
  readonly policy: string;
}

export interface IamChange {
  /** A role, or the resource whose policy it is. */
  readonly subject: string;
  readonly purpose: string;
  readonly added: readonly Grant[];
  readonly removed: readonly Grant[];
  /** Added grants that widen what is allowed (new action, wider resource, dropped condition), and removed denies. */
  readonly widened: readonly Grant[];
}

interface Subject {
  readonly purpose: string;
  readonly grants: Grant[];
}

const list = (value: unknown): unknown[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
const refOf = (value: unknown): string | undefined => (value as { Ref?: string })?.Ref;

function explode(statement: Record<string, any>, policy: string): Grant[] {
  const principals = statement.Principal
    ? Object.entries(typeof statement.Principal === 'string' ? { AWS: statement.Principal } : statement.Principal).flatMap(
        ([type, values]) => list(values).map((value) => `${type}:${asText(resolveForDisplay(value))}`),
      )
    : statement.NotPrincipal
      ? [`NOT ${asText(resolveForDisplay(statement.NotPrincipal))}`]
      : [''];
  const actions = statement.Action ? list(statement.Action).map(String) : list(statement.NotAction).map((action) => `NOT ${action}`);
  const resources = statement.Resource
    ? list(statement.Resource).map((resource) => asText(resolveForDisplay(resource)))
    : statement.NotResource
      ? list(statement.NotResource).map((resource) => `NOT ${asText(resolveForDisplay(resource))}`)
      : [''];
  const condition = statement.Condition ? canonicalJson(resolveForDisplay(statement.Condition)) : '';
  const effect = String(statement.Effect ?? 'Allow');
  return principals.flatMap((principal) =>
    actions.flatMap((action) => resources.map((resource) => ({ effect, principal, action, resource, condition, policy }))),
  );
}

const statementsOf = (document: any): Record<string, any>[] => list(document?.Statement) as Record<string, any>[];

/** Every role and resource of a template with the grants its policies give it. */
export function iamSubjects(template: Template): Map<string, Subject> {
  const resources = inlineCfnJson(template.Resources ?? {});
  const subjects = new Map<string, Subject>();
  const subject = (id: string, purpose: string) => {
    if (!subjects.has(id)) subjects.set(id, { purpose, grants: [] });
    return subjects.get(id)!;
  };
  const rolePurpose = (id: string) =>
    resources[id]?.Properties?.Description ? `role: ${resources[id].Properties.Description}` : `role ${id}`;

  for (const [id, resource] of Object.entries(resources)) {
    const properties = resource.Properties ?? {};
    switch (resource.Type) {
      case 'AWS::IAM::Role': {
        subject(id, rolePurpose(id)).grants.push(
          ...statementsOf(properties.AssumeRolePolicyDocument).flatMap((statement) => explode(statement, `${id} trust policy`)),
          ...list(properties.Policies).flatMap((policy: any) =>
            statementsOf(policy.PolicyDocument).flatMap((statement) => explode(statement, `${id} inline ${policy.PolicyName}`)),
          ),
          // AWS-managed policies: the attachment is the grant. Customer-managed ones are expanded below.
          ...list(properties.ManagedPolicyArns)
            .filter((arn) => !refOf(arn) || resources[refOf(arn)!]?.Type !== 'AWS::IAM::ManagedPolicy')
            .map((arn) => ({
              effect: 'Allow',
              principal: '',
              action: `(managed policy) ${asText(resolveForDisplay(arn)).split('/').pop()}`,
              resource: '',
              condition: '',
              policy: 'attachment',
            })),
        );
        break;
      }
      case 'AWS::IAM::Policy':
      case 'AWS::IAM::ManagedPolicy': {
        const attachedByRole = Object.entries(resources)
          .filter(([, role]) => role.Type === 'AWS::IAM::Role' && list(role.Properties?.ManagedPolicyArns).some((arn) => refOf(arn) === id))
          .map(([roleId]) => roleId);
        const identities = [...list(properties.Roles), ...list(properties.Users), ...list(properties.Groups)];
        const roles = [...new Set([...identities.map((identity) => refOf(identity) ?? asText(identity)), ...attachedByRole])];
        const grants = statementsOf(properties.PolicyDocument).flatMap((statement) => explode(statement, id));
        if (roles.length === 0)
          subject(id, `unattached policy${properties.Description ? `: ${properties.Description}` : ''}`).grants.push(...grants);
        for (const role of roles) subject(role, rolePurpose(role)).grants.push(...grants);
        break;
      }
      case 'AWS::KMS::Key':
        subject(id, `key policy of a KMS key${properties.Description ? `: ${properties.Description}` : ''}`).grants.push(
          ...statementsOf(properties.KeyPolicy).flatMap((statement) => explode(statement, `${id} key policy`)),
        );
        break;
      case 'AWS::SQS::QueuePolicy':
      case 'AWS::SNS::TopicPolicy':
      case 'AWS::S3::BucketPolicy': {
        const target = [...list(properties.Queues), ...list(properties.Topics), properties.Bucket].filter(Boolean);
        const name = target.map((value) => refOf(value) ?? asText(resolveForDisplay(value))).join(', ');
        subject(name || id, `resource policy (${resource.Type.split('::')[1]})`).grants.push(
          ...statementsOf(properties.PolicyDocument).flatMap((statement) => explode(statement, id)),
        );
        break;
      }
      case 'AWS::EKS::AccessEntry': {
        const principal = asText(resolveForDisplay(properties.PrincipalArn));
        subject(`access entry ${principal}`, `Kubernetes API access of ${principal}`).grants.push(
          ...list(properties.AccessPolicies).flatMap((policy: any) => {
            const scope = policy.AccessScope ?? {};
            const namespaces =
              scope.Type === 'namespace' ? list(scope.Namespaces).map((namespace) => `namespace ${namespace}`) : ['cluster'];
            return namespaces.map((where) => ({
              effect: 'Allow',
              principal: '',
              action: asText(resolveForDisplay(policy.PolicyArn)).split('/').pop()!,
              resource: where,
              condition: '',
              policy: id,
            }));
          }),
          ...list(properties.KubernetesGroups).map((group) => ({
            effect: 'Allow',
            principal: '',
            action: `Kubernetes group ${group}`,
            resource: 'cluster',
            condition: '',
            policy: id,
          })),
        );
        break;
      }
    }
  }
  return subjects;
}

const grantKey = (grant: Grant) => canonicalJson([grant.effect, grant.principal, grant.action, grant.resource, grant.condition]);

/** Per role or resource, the grants added and removed, and which of them widen access. */
export function iamChanges(base: Template, head: Template): IamChange[] {
  const [before, after] = [iamSubjects(base), iamSubjects(head)];
  const changes: IamChange[] = [];
  for (const subject of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const oldGrants = before.get(subject)?.grants ?? [];
    const newGrants = after.get(subject)?.grants ?? [];
    const oldKeys = new Set(oldGrants.map(grantKey));
    const newKeys = new Set(newGrants.map(grantKey));
    const added = unique(newGrants.filter((grant) => !oldKeys.has(grantKey(grant))));
    const removed = unique(oldGrants.filter((grant) => !newKeys.has(grantKey(grant))));
    if (added.length + removed.length === 0) continue;
    const widened = [
      ...added.filter((grant) => grant.effect === 'Allow' && !narrows(grant, removed)),
      ...removed.filter((grant) => grant.effect === 'Deny'),
    ];
    changes.push({ subject, purpose: (after.get(subject) ?? before.get(subject))!.purpose, added, removed, widened });
  }
  return changes;
}

/** An added Allow that only adds conditions to a removed one (same action and resource) narrows it. */
function narrows(grant: Grant, removed: readonly Grant[]): boolean {
  if (!grant.condition) return false;
  const conditions = flatConditions(grant.condition);
  return removed.some(
    (old) =>
      old.effect === grant.effect &&
      old.principal === grant.principal &&
      old.action === grant.action &&
      old.resource === grant.resource &&
      [...flatConditions(old.condition)].every((condition) => conditions.has(condition)),
  );
}

function flatConditions(condition: string): Set<string> {
  if (!condition) return new Set();
  const parsed = JSON.parse(condition) as Record<string, Record<string, unknown>>;
  return new Set(
    Object.entries(parsed).flatMap(([operator, keys]) => Object.entries(keys).map(([key, value]) => canonicalJson([operator, key, value]))),
  );
}

function unique(grants: Grant[]): Grant[] {
  const seen = new Map<string, Grant>();
  for (const grant of grants) if (!seen.has(grantKey(grant))) seen.set(grantKey(grant), grant);
  return [...seen.values()];
}

/** Grants with the same effect, principal, condition and policy, as `Allow a, b on r1, r2 when {...}` lines. */
export function describeGrants(grants: readonly Grant[]): string[] {
  const groups = new Map<string, Grant[]>();
  for (const grant of grants) {
    const key = canonicalJson([grant.effect, grant.principal, grant.condition, grant.policy]);
    groups.set(key, [...(groups.get(key) ?? []), grant]);
  }
  return [...groups.values()].flatMap((group) => {
    // Resources with the same set of actions read as one line.
    const actionsByResource = new Map<string, string[]>();
    for (const grant of group) actionsByResource.set(grant.resource, [...(actionsByResource.get(grant.resource) ?? []), grant.action]);
    const lines = new Map<string, string[]>();
    for (const [resource, actions] of actionsByResource) {
      const key = actions.sort().join(', ');
      lines.set(key, [...(lines.get(key) ?? []), resource]);
    }
    const { effect, principal, condition, policy } = group[0];
    return [...lines].map(
      ([actions, resources]) =>
        `${effect} ${actions}${resources.some(Boolean) ? ` on ${resources.filter(Boolean).join(', ')}` : ''}${principal ? ` to ${principal}` : ''}${condition ? ` when ${condition}` : ''} (${policy})`,
    );
  });
}

/**
 * IRSA trust conditions go through CfnJson (condition keys cannot be intrinsics): put the JSON
 * back where its `Value` is used, so a trust policy reads `system:serviceaccount:ns:name`.
 */
function inlineCfnJson(resources: NonNullable<Template['Resources']>): NonNullable<Template['Resources']> {
  const inline = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(inline);
    if (!isObject(value)) return value;
    const getAtt = value['Fn::GetAtt'] as unknown[] | undefined;
    if (Array.isArray(getAtt) && getAtt[1] === 'Value' && resources[String(getAtt[0])]?.Type === 'Custom::AWSCDKCfnJson')
      return JSON.parse(asText(resolveForDisplay(resources[String(getAtt[0])].Properties?.Value)));
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, inline(item)]));
  };
  return inline(resources) as NonNullable<Template['Resources']>;
}

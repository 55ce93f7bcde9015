import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';

/** IAM's limit on a customer-managed policy document, in characters, not counting whitespace. */
export const IAM_MANAGED_POLICY_MAX_CHARACTERS = 6144;

/**
 * The budget we pack to by default: 10% under IAM's limit. We measure the document as CDK
 * resolves it, with intrinsics (`{"Ref":"AWS::Partition"}`, `Fn::Join`) rather than the values
 * CloudFormation later puts in their place, and a value behind a token (a resource name, an ID
 * from another stack, a longer partition) can render longer than we counted.
 */
export const DEFAULT_MANAGED_POLICY_BUDGET = Math.floor(IAM_MANAGED_POLICY_MAX_CHARACTERS * 0.9);

export interface SplitManagedPoliciesOptions {
  /** Each policy's description; with more than one policy, `(part i of n)` is appended. */
  readonly description: string;
  /** Characters allowed per policy document; at most 6,144. */
  readonly maxCharacters?: number;
}

/** A policy document's size as IAM counts it: its JSON without whitespace. */
export function policyDocumentCharacters(scope: Construct, statements: readonly iam.PolicyStatement[]): number {
  const document = new iam.PolicyDocument({ statements: [...statements] });
  return JSON.stringify(Stack.of(scope).resolve(document.toJSON())).replace(/\s+/g, '').length;
}

/**
 * Packs statements, in order, into as few customer-managed policies as fit, each document
 * under `maxCharacters`. Filling each policy before starting the next is optimal when the order
 * is kept, since a document only grows as statements are added.
 */
export function splitIntoManagedPolicies(
  scope: Construct,
  idPrefix: string,
  statements: iam.PolicyStatement[],
  options: SplitManagedPoliciesOptions,
): iam.ManagedPolicy[] {
  const budget = options.maxCharacters ?? DEFAULT_MANAGED_POLICY_BUDGET;
  if (!Number.isInteger(budget) || budget <= 0 || budget > IAM_MANAGED_POLICY_MAX_CHARACTERS) {
    throw new Error(
      `${scope.node.path}: maxCharacters must be a whole number from 1 to ${IAM_MANAGED_POLICY_MAX_CHARACTERS}, got ${budget}`,
    );
  }

  const groups: iam.PolicyStatement[][] = [];
  let current: iam.PolicyStatement[] = [];
  statements.forEach((statement, index) => {
    const alone = policyDocumentCharacters(scope, [statement]);
    if (alone > budget) {
      const name = statement.sid ? `statement ${statement.sid}` : `statement ${index}`;
      throw new Error(
        `${scope.node.path}: ${name} alone is ${alone} characters, over the ${budget}-character budget of one managed policy; split its actions or resources`,
      );
    }
    if (current.length > 0 && policyDocumentCharacters(scope, [...current, statement]) > budget) {
      groups.push(current);
      current = [];
    }
    current.push(statement);
  });
  if (current.length > 0) groups.push(current);

  return groups.map(
    (group, index) =>
      new iam.ManagedPolicy(scope, `${idPrefix}${index + 1}`, {
        description: groups.length > 1 ? `${options.description} (part ${index + 1} of ${groups.length})` : options.description,
        document: new iam.PolicyDocument({ statements: group }),
      }),
  );
}

import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * Accepts one cdk-nag finding on one construct (and what it contains), with a reason a reviewer
 * can check. Findings with several instances (IAM5 wildcards, IAM4 managed policies) are
 * acknowledged one by one: `AwsSolutions-IAM5[Resource::*]`, never the bare rule.
 */
export function acknowledgeNagFinding(construct: IConstruct, finding: string, reason: string): void {
  if (!/^AwsSolutions-[A-Z]+\d+(\[.+\])?$/.test(finding))
    throw new Error(`${construct.node.path}: "${finding}" is not an AwsSolutions finding ID`);
  if (/^AwsSolutions-IAM[45]$/.test(finding))
    throw new Error(`${construct.node.path}: acknowledge ${finding} per finding, e.g. ${finding}[Resource::*]`);
  Validations.of(construct).acknowledge({ id: finding, reason });
}

/** `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/NAME]`, the finding of one AWS managed policy. */
export function managedPolicyFinding(policyName: string): string {
  return `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${policyName}]`;
}

/** `AwsSolutions-IAM5[Resource::PATTERN]`, the finding of one wildcard resource. */
export function wildcardResourceFinding(resource: string): string {
  return `AwsSolutions-IAM5[Resource::${resource}]`;
}

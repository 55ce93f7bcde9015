import { Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';

export interface SecretReaderPolicyProps {
  /** `<env>/platform/`: the only secrets the operator may read. */
  readonly namePrefix: string;
  /** The customer key the platform secrets are encrypted with. */
  readonly key: kms.IKey;
}

/**
 * What the External Secrets Operator may do in AWS: read the values of this environment's
 * platform secrets (by name prefix; Secrets Manager appends a random suffix to every ARN) and
 * decrypt with their key only when Secrets Manager asks on its behalf. Nothing else: it lists,
 * writes and deletes nothing.
 */
export function secretReaderStatements(props: SecretReaderPolicyProps): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({
      sid: 'ReadPlatformSecretsOfThisEnvironment',
      actions: ['secretsmanager:GetSecretValue'],
      resources: [`arn:${Aws.PARTITION}:secretsmanager:${Aws.REGION}:${Aws.ACCOUNT_ID}:secret:${props.namePrefix}*`],
    }),
    new iam.PolicyStatement({
      sid: 'DecryptThroughSecretsManagerOnly',
      actions: ['kms:Decrypt'],
      resources: [props.key.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${Aws.REGION}.amazonaws.com` } },
    }),
  ];
}

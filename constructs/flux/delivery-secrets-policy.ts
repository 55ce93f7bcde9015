import { Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';

export interface DeliverySecretsPolicyProps {
  /** `<env>/teams/<namespace>/git/`: the team's Git credentials. */
  readonly gitSecretPrefix: string;
  /** The one platform secret the team's failure notifications need (the Slack receiver's webhook), by exact name. */
  readonly notificationSecretName?: string;
  /** The key the platform and team secrets are encrypted with. */
  readonly key: kms.IKey;
}

const secretArn = (name: string) => `arn:${Aws.PARTITION}:secretsmanager:${Aws.REGION}:${Aws.ACCOUNT_ID}:secret:${name}`;

/**
 * What one team namespace's secret store may read: that team's Git credentials (by name prefix;
 * Secrets Manager appends a random suffix to every ARN) and, when Flux notifies Slack, the one
 * receiver secret by its exact name plus the six-character suffix. Decrypting only on Secrets
 * Manager's behalf. Nothing is listed, written or deleted.
 */
export function deliverySecretsStatements(props: DeliverySecretsPolicyProps): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({
      sid: 'ReadThisTeamsGitCredentials',
      actions: ['secretsmanager:GetSecretValue'],
      resources: [secretArn(`${props.gitSecretPrefix}*`)],
    }),
    ...(props.notificationSecretName
      ? [
          new iam.PolicyStatement({
            sid: 'ReadTheFluxNotificationWebhook',
            actions: ['secretsmanager:GetSecretValue'],
            resources: [secretArn(`${props.notificationSecretName}-??????`)],
          }),
        ]
      : []),
    new iam.PolicyStatement({
      sid: 'DecryptThroughSecretsManagerOnly',
      actions: ['kms:Decrypt'],
      resources: [props.key.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${Aws.REGION}.amazonaws.com` } },
    }),
  ];
}

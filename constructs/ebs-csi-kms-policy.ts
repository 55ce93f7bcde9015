import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';

/**
 * What the EBS CSI driver needs on a customer-managed key to create and attach encrypted volumes:
 * grants for EC2 (only for AWS resources) and the data-key operations. The AWS managed
 * EBS CSI policy covers only the default `aws/ebs` key.
 */
export function ebsCsiKmsPolicy(scope: Construct, id: string, keyArn: string): iam.ManagedPolicy {
  return new iam.ManagedPolicy(scope, id, {
    description: 'EBS CSI driver: use the platform volume key',
    statements: [
      new iam.PolicyStatement({
        sid: 'GrantsForEbs',
        actions: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'],
        resources: [keyArn],
        conditions: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
      }),
      new iam.PolicyStatement({
        sid: 'EncryptVolumes',
        // Spelled out: the wildcards upstream documents (ReEncrypt*, GenerateDataKey*) cover exactly these.
        actions: [
          'kms:Encrypt',
          'kms:Decrypt',
          'kms:ReEncryptFrom',
          'kms:ReEncryptTo',
          'kms:GenerateDataKey',
          'kms:GenerateDataKeyWithoutPlaintext',
          'kms:DescribeKey',
        ],
        resources: [keyArn],
      }),
    ],
  });
}

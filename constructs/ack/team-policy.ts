import { Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { PlatformAckService } from '../../lib/ack-services';

/** What one team's ACK role is scoped to. */
export interface TeamScope {
  /** `<cluster>-<namespace>-`: the team's bucket names and DB identifiers start with it. */
  readonly resourcePrefix: string;
  readonly region: string;
  /** The platform's DB subnet group, the only one team databases may use. */
  readonly dbSubnetGroupName: string;
}

/** The statements a team role gets for each enabled service (written from the Service Authorization Reference). */
export function teamStatements(services: readonly PlatformAckService[], scope: TeamScope): iam.PolicyStatement[] {
  return services.flatMap((service) => (service === 's3' ? bucketStatements(scope) : databaseStatements(scope)));
}

/**
 * S3: bucket-level actions on the team's buckets (`arn:aws:s3:::<prefix>*`), in this region only. No
 * object actions (ACK manages buckets, never their contents) and no iam:PassRole, so replication,
 * which needs a role, is not available to teams.
 */
function bucketStatements({ resourcePrefix, region }: TeamScope): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({
      sid: 'TeamBuckets',
      actions: [
        's3:CreateBucket',
        's3:DeleteBucket',
        // HeadBucket, which ACK reads a bucket's existence with, is authorized as ListBucket.
        's3:ListBucket',
        's3:GetBucket*',
        's3:PutBucket*',
        's3:DeleteBucketPolicy',
        's3:DeleteBucketWebsite',
        's3:DeleteBucketOwnershipControls',
        // Encryption, lifecycle, replication reads, accelerate, analytics, inventory, metrics, tiering.
        's3:Get*Configuration',
        's3:Put*Configuration',
      ],
      resources: [`arn:${Aws.PARTITION}:s3:::${resourcePrefix}*`],
      conditions: { StringEquals: { 'aws:RequestedRegion': region } },
    }),
    // ACK's S3 controller finds a bucket by listing the account's buckets (ListBuckets), which has
    // no resource-level permissions; it returns bucket names only.
    new iam.PolicyStatement({
      sid: 'FindBuckets',
      actions: ['s3:ListAllMyBuckets'],
      resources: ['*'],
    }),
  ];
}

/**
 * RDS: DB instances named `<prefix>*` in this region, only in the platform's DB subnet group, with
 * default option and parameter groups, encrypted, never public; their final snapshots; and the
 * master password kept by RDS in Secrets Manager (`manageMasterUserPassword`), so no password passes
 * through Kubernetes.
 */
function databaseStatements({ resourcePrefix, region, dbSubnetGroupName }: TeamScope): iam.PolicyStatement[] {
  const arn = (type: string, name: string) => `arn:${Aws.PARTITION}:rds:${region}:${Aws.ACCOUNT_ID}:${type}:${name}`;
  const instances = arn('db', `${resourcePrefix}*`);
  const createOrModify = ['rds:CreateDBInstance', 'rds:ModifyDBInstance'];
  return [
    new iam.PolicyStatement({
      sid: 'TeamDatabases',
      actions: [
        ...createOrModify,
        'rds:DeleteDBInstance',
        'rds:RebootDBInstance',
        'rds:StartDBInstance',
        'rds:StopDBInstance',
        'rds:DescribeDBInstances',
        'rds:AddTagsToResource',
        'rds:RemoveTagsFromResource',
        'rds:ListTagsForResource',
      ],
      // CreateDBInstance is authorized against the instance and the groups it uses.
      resources: [instances, arn('subgrp', dbSubnetGroupName), arn('og', 'default:*'), arn('pg', 'default.*')],
    }),
    new iam.PolicyStatement({
      sid: 'TeamDatabaseFinalSnapshots',
      actions: ['rds:DeleteDBInstance', 'rds:CreateDBSnapshot', 'rds:AddTagsToResource'],
      resources: [arn('snapshot', `${resourcePrefix}*`)],
    }),
    new iam.PolicyStatement({
      sid: 'NoUnencryptedDatabases',
      effect: iam.Effect.DENY,
      actions: ['rds:CreateDBInstance'],
      resources: ['*'],
      conditions: { Bool: { 'rds:StorageEncrypted': 'false' } },
    }),
    new iam.PolicyStatement({
      sid: 'NoPublicDatabases',
      effect: iam.Effect.DENY,
      actions: createOrModify,
      resources: ['*'],
      conditions: { Bool: { 'rds:PubliclyAccessible': 'true' } },
    }),
    // RDS creates the master password secret (named rds!db-<id>) with the caller's permissions.
    new iam.PolicyStatement({
      sid: 'RdsManagedMasterPasswords',
      actions: ['secretsmanager:CreateSecret', 'secretsmanager:TagResource'],
      resources: [`arn:${Aws.PARTITION}:secretsmanager:${region}:${Aws.ACCOUNT_ID}:secret:rds!*`],
    }),
    // Encrypted storage and managed secrets use KMS keys through RDS and Secrets Manager only.
    new iam.PolicyStatement({
      sid: 'KeysThroughRdsAndSecretsManager',
      actions: ['kms:DescribeKey', 'kms:CreateGrant', 'kms:GenerateDataKey', 'kms:Decrypt'],
      resources: [`arn:${Aws.PARTITION}:kms:${region}:${Aws.ACCOUNT_ID}:key/*`],
      conditions: { StringEquals: { 'kms:ViaService': [`rds.${region}.amazonaws.com`, `secretsmanager.${region}.amazonaws.com`] } },
    }),
    // Describing engine versions has no resource-level permissions; it reads public catalogue data.
    new iam.PolicyStatement({
      sid: 'DescribeEngineVersions',
      actions: ['rds:DescribeDBEngineVersions'],
      resources: ['*'],
    }),
  ];
}

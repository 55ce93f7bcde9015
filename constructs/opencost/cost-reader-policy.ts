import { Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { OpenCostConfig } from '../../lib/config/opencost-schema';

const s3Bucket = (bucket: string) => `arn:${Aws.PARTITION}:s3:::${bucket}`;
const s3Objects = (bucket: string, prefix: string) => `arn:${Aws.PARTITION}:s3:::${bucket}/${prefix}*`;

/** Listing a bucket, narrowed to keys under the prefix where there is one. */
function listUnder(sid: string, bucket: string, prefix: string): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid,
    actions: ['s3:ListBucket'],
    resources: [s3Bucket(bucket)],
    ...(prefix ? { conditions: { StringLike: { 's3:prefix': [`${prefix}*`] } } } : {}),
  });
}

/**
 * What OpenCost may do as its IRSA identity. Always: read AWS list prices through the Price List
 * API (`pricing:GetProducts`, which has no resource-level permissions, so `*`). Where config names
 * them, and nothing beyond them: read the Spot data feed's objects under its prefix; run Athena
 * queries in one workgroup over one CUR table, read the report's objects, and write query results
 * under one prefix of the results bucket.
 */
export function costReaderStatements(config: Pick<OpenCostConfig, 'spotDataFeed' | 'costAndUsageReport'>): iam.PolicyStatement[] {
  const statements = [new iam.PolicyStatement({ sid: 'ReadListPrices', actions: ['pricing:GetProducts'], resources: ['*'] })];

  const feed = config.spotDataFeed;
  if (feed?.bucket)
    statements.push(
      listUnder('ListSpotDataFeed', feed.bucket, feed.prefix),
      new iam.PolicyStatement({ sid: 'ReadSpotDataFeed', actions: ['s3:GetObject'], resources: [s3Objects(feed.bucket, feed.prefix)] }),
    );

  const report = config.costAndUsageReport;
  if (report?.bucket && report.athenaResultsBucket) {
    const glue = (resource: string) => `arn:${Aws.PARTITION}:glue:${Aws.REGION}:${Aws.ACCOUNT_ID}:${resource}`;
    statements.push(
      new iam.PolicyStatement({
        sid: 'QueryCostAndUsageReport',
        actions: [
          'athena:StartQueryExecution',
          'athena:GetQueryExecution',
          'athena:GetQueryResults',
          'athena:StopQueryExecution',
          'athena:GetWorkGroup',
        ],
        resources: [`arn:${Aws.PARTITION}:athena:${Aws.REGION}:${Aws.ACCOUNT_ID}:workgroup/${report.athenaWorkgroup}`],
      }),
      new iam.PolicyStatement({
        sid: 'ReadCostAndUsageReportTable',
        actions: ['glue:GetDatabase', 'glue:GetTable', 'glue:GetPartition', 'glue:GetPartitions'],
        resources: [
          glue('catalog'),
          glue(`database/${report.athenaDatabase}`),
          glue(`table/${report.athenaDatabase}/${report.athenaTable}`),
        ],
      }),
      // Bucket metadata (no keys, no content): these calls carry no prefix to narrow them by.
      new iam.PolicyStatement({
        sid: 'LocateReportBuckets',
        actions: ['s3:GetBucketLocation'],
        resources: [...new Set([s3Bucket(report.bucket), s3Bucket(report.athenaResultsBucket)])],
      }),
      new iam.PolicyStatement({
        sid: 'TrackAthenaResultUploads',
        actions: ['s3:ListBucketMultipartUploads'],
        resources: [s3Bucket(report.athenaResultsBucket)],
      }),
      listUnder('ListCostAndUsageReport', report.bucket, report.prefix),
      new iam.PolicyStatement({
        sid: 'ReadCostAndUsageReport',
        actions: ['s3:GetObject'],
        resources: [s3Objects(report.bucket, report.prefix)],
      }),
      listUnder('ListAthenaResults', report.athenaResultsBucket, report.athenaResultsPrefix),
      new iam.PolicyStatement({
        sid: 'WriteAthenaResults',
        actions: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
        resources: [s3Objects(report.athenaResultsBucket, report.athenaResultsPrefix)],
      }),
    );
  }
  return statements;
}

import { Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';

/** SQS queues this environment's workloads scale on are named `<environment>-...`. */
export function scalableQueuePrefix(environment: string): string {
  return `${environment}-`;
}

/**
 * What KEDA's AWS scalers may do as the operator identity: read the attributes (message counts)
 * of this environment's queues, found by name prefix, and read CloudWatch metrics. Nothing that
 * changes anything. GetMetricData has no resource-level permissions or condition keys in IAM, so
 * it is granted on `*`: it reads metric values only, never writes or lists resources.
 */
export function scalerReaderStatements(environment: string): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({
      sid: 'ReadQueueDepthOfThisEnvironment',
      actions: ['sqs:GetQueueAttributes'],
      resources: [`arn:${Aws.PARTITION}:sqs:${Aws.REGION}:${Aws.ACCOUNT_ID}:${scalableQueuePrefix(environment)}*`],
    }),
    new iam.PolicyStatement({
      sid: 'ReadCloudWatchMetrics',
      actions: ['cloudwatch:GetMetricData'],
      resources: ['*'],
    }),
  ];
}

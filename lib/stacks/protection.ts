import { RemovalPolicy } from 'aws-cdk-lib';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { EnvironmentConfig } from '../config/parse';

/** Protected environments keep their stateful resources (keys, logs, cluster) when a stack goes. */
export function removalPolicyFor(env: Pick<EnvironmentConfig, 'deletionProtection'>): RemovalPolicy {
  return env.deletionProtection ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
}

/** The schema only admits CloudWatch's own retention periods, and RetentionDays values are days. */
export function logRetention(days: number): logs.RetentionDays {
  return days as logs.RetentionDays;
}

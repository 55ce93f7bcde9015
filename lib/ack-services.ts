/**
 * The AWS services the EKS ACK capability runs a controller for, and the ones this platform gives
 * teams a scoped IAM role and RBAC for. Pure data, no CDK here.
 */

/**
 * Every ACK service controller released upstream (github.com/aws-controllers-k8s/<name>-controller),
 * by the name the capability's `disabledServices` takes ("All AWS services listed as Generally
 * Available upstream are supported by the EKS Capability for ACK", EKS user guide, ACK). EKS stores an
 * unknown name in `disabledServices` without complaint and turns nothing off, so this list is what
 * makes "only the configured services stay enabled" true; a service released later stays enabled
 * until it is added here, which is why team roles and RBAC grant only the configured services too.
 */
export const ACK_CAPABILITY_SERVICES = [
  'acm',
  'acmpca',
  'apigateway',
  'apigatewayv2',
  'applicationautoscaling',
  'athena',
  'bedrockagent',
  'cloudfront',
  'cloudtrail',
  'cloudwatch',
  'cloudwatchlogs',
  'codeartifact',
  'documentdb',
  'dynamodb',
  'ec2',
  'ecr',
  'ecrpublic',
  'ecs',
  'efs',
  'eks',
  'elasticache',
  'elbv2',
  'emrcontainers',
  'eventbridge',
  'iam',
  'kafka',
  'keyspaces',
  'kinesis',
  'kms',
  'lambda',
  'memorydb',
  'mq',
  'networkfirewall',
  'opensearchservice',
  'organizations',
  'pipes',
  'prometheusservice',
  'ram',
  'rds',
  'recyclebin',
  'route53',
  'route53resolver',
  's3',
  's3control',
  'sagemaker',
  'secretsmanager',
  'ses',
  'sfn',
  'sns',
  'sqs',
  'ssm',
  'wafv2',
] as const;

/** The services a team may use through ACK here: each has a scoped team policy and team RBAC. */
export const PLATFORM_ACK_SERVICES = ['s3', 'rds'] as const;
export type PlatformAckService = (typeof PLATFORM_ACK_SERVICES)[number];

export function isPlatformAckService(name: string): name is PlatformAckService {
  return (PLATFORM_ACK_SERVICES as readonly string[]).includes(name);
}

/** What the capability must not run: every known service but the enabled ones. */
export function disabledAckServices(enabled: readonly string[]): string[] {
  return ACK_CAPABILITY_SERVICES.filter((service) => !enabled.includes(service));
}

/** The IAM role a team's ACK resources are managed with: `<cluster>-<namespace>-ack`. */
export function ackTeamRoleName(clusterName: string, namespace: string): string {
  return `${clusterName}-${namespace}-ack`;
}

/** The role the capability itself runs as; it can only assume the team roles. */
export function ackCapabilityRoleName(clusterName: string): string {
  return `${clusterName}-ack-capability`;
}

/** What a team's bucket names and DB instance identifiers must start with: `<cluster>-<namespace>-`. */
export function ackResourcePrefix(clusterName: string, namespace: string): string {
  return `${clusterName}-${namespace}-`;
}

/** The DB subnet group (the VPC's private subnets) teams name in `spec.dbSubnetGroupName`. */
export function ackDbSubnetGroupName(clusterName: string): string {
  return `${clusterName}-ack-databases`;
}

/** IAM role names: at most 64 characters (IAM quotas). */
export const IAM_ROLE_NAME_MAX = 64;
/**
 * Bucket names and DB instance identifiers are at most 63 characters; the prefix leaves a team at
 * least 12 of them for its own part of the name.
 */
export const ACK_RESOURCE_PREFIX_MAX = 51;

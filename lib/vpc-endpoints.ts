/**
 * The AWS APIs that nodes, the kubectl handler and the platform's controllers call, as interface
 * endpoint service names keyed by construct id. Each endpoint puts one ENI in every private
 * subnet, which the subnet capacity check counts.
 */
export const NODE_INTERFACE_ENDPOINTS: Readonly<Record<string, string>> = {
  EcrApi: 'ecr.api',
  EcrDocker: 'ecr.dkr',
  Sts: 'sts',
  Ec2: 'ec2',
  Logs: 'logs',
  Eks: 'eks',
  EksAuth: 'eks-auth',
  ElasticLoadBalancing: 'elasticloadbalancing',
  Sqs: 'sqs',
  Ssm: 'ssm',
  SsmMessages: 'ssmmessages',
  // The External Secrets Operator reads platform secrets.
  SecretsManager: 'secretsmanager',
};

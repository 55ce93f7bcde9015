/**
 * What a review refuses to replace or delete without `--allow-replacement`: resources whose loss
 * loses data or identity (the cluster, its network, keys, logs, node roles, the OIDC provider
 * every IRSA role trusts) and StorageClasses that keep volumes.
 */
const STATEFUL_TYPES: Readonly<Record<string, string>> = {
  'AWS::EKS::Cluster': 'the EKS cluster',
  'AWS::EC2::VPC': 'the VPC',
  'AWS::EC2::Subnet': 'a subnet',
  'AWS::KMS::Key': 'a KMS key',
  'AWS::Logs::LogGroup': 'a log group',
  // Platform secrets hold values put by hand (alert receivers) or generated once (Grafana's login).
  'AWS::SecretsManager::Secret': 'a Secrets Manager secret',
  'AWS::IAM::OIDCProvider': 'the IAM OIDC provider',
  'Custom::AWSCDKOpenIdConnectProvider': 'the IAM OIDC provider',
};

/** What a stateful resource is, or undefined when losing it loses nothing. */
export function statefulResource(type: string | undefined, logicalId: string): string | undefined {
  if (type === 'AWS::IAM::Role' && /Node(Group)?Role/.test(logicalId)) return 'a node role';
  return type ? STATEFUL_TYPES[type] : undefined;
}

/** A StorageClass that keeps its volumes: deleting or re-creating it strands them. */
export function isRetainedStorageClass(object: Record<string, any>): boolean {
  return object.kind === 'StorageClass' && object.reclaimPolicy === 'Retain';
}

/** StorageClass fields Kubernetes will not change in place: changing one means delete and re-create. */
export const IMMUTABLE_STORAGE_CLASS_FIELDS = ['provisioner', 'parameters', 'reclaimPolicy', 'volumeBindingMode'] as const;

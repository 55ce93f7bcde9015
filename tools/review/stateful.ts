/**
 * What a review refuses to lose without an allowance, and why: AWS resources whose loss loses
 * data or identity, Kubernetes objects whose deletion deletes data (or the AWS resources a
 * controller runs for them), and Helm charts whose uninstall does.
 */
const STATEFUL_TYPES: Readonly<Record<string, string>> = {
  'AWS::EKS::Cluster': 'the EKS cluster, and everything running in it',
  'AWS::EC2::VPC': 'the VPC, and everything in it',
  'AWS::EC2::Subnet': 'a subnet: nodes, pods and load balancers in it lose their addresses',
  'AWS::EC2::Volume': 'an EBS volume',
  'AWS::KMS::Key': 'a KMS key: whatever it encrypts becomes unreadable once the key is gone',
  'AWS::Logs::LogGroup': 'a log group and the logs in it',
  'AWS::IAM::OIDCProvider': 'the IAM OIDC provider every IRSA role trusts',
  'Custom::AWSCDKOpenIdConnectProvider': 'the IAM OIDC provider every IRSA role trusts',
  'AWS::S3::Bucket': 'an S3 bucket and its objects',
  'AWS::DynamoDB::Table': 'a DynamoDB table and its items',
  'AWS::RDS::DBInstance': 'a database instance',
  'AWS::RDS::DBCluster': 'a database cluster',
  'AWS::EFS::FileSystem': 'an EFS file system',
  // Platform secrets hold values put by hand (alert receivers) or generated once (Grafana's login).
  'AWS::SecretsManager::Secret': 'a Secrets Manager secret: values put by hand or generated once',
  'AWS::ECR::Repository': 'a container image repository',
  'AWS::Route53::HostedZone': 'a hosted zone and its records',
};

/** What a stateful AWS resource is, or undefined when losing it loses nothing. */
export function statefulResource(type: string | undefined, logicalId: string): string | undefined {
  if (type === 'AWS::IAM::Role' && /Node(Group)?Role/.test(logicalId)) return 'a node role: its nodes lose their identity';
  return type ? STATEFUL_TYPES[type] : undefined;
}

type KubernetesObject = Record<string, any>;

const mountsClaims = (podSpec: any) => (podSpec?.volumes ?? []).some((volume: any) => volume?.persistentVolumeClaim);
const podSpecOf = (object: KubernetesObject) =>
  object.kind === 'Pod'
    ? object.spec
    : object.kind === 'CronJob'
      ? object.spec?.jobTemplate?.spec?.template?.spec
      : object.spec?.template?.spec;

/** Why deleting a Kubernetes object loses data (or AWS resources), or undefined when it does not. */
export function statefulObject(object: KubernetesObject): string | undefined {
  const kind: string = object.kind ?? '';
  const group = String(object.apiVersion ?? '').split('/')[0];
  switch (kind) {
    case 'Namespace':
      return 'deleting a namespace deletes every object in it, PersistentVolumeClaims (and their EBS volumes) included';
    case 'PersistentVolumeClaim':
      return 'its volume is deleted with it when its class reclaims with Delete';
    case 'PersistentVolume':
      return 'a persistent volume';
    case 'StorageClass':
      return 'claims that name it can no longer be provisioned, and its volumes can no longer be expanded';
    case 'CustomResourceDefinition':
      return 'deleting a CRD deletes every object of its kind';
    case 'VolumeSnapshot':
    case 'VolumeSnapshotContent':
      return 'a volume snapshot';
    case 'StatefulSet':
      if ((object.spec?.volumeClaimTemplates ?? []).length > 0) return 'its pods hold PersistentVolumeClaims';
  }
  if (group === 'monitoring.coreos.com' && ['Prometheus', 'Alertmanager', 'ThanosRuler'].includes(kind) && object.spec?.storage)
    return 'the operator runs it as a StatefulSet that holds volumes';
  if (group === 'kustomize.toolkit.fluxcd.io' && kind === 'Kustomization' && object.spec?.prune)
    return 'Flux deletes every object it applied (prune), the running applications';
  if (group.endsWith('.services.k8s.aws')) return 'its ACK controller deletes the AWS resource it manages';
  if (['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod'].includes(kind) && mountsClaims(podSpecOf(object)))
    return 'it mounts PersistentVolumeClaims';
  return undefined;
}

/**
 * Why uninstalling a chart loses data: CRD charts (CRDs in templates/, unlike a chart's crds/
 * folder, which Helm never deletes). StatefulSets' volume claims survive an uninstall.
 */
export function statefulChart(chart: string): string | undefined {
  if (/-crds?$/.test(chart) || CHARTS_WITH_CRDS_IN_TEMPLATES.has(chart))
    return 'it owns CRDs: uninstalling it deletes every object of their kinds';
  return undefined;
}

/** Controllers whose charts install their CRDs from templates/ (the render test keeps this list honest). */
const CHARTS_WITH_CRDS_IN_TEMPLATES = new Set(['external-secrets', 'keda', 'admission-controller', 'flux2']);

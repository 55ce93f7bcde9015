import { ackDbSubnetGroupName } from '../ack-services';
import { RETAINED_STORAGE_CLASS } from '../../charts/storage-chart';
import { RETAINED_BECAUSE } from '../../constructs/retained-on-removal';
import type { EnvironmentConfig } from '../config/parse';

/** A CloudFormation template, as much of it as the teardown plan reads. */
export interface TeardownTemplate {
  readonly Resources?: Record<
    string,
    { readonly Type: string; readonly DeletionPolicy?: string; readonly Metadata?: Record<string, unknown> }
  >;
}

export interface RetainedResource {
  readonly stack: string;
  readonly logicalId: string;
  readonly type: string;
  /** How to remove it by hand, where the platform knows. */
  readonly removeBy: string;
}

export interface TeardownStep {
  readonly title: string;
  readonly why: string;
  readonly commands: readonly string[];
}

export interface TeardownPlan {
  readonly environment: string;
  /** Resources `cdk destroy` deletes, counted by type, per stack. */
  readonly deleted: ReadonlyMap<string, ReadonlyMap<string, number>>;
  readonly retained: readonly RetainedResource[];
  /** What lives outside CloudFormation, in the order it must go, before and after `cdk destroy`. */
  readonly before: readonly TeardownStep[];
  readonly destroy: TeardownStep;
  readonly after: readonly TeardownStep[];
  /** Deletion or termination protection is on: the retained list shrinks once step 1 turns it off. */
  readonly protectedNow: boolean;
}

const REMOVE_BY: Record<string, (env: EnvironmentConfig) => string> = {
  'AWS::EKS::Cluster': (env) =>
    `aws eks delete-cluster --region ${env.region} --name ${env.cluster.name}  # after: aws eks update-cluster-config --no-deletion-protection`,
  'AWS::KMS::Key': (env) =>
    `aws kms schedule-key-deletion --region ${env.region} --pending-window-in-days 30 --key-id <key id>  # only once nothing encrypted with it is kept`,
  'AWS::Logs::LogGroup': (env) => `aws logs delete-log-group --region ${env.region} --log-group-name <name>`,
  'AWS::SecretsManager::Secret': (env) => `aws secretsmanager delete-secret --region ${env.region} --secret-id <name>`,
  'AWS::S3::Bucket': () => 'aws s3 rb s3://<bucket> --force',
  'AWS::RDS::DBSubnetGroup': (env) =>
    `aws rds delete-db-subnet-group --region ${env.region} --db-subnet-group-name <name>  # once no team database uses it`,
  'AWS::EC2::SecurityGroup': (env) => `aws ec2 delete-security-group --region ${env.region} --group-id <id>  # once nothing uses it`,
  // Stateful manifests (namespaces, claims) are kept when they leave the template; the cluster's deletion takes them.
  'Custom::AWSCDK-EKS-KubernetesResource': () =>
    'kubectl delete the objects it applied before the destroy if their data matters elsewhere; they go with the cluster',
  'Custom::AWSCDK-EKS-HelmChart': () => 'helm uninstall it before the destroy if it must clean up; it goes with the cluster',
};

const RETAINING = new Set(['Retain', 'RetainExceptOnCreate', 'Snapshot']);

/**
 * How to remove one environment completely: what `cdk destroy` deletes and keeps (from the
 * synthesized templates), and what the cluster created outside CloudFormation, which must go
 * first (load balancers, volumes) or is checked after (Karpenter's instances, leftover ENIs).
 */
export function planTeardown(env: EnvironmentConfig, templates: ReadonlyMap<string, TeardownTemplate>): TeardownPlan {
  const deleted = new Map<string, Map<string, number>>();
  const retained: RetainedResource[] = [];
  for (const [stack, template] of templates) {
    const counts = new Map<string, number>();
    for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
      if (RETAINING.has(resource.DeletionPolicy ?? '')) {
        const removeBy =
          REMOVE_BY[resource.Type]?.(env) ?? `find it in the console by the stack's tags (aws:cloudformation:logical-id=${logicalId})`;
        const because = resource.Metadata?.[RETAINED_BECAUSE];
        retained.push({
          stack,
          logicalId,
          type: resource.Type,
          removeBy: typeof because === 'string' ? `${removeBy} (kept because ${because})` : removeBy,
        });
      } else counts.set(resource.Type, (counts.get(resource.Type) ?? 0) + 1);
    }
    deleted.set(stack, counts);
  }

  const { name: cluster } = env.cluster;
  const aws = `aws --region ${env.region}`;
  const before: TeardownStep[] = [
    ...(env.deletionProtection || env.terminationProtection
      ? [
          {
            title: 'Turn protection off',
            why: 'EKS deletion protection and stack termination protection refuse the destroy; protected resources are also retained.',
            commands: [
              `# lib/config/environments.ts, ${env.name}: deletionProtection: false, terminationProtection: false`,
              `npx cdk deploy -c env=${env.name} '${env.name}/*'`,
            ],
          },
        ]
      : []),
    {
      title: "Remove the teams' Ingresses and LoadBalancer Services",
      why: 'The load balancer controller made their ALBs/NLBs, target groups and security groups; they hold the VPC, and only the running controller deletes them.',
      commands: [
        'kubectl get ingress -A; kubectl get svc -A --field-selector spec.type=LoadBalancer',
        'kubectl delete ingress -n <team namespace> --all; kubectl delete svc -n <team namespace> <name>',
        `${aws} resourcegroupstaggingapi get-resources --resource-type-filters elasticloadbalancing:loadbalancer --tag-filters Key=elbv2.k8s.aws/cluster,Values=${cluster}  # wait until empty`,
      ],
    },
    {
      title: 'Delete workloads and their PersistentVolumeClaims',
      why: `Volumes of the ${RETAINED_STORAGE_CLASS} class outlive their claims by design; delete the data you do not keep, note the rest.`,
      commands: [
        'kubectl delete pvc -n <team namespace> --all',
        `kubectl get pv -o custom-columns=NAME:.metadata.name,CLASS:.spec.storageClassName,RECLAIM:.spec.persistentVolumeReclaimPolicy,VOLUME:.spec.csi.volumeHandle`,
      ],
    },
  ];
  const destroy: TeardownStep = {
    title: 'cdk destroy',
    why: "CloudFormation deletes in reverse dependency order: the NodePools before Karpenter's controller (which drains and terminates its nodes), the platform's Ingresses before the load balancer controller, the cluster stack before the network stack.",
    commands: [`npx cdk destroy -c env=${env.name} '${env.name}/*'`],
  };
  const after: TeardownStep[] = [
    {
      title: "Check Karpenter's instances and launch templates are gone",
      why: 'Karpenter terminates its nodes when their NodePools go; instances it could not drain, and its launch templates, stay.',
      commands: [
        `${aws} ec2 describe-instances --filters Name=tag-key,Values=karpenter.sh/nodepool Name=tag:kubernetes.io/cluster/${cluster},Values=owned Name=instance-state-name,Values=pending,running,stopped --query 'Reservations[].Instances[].InstanceId'`,
        `${aws} ec2 describe-launch-templates --filters Name=tag:karpenter.k8s.aws/cluster,Values=${cluster} --query 'LaunchTemplates[].LaunchTemplateId'`,
        `${aws} ec2 delete-launch-template --launch-template-id <id>`,
      ],
    },
    {
      title: 'Volumes left by Retain-class PersistentVolumes',
      why: 'The EBS CSI driver never deletes a Retain volume: they are billed until removed.',
      commands: [
        `${aws} ec2 describe-volumes --filters Name=tag:KubernetesCluster,Values=${cluster} --query 'Volumes[].[VolumeId,State,Size]'`,
        `${aws} ec2 delete-volume --volume-id <id>  # after a snapshot, if the data matters`,
      ],
    },
    {
      title: 'Leftover network interfaces',
      why: 'VPC CNI and load balancer ENIs left "available" block deleting the subnets and security groups; the network stack fails on them.',
      commands: [
        `${aws} ec2 describe-network-interfaces --filters Name=tag:cluster.k8s.amazonaws.com/name,Values=${cluster} Name=status,Values=available --query 'NetworkInterfaces[].NetworkInterfaceId'`,
        `${aws} ec2 delete-network-interface --network-interface-id <id>; then npx cdk destroy -c env=${env.name} '${env.name}/*' again`,
      ],
    },
  ];
  if (env.ack.enabled) after.push(...ackTeardown(env, aws));
  return {
    environment: env.name,
    deleted,
    retained,
    before,
    destroy,
    after,
    protectedNow: env.deletionProtection || env.terminationProtection,
  };
}

/**
 * What teams made through ACK outlives the capability (delete propagation RETAIN, namespaces
 * defaulting to `deletion-policy: retain`), and the retained database subnet group and security
 * group keep the VPC, so the network stack's destroy fails until they are gone.
 */
function ackTeardown(env: EnvironmentConfig, aws: string): TeardownStep[] {
  return [
    {
      title: 'Buckets and databases teams made through ACK',
      why: 'The ACK capability and the team namespaces retain them on deletion: they stay in the account, billed, until someone decides.',
      commands: [
        `${aws} resourcegroupstaggingapi get-resources --tag-filters Key=eks:eks-capability-arn --query 'ResourceTagMappingList[].[ResourceARN,Tags[?Key==\`eks:eks-capability-arn\`].Value|[0]]' --output text | grep '/${env.cluster.name}/'`,
        `${aws} rds delete-db-instance --db-instance-identifier <id> --final-db-snapshot-identifier <id>-final  # or keep it`,
        'aws s3 rb s3://<bucket> --force  # after copying what matters, or keep it',
      ],
    },
    ...(env.ack.services.includes('rds')
      ? [
          {
            title: 'The ACK database subnet group and security group',
            why: "Retained for the teams' databases; the security group holds the VPC, so the network stack cannot be deleted while it exists.",
            commands: [
              `${aws} rds delete-db-subnet-group --db-subnet-group-name ${ackDbSubnetGroupName(env.cluster.name)}`,
              `${aws} ec2 delete-security-group --group-id <the DbSecurityGroupId output>; then npx cdk destroy -c env=${env.name} '${env.name}/*' again`,
            ],
          },
        ]
      : []),
  ];
}

/** The plan as the terminal shows it. */
export function renderTeardown(plan: TeardownPlan): string {
  const step = (index: number, s: TeardownStep) => [
    `  ${index}. ${s.title}: ${s.why}`,
    ...s.commands.map((command) => `       ${command}`),
  ];
  const steps = [...plan.before, plan.destroy, ...plan.after];
  return [
    `Teardown plan: ${plan.environment}`,
    '',
    'cdk destroy deletes',
    ...[...plan.deleted].map(([stack, counts]) => `  ${stack}: ${[...counts].map(([type, count]) => `${count} ${type}`).join(', ')}`),
    '',
    `cdk destroy retains (${plan.retained.length})${plan.protectedNow ? ': as synthesized now, with protection on; run this again after step 1' : ''}`,
    ...(plan.retained.length === 0 ? ['  nothing'] : plan.retained.map((r) => `  ${r.stack}/${r.logicalId} (${r.type}): ${r.removeBy}`)),
    '',
    'In order',
    ...steps.flatMap((s, index) => step(index + 1, s)),
  ].join('\n');
}

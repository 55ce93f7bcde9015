import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as cdk8s from 'cdk8s';
import type { IDependable } from 'constructs';
import { Construct } from 'constructs';
import { KarpenterNodePoolsChart } from '../charts/karpenter-nodepools-chart';
import type { KarpenterConfig } from '../lib/config/karpenter-schema';
import type { HelmChartPin } from '../lib/config/version-matrix';
import { SYSTEM_WORKLOAD_PLACEMENT } from '../lib/system-node-placement';
import { KARPENTER_POLICY_VERSION, karpenterControllerStatements, karpenterWildcardAcknowledgements } from './karpenter-controller-policy';
import { KarpenterInterruptionQueue } from './karpenter-interruption-queue';
import { KarpenterNodeSecurityGroup } from './karpenter-node-security-group';
import { acknowledgeNagFinding, wildcardResourceFinding } from './nag';
import { nodeRole } from './node-role';
import { pinnedHelmRelease } from './pinned-helm-release';
import { retainedOnRemoval } from './retained-on-removal';
import { ServiceAccountRole } from './service-account-role';
import { splitIntoManagedPolicies } from './split-managed-policies';

export interface KarpenterProps {
  readonly cluster: eks.Cluster;
  /** Literal name and region: they appear in IAM condition keys. */
  readonly clusterName: string;
  readonly region: string;
  readonly vpc: ec2.IVpc;
  readonly config: KarpenterConfig;
  readonly controllerChart: HelmChartPin;
  readonly crdChart: HelmChartPin;
  /** The node image release for the configured AMI family, from the version matrix. */
  readonly amiRelease: string;
  /** Max pods for the kubelet when prefix delegation is on. */
  readonly maxPods?: number;
  readonly tags: Readonly<Record<string, string>>;
  /** What the controller needs first: the system node group it runs on, DNS. */
  readonly dependsOn: readonly IDependable[];
}

const NAMESPACE = 'kube-system';
const SERVICE_ACCOUNT = 'karpenter';

/**
 * Karpenter, AWS side and cluster side: the node role (with an EC2_LINUX access entry), the
 * node security group, the interruption queue and its rules, the controller's IRSA role with
 * upstream's scoped policies, the CRD and controller Helm releases on the system nodes, and the
 * EC2NodeClass and NodePools from config, applied once the CRDs exist.
 */
export class Karpenter extends Construct {
  readonly nodeRole: iam.Role;
  readonly controllerRole: iam.Role;
  readonly interruption: KarpenterInterruptionQueue;
  readonly nodeSecurityGroup: ec2.SecurityGroup;
  readonly controllerRelease: eks.HelmChart;
  readonly nodePools: eks.KubernetesManifest;

  constructor(scope: Construct, id: string, props: KarpenterProps) {
    super(scope, id);

    this.nodeRole = nodeRole(this, 'NodeRole', `Karpenter nodes of EKS cluster ${props.clusterName}`);
    new eks.AccessEntry(this, 'NodeAccess', {
      cluster: props.cluster,
      principal: this.nodeRole.roleArn,
      accessEntryType: eks.AccessEntryType.EC2_LINUX,
      accessPolicies: [],
    });

    this.nodeSecurityGroup = new KarpenterNodeSecurityGroup(this, 'NodeSecurityGroup', {
      cluster: props.cluster,
      clusterName: props.clusterName,
      vpc: props.vpc,
    }).securityGroup;
    this.interruption = new KarpenterInterruptionQueue(this, 'Interruption');

    const statementGroups = karpenterControllerStatements({
      clusterName: props.clusterName,
      region: props.region,
      nodeRoleArn: this.nodeRole.roleArn,
      interruptionQueueArn: this.interruption.queue.queueArn,
    });
    this.controllerRole = new ServiceAccountRole(this, 'ControllerRole', {
      cluster: props.cluster,
      namespace: NAMESPACE,
      serviceAccountName: SERVICE_ACCOUNT,
      createServiceAccount: false,
      managedPolicies: Object.entries(statementGroups).flatMap(([group, statements]) =>
        splitIntoManagedPolicies(this, `${group}Policy`, statements, {
          description: `Karpenter ${KARPENTER_POLICY_VERSION} controller in ${props.clusterName}: ${group}`,
        }),
      ),
      description: `Karpenter controller in ${props.clusterName}`,
    }).role;

    for (const [resource, reason] of karpenterWildcardAcknowledgements(props.region))
      acknowledgeNagFinding(this, wildcardResourceFinding(resource), reason);
    acknowledgeNagFinding(
      this.interruption.queue,
      'AwsSolutions-SQS3',
      'Interruption events are useless after minutes, so a dead-letter queue would only hold stale ones; Karpenter deletes what it handles.',
    );

    // Uninstalling the CRDs would delete every NodePool and NodeClaim, and so every Karpenter node.
    const crdRelease = retainedOnRemoval(
      pinnedHelmRelease(this, 'CrdRelease', {
        cluster: props.cluster,
        chart: props.crdChart,
        namespace: NAMESPACE,
        release: 'karpenter-crd',
        values: {},
      }),
      "Karpenter's CRDs: deleting them deletes every NodePool and NodeClaim, and their nodes",
    );

    this.controllerRelease = pinnedHelmRelease(this, 'ControllerRelease', {
      cluster: props.cluster,
      chart: props.controllerChart,
      namespace: NAMESPACE,
      release: 'karpenter',
      // The karpenter-crd release owns the CRDs and is installed first. (aws-eks-v2's handler
      // does not pass --skip-crds on to Helm yet; Helm leaves CRDs that exist alone anyway.)
      skipCrds: true,
      values: {
        settings: {
          clusterName: props.clusterName,
          clusterEndpoint: props.cluster.clusterEndpoint,
          interruptionQueue: this.interruption.queue.queueName,
        },
        serviceAccount: {
          create: true,
          name: SERVICE_ACCOUNT,
          annotations: { 'eks.amazonaws.com/role-arn': this.controllerRole.roleArn, 'eks.amazonaws.com/sts-regional-endpoints': 'true' },
        },
        replicas: 2,
        podDisruptionBudget: { name: 'karpenter', maxUnavailable: 1 },
        controller: {
          resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } },
        },
        // Karpenter must never run on capacity it manages: system nodes only.
        nodeSelector: { 'kubernetes.io/os': 'linux', ...SYSTEM_WORKLOAD_PLACEMENT.nodeSelector },
        tolerations: SYSTEM_WORKLOAD_PLACEMENT.tolerations.map((toleration) => ({ ...toleration })),
        logLevel: 'info',
      },
    });
    // The controller watches its CRDs from its first start, and reads its interruption queue.
    this.controllerRelease.node.addDependency(crdRelease, this.interruption, ...props.dependsOn);

    // Not retained: NodePools own compute, not data (a pool dropped from config drains its nodes,
    // and volumes follow their pods), and `cdk destroy` deletes them so that Karpenter terminates
    // its instances before its controller goes.
    this.nodePools = new eks.KubernetesManifest(this, 'NodePools', {
      cluster: props.cluster,
      manifest: new KarpenterNodePoolsChart(new cdk8s.App(), 'karpenter-nodepools', {
        ...props.config,
        clusterName: props.clusterName,
        amiRelease: props.amiRelease,
        nodeRoleName: this.nodeRole.roleName,
        maxPods: props.maxPods,
        tags: props.tags,
      }).toJson(),
    });
    // NodePools need the CRDs, and the controller to act on them.
    this.nodePools.node.addDependency(this.controllerRelease);
  }
}

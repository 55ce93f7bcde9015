import type { IDependable } from 'constructs';
import { Construct } from 'constructs';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { CoreDnsConfig } from '../lib/config/coredns-schema';
import type { VpcCniConfig } from '../lib/config/vpc-cni-schema';
import type { EksAddonName } from '../lib/config/version-matrix';
import { SYSTEM_WORKLOAD_PLACEMENT } from '../lib/system-node-placement';
import { ebsCsiKmsPolicy } from './ebs-csi-kms-policy';
import { acknowledgeNagFinding, managedPolicyFinding } from './nag';
import { ServiceAccountRole } from './service-account-role';
import { vpcCniSettings } from './vpc-cni-settings';

/** The add-ons this construct installs; amazon-cloudwatch-observability belongs to monitoring, aws-efs-csi-driver to EFS. */
export type CoreAddonName = Exclude<EksAddonName, 'amazon-cloudwatch-observability' | 'aws-efs-csi-driver'>;

export interface ClusterAddonsProps {
  readonly cluster: eks.Cluster;
  /** Builds from the version matrix, exactly as EKS names them. */
  readonly versions: Readonly<Record<CoreAddonName, string>>;
  readonly vpcCni: VpcCniConfig;
  /** CoreDNS replica bounds; EKS's add-on autoscaler moves between them as nodes and cores come and go. */
  readonly coreDns: CoreDnsConfig;
  /** The key of the encrypted gp3 volumes; the EBS CSI driver is granted its use. */
  readonly ebsKmsKeyArn: string;
}

/** Add-ons nodes need to become Ready: created before the first node group. */
const NODE_PREREQUISITES: readonly CoreAddonName[] = ['vpc-cni', 'kube-proxy', 'eks-pod-identity-agent'];

/** Losing these takes pod networking or DNS down, so removing them from code keeps them running. */
const PRESERVED_ON_DELETE: readonly CoreAddonName[] = ['vpc-cni', 'kube-proxy', 'coredns'];

const systemPlacement = { nodeSelector: SYSTEM_WORKLOAD_PLACEMENT.nodeSelector, tolerations: SYSTEM_WORKLOAD_PLACEMENT.tolerations };

/**
 * The EKS managed add-ons, pinned per Kubernetes version: pod networking (VPC CNI with network
 * policy enforcement, kube-proxy), DNS, EBS volumes and snapshots, EKS Pod Identity and the
 * metrics API. Add-ons that call AWS get an IRSA role; their controllers run on system nodes.
 * Node prerequisites go in before the node group, the rest after it (`runAfter`).
 */
export class ClusterAddons extends Construct {
  readonly addons: ReadonlyMap<CoreAddonName, eks.CfnAddon>;
  readonly vpcCniRole: iam.Role;
  readonly ebsCsiRole: iam.Role;

  constructor(scope: Construct, id: string, props: ClusterAddonsProps) {
    super(scope, id);

    this.vpcCniRole = new ServiceAccountRole(this, 'VpcCniRole', {
      cluster: props.cluster,
      namespace: 'kube-system',
      serviceAccountName: 'aws-node',
      createServiceAccount: false,
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonEKS_CNI_Policy')],
      description: 'VPC CNI (aws-node): attach ENIs and assign pod addresses',
    }).role;

    this.ebsCsiRole = new ServiceAccountRole(this, 'EbsCsiRole', {
      cluster: props.cluster,
      namespace: 'kube-system',
      serviceAccountName: 'ebs-csi-controller-sa',
      createServiceAccount: false,
      managedPolicies: [
        iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonEBSCSIDriverPolicy'),
        ebsCsiKmsPolicy(this, 'EbsCsiKmsPolicy', props.ebsKmsKeyArn),
      ],
      description: 'EBS CSI driver: create, attach and snapshot encrypted volumes',
    }).role;

    acknowledgeNagFinding(
      this.vpcCniRole,
      managedPolicyFinding('AmazonEKS_CNI_Policy'),
      'The VPC CNI needs exactly the ENI and address permissions of this policy, which AWS updates with the CNI; the role admits only kube-system/aws-node.',
    );
    acknowledgeNagFinding(
      this.ebsCsiRole,
      managedPolicyFinding('service-role/AmazonEBSCSIDriverPolicy'),
      'The EBS CSI driver policy is scoped by AWS to volumes and snapshots the driver tags; the role admits only kube-system/ebs-csi-controller-sa.',
    );

    const configuration: Record<CoreAddonName, { values?: object; role?: iam.Role }> = {
      'vpc-cni': { values: vpcCniSettings(props.vpcCni), role: this.vpcCniRole },
      'kube-proxy': {},
      'eks-pod-identity-agent': {},
      coredns: {
        values: {
          // EKS's CoreDNS autoscaler (in the control plane) sets the replica count from the
          // cluster's nodes and cores, within these bounds; replicaCount is left to it.
          autoScaling: { enabled: true, ...props.coreDns.autoScaling },
          ...systemPlacement,
          podDisruptionBudget: { enabled: true, maxUnavailable: 1 },
          resources: { requests: { cpu: '100m', memory: '70Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
        },
      },
      'aws-ebs-csi-driver': {
        values: {
          controller: systemPlacement,
          // The node plugin mounts volumes wherever pods run, whatever the node's taints.
          node: { tolerateAllTaints: true },
          defaultStorageClass: { enabled: false },
        },
        role: this.ebsCsiRole,
      },
      // Only the keys each add-on's configuration schema accepts: an unknown key fails the deployment.
      'snapshot-controller': { values: { tolerations: SYSTEM_WORKLOAD_PLACEMENT.tolerations } },
      'metrics-server': { values: systemPlacement },
    };

    const addons = new Map<CoreAddonName, eks.CfnAddon>();
    for (const [name, { values, role }] of Object.entries(configuration) as [CoreAddonName, { values?: object; role?: iam.Role }][]) {
      addons.set(
        name,
        new eks.CfnAddon(this, name, {
          clusterName: props.cluster.clusterName,
          addonName: name,
          addonVersion: props.versions[name],
          // EKS installs its own copies of some add-ons with the cluster; ours take them over.
          resolveConflicts: 'OVERWRITE',
          preserveOnDelete: PRESERVED_ON_DELETE.includes(name),
          configurationValues: values ? JSON.stringify(values) : undefined,
          serviceAccountRoleArn: role?.roleArn,
        }),
      );
    }
    this.addons = addons;
  }

  /** Add-ons that must exist before nodes start, so nodes come up with the right pod addressing. */
  get nodePrerequisites(): IDependable[] {
    return NODE_PREREQUISITES.map((name) => this.addons.get(name)!);
  }

  /** Add-ons whose pods need nodes: EKS waits for them to be healthy, so they follow the node group. */
  runAfter(nodes: IDependable): void {
    for (const [name, addon] of this.addons) if (!NODE_PREREQUISITES.includes(name)) addon.node.addDependency(nodes);
  }
}

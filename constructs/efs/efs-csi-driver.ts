import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { SYSTEM_WORKLOAD_PLACEMENT } from '../../lib/system-node-placement';
import { acknowledgeNagFinding, managedPolicyFinding } from '../nag';
import { ServiceAccountRole } from '../service-account-role';

export interface EfsCsiDriverProps {
  readonly cluster: eks.ICluster;
  /** The add-on build, from the version matrix. */
  readonly addonVersion: string;
}

/** The ServiceAccount of the driver's controller, which creates and deletes access points. */
export const EFS_CSI_CONTROLLER_SERVICE_ACCOUNT = 'efs-csi-controller-sa';
const EFS_CSI_POLICY = 'service-role/AmazonEFSCSIDriverPolicy';

/**
 * The EKS managed add-on `aws-efs-csi-driver`: its controller on the system nodes, with an IRSA
 * role holding AWS's AmazonEFSCSIDriverPolicy (describe file systems and mount targets, create
 * access points tagged by the driver, delete only access points that carry its tag). The node
 * plugin runs on every node, as the add-on ships it, to mount volumes wherever pods land.
 */
export class EfsCsiDriver extends Construct {
  readonly role: iam.Role;
  readonly addon: eks.CfnAddon;

  constructor(scope: Construct, id: string, props: EfsCsiDriverProps) {
    super(scope, id);
    this.role = new ServiceAccountRole(this, 'Irsa', {
      cluster: props.cluster,
      namespace: 'kube-system',
      serviceAccountName: EFS_CSI_CONTROLLER_SERVICE_ACCOUNT,
      // The add-on creates the ServiceAccount and annotates it with serviceAccountRoleArn.
      createServiceAccount: false,
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName(EFS_CSI_POLICY)],
      description: 'EFS CSI driver controller: create and delete the access points of EFS claims',
    }).role;
    acknowledgeNagFinding(
      this.role,
      managedPolicyFinding(EFS_CSI_POLICY),
      'AWS scopes AmazonEFSCSIDriverPolicy to access points the driver tags (efs.csi.aws.com/cluster) and updates it with the driver; the role admits only kube-system/efs-csi-controller-sa.',
    );

    this.addon = new eks.CfnAddon(this, 'Addon', {
      clusterName: props.cluster.clusterName,
      addonName: 'aws-efs-csi-driver',
      addonVersion: props.addonVersion,
      resolveConflicts: 'OVERWRITE',
      serviceAccountRoleArn: this.role.roleArn,
      configurationValues: JSON.stringify({
        controller: { nodeSelector: SYSTEM_WORKLOAD_PLACEMENT.nodeSelector, tolerations: SYSTEM_WORKLOAD_PLACEMENT.tolerations },
      }),
    });
  }
}

import type { RemovalPolicy } from 'aws-cdk-lib';
import { Size } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as cdk8s from 'cdk8s';
import { Construct } from 'constructs';
import { retainedOnRemoval } from '../retained-on-removal';
import { EfsStorageClassChart } from '../../charts/efs-storage-class-chart';
import type { EfsConfig } from '../../lib/config/efs-schema';
import { EfsCsiDriver } from './efs-csi-driver';
import { FileSystemSecurityGroup } from './file-system-security-group';

export interface SharedFileSystemProps {
  readonly cluster: eks.ICluster;
  readonly clusterName: string;
  readonly vpc: ec2.IVpc;
  readonly config: EfsConfig;
  /** The platform's volume key, used unless config names a key. */
  readonly platformKeyArn: string;
  /** Security groups whose members (nodes) may mount. */
  readonly nodeSecurityGroups: readonly { readonly id: string; readonly securityGroup: ec2.ISecurityGroup }[];
  /** The aws-efs-csi-driver build from the version matrix. */
  readonly addonVersion: string;
  /** The environment's removal policy: the file system holds data. */
  readonly removalPolicy: RemovalPolicy;
  /** Production (deletion-protected) environments back the file system up every day with AWS Backup. */
  readonly automaticBackups: boolean;
}

const LIFECYCLE: Record<number, efs.LifecyclePolicy> = {
  1: efs.LifecyclePolicy.AFTER_1_DAY,
  7: efs.LifecyclePolicy.AFTER_7_DAYS,
  14: efs.LifecyclePolicy.AFTER_14_DAYS,
  30: efs.LifecyclePolicy.AFTER_30_DAYS,
  60: efs.LifecyclePolicy.AFTER_60_DAYS,
  90: efs.LifecyclePolicy.AFTER_90_DAYS,
  180: efs.LifecyclePolicy.AFTER_180_DAYS,
  270: efs.LifecyclePolicy.AFTER_270_DAYS,
  365: efs.LifecyclePolicy.AFTER_365_DAYS,
};

const THROUGHPUT: Record<EfsConfig['throughputMode'], efs.ThroughputMode> = {
  elastic: efs.ThroughputMode.ELASTIC,
  bursting: efs.ThroughputMode.BURSTING,
  provisioned: efs.ThroughputMode.PROVISIONED,
};

/**
 * Shared ReadWriteMany storage: one encrypted EFS file system with a mount target in every
 * private subnet (one per AZ), reachable over NFS from the nodes only; the EFS CSI driver add-on
 * with its IRSA role; and the `efs` StorageClass, in a manifest of its own that is never pruned
 * and retained when it leaves the template (deleting a class strands its volumes).
 *
 * The file system, its security group and mount targets depend on the VPC and key only, so
 * CloudFormation creates them while the cluster is still coming up; only the NFS rules (which
 * name the cluster's security group), the add-on and the StorageClass wait for the cluster.
 */
export class SharedFileSystem extends Construct {
  readonly fileSystem: efs.FileSystem;
  readonly driver: EfsCsiDriver;
  readonly storageClass: eks.KubernetesManifest;

  constructor(scope: Construct, id: string, props: SharedFileSystemProps) {
    super(scope, id);
    const { config } = props;

    const securityGroup = new FileSystemSecurityGroup(this, 'MountTargets', {
      vpc: props.vpc,
      clusterName: props.clusterName,
      nodeSecurityGroups: props.nodeSecurityGroups,
    }).securityGroup;

    this.fileSystem = new efs.FileSystem(this, 'FileSystem', {
      vpc: props.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroup,
      fileSystemName: `${props.clusterName}-shared`,
      encrypted: true,
      kmsKey: kms.Key.fromKeyArn(this, 'Key', config.kmsKeyArn ?? props.platformKeyArn),
      lifecyclePolicy: LIFECYCLE[config.transitionToInfrequentAccessDays],
      // A file read from Infrequent Access moves back, so a file in use is not charged per read.
      outOfInfrequentAccessPolicy: efs.OutOfInfrequentAccessPolicy.AFTER_1_ACCESS,
      performanceMode: config.performanceMode === 'maxIO' ? efs.PerformanceMode.MAX_IO : efs.PerformanceMode.GENERAL_PURPOSE,
      throughputMode: THROUGHPUT[config.throughputMode],
      provisionedThroughputPerSecond:
        config.provisionedThroughputMibps === undefined ? undefined : Size.mebibytes(config.provisionedThroughputMibps),
      enableAutomaticBackups: props.automaticBackups,
      // Reachable only from the nodes' security groups; the driver mounts with TLS. No file system
      // policy: one requiring IAM would need the add-on's node plugin to carry a role of its own.
      allowAnonymousAccess: true,
      removalPolicy: props.removalPolicy,
    });

    this.driver = new EfsCsiDriver(this, 'CsiDriver', { cluster: props.cluster, addonVersion: props.addonVersion });

    // Volumes provisioned from the class outlive it: never pruned, and kept when it leaves the template.
    this.storageClass = retainedOnRemoval(
      new eks.KubernetesManifest(this, 'StorageClass', {
        cluster: props.cluster,
        manifest: new EfsStorageClassChart(new cdk8s.App(), 'efs-storage-class', {
          fileSystemId: this.fileSystem.fileSystemId,
          ...config.storageClass,
        }).toJson(),
        prune: false,
      }),
      'the efs storage class: the access points and files of the claims provisioned from it',
    );
  }
}

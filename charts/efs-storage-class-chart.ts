import { Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-34';
import type { Construct } from 'constructs';

/** The EFS CSI driver's name, as StorageClasses refer to it. */
export const EFS_CSI_DRIVER = 'efs.csi.aws.com';
export const EFS_STORAGE_CLASS = 'efs';

export interface EfsStorageClassChartProps {
  readonly fileSystemId: string;
  /** Each claim's directory is created under this path. */
  readonly basePath: string;
  /** Octal permissions of each claim's directory. */
  readonly directoryPerms: string;
  /** Each claim's access point gets one UID/GID from this range. */
  readonly gidRangeStart: number;
  readonly gidRangeEnd: number;
}

/**
 * The `efs` StorageClass: ReadWriteMany claims on the shared file system, each provisioned as its
 * own EFS access point (`efs-ap`) with a directory under the base path and a UID/GID of its own,
 * so claims cannot read each other's files. Retain: deleting a claim keeps its data (the access
 * point and directory stay) until an operator removes them. Not the default class.
 */
export class EfsStorageClassChart extends Chart {
  constructor(scope: Construct, id: string, props: EfsStorageClassChartProps) {
    super(scope, id);
    new k8s.KubeStorageClass(this, 'Efs', {
      metadata: { name: EFS_STORAGE_CLASS, annotations: { 'storageclass.kubernetes.io/is-default-class': 'false' } },
      provisioner: EFS_CSI_DRIVER,
      parameters: {
        provisioningMode: 'efs-ap',
        fileSystemId: props.fileSystemId,
        directoryPerms: props.directoryPerms,
        basePath: props.basePath,
        gidRangeStart: String(props.gidRangeStart),
        gidRangeEnd: String(props.gidRangeEnd),
        // Names the directory after the claim, so an operator can tell them apart on the file system.
        subPathPattern: '${.PVC.namespace}/${.PVC.name}',
        ensureUniqueDirectory: 'true',
      },
      // NFS over TLS between the node and the mount target.
      mountOptions: ['tls'],
      reclaimPolicy: 'Retain',
      volumeBindingMode: 'Immediate',
    });
  }
}

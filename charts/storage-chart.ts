import { Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-34';
import type { Construct } from 'constructs';

export interface StorageChartProps {
  /** KMS key (ARN) that encrypts every volume of the gp3 classes. */
  readonly kmsKeyArn: string;
}

/** The EBS CSI driver's name, as StorageClasses and VolumeSnapshotClasses refer to it. */
export const EBS_CSI_DRIVER = 'ebs.csi.aws.com';

export const DEFAULT_STORAGE_CLASS = 'gp3';
export const RETAINED_STORAGE_CLASS = 'gp3-retain';

/**
 * Storage for stateful workloads: `gp3` (the default) and `gp3-retain` (keeps the volume when
 * its claim is deleted), both encrypted with the platform key, bound when the pod is scheduled
 * because an EBS volume lives in one AZ, and expandable in place. StorageClass parameters cannot
 * change after creation: a new key or volume type needs a new class. (The snapshot class is in
 * snapshot-class-chart.ts: it holds no data, so it stays out of the retained storage manifest.)
 */
export class StorageChart extends Chart {
  constructor(scope: Construct, id: string, props: StorageChartProps) {
    super(scope, id);

    const gp3 = (name: string, reclaimPolicy: 'Delete' | 'Retain', isDefault: boolean) =>
      new k8s.KubeStorageClass(this, name, {
        metadata: { name, annotations: { 'storageclass.kubernetes.io/is-default-class': String(isDefault) } },
        provisioner: EBS_CSI_DRIVER,
        parameters: { type: 'gp3', encrypted: 'true', kmsKeyId: props.kmsKeyArn, 'csi.storage.k8s.io/fstype': 'ext4' },
        reclaimPolicy,
        volumeBindingMode: 'WaitForFirstConsumer',
        allowVolumeExpansion: true,
      });
    gp3(DEFAULT_STORAGE_CLASS, 'Delete', true);
    gp3(RETAINED_STORAGE_CLASS, 'Retain', false);
  }
}

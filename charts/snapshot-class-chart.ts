import { ApiObject, Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { EBS_CSI_DRIVER } from './storage-chart';

/** The default VolumeSnapshotClass, for the EBS CSI driver: snapshots are deleted with their VolumeSnapshot. */
export class SnapshotClassChart extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new ApiObject(this, 'SnapshotClass', {
      apiVersion: 'snapshot.storage.k8s.io/v1',
      kind: 'VolumeSnapshotClass',
      metadata: { name: 'ebs-csi', annotations: { 'snapshot.storage.kubernetes.io/is-default-class': 'true' } },
      driver: EBS_CSI_DRIVER,
      deletionPolicy: 'Delete',
    });
  }
}

import type { RemovalPolicy } from 'aws-cdk-lib';
import { Duration } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as cdk8s from 'cdk8s';
import { Construct } from 'constructs';
import { SnapshotClassChart } from '../charts/snapshot-class-chart';
import { StorageChart } from '../charts/storage-chart';
import { retainedOnRemoval } from './retained-on-removal';

export interface PlatformStorageProps {
  readonly cluster: eks.ICluster;
  readonly clusterName: string;
  /** Use this key for volumes instead of creating one (its key policy must let the account's IAM grant it). */
  readonly existingKeyArn?: string;
  /** For the created key: kept or destroyed with the stack. */
  readonly removalPolicy: RemovalPolicy;
}

/**
 * The KMS key that encrypts persistent volumes, the storage classes that use it (retained when
 * they leave the template), the default snapshot class (apart: it holds no data), and the
 * EKS-created `gp2` class demoted so that claims without a class get `gp3`.
 */
export class PlatformStorage extends Construct {
  readonly volumeKeyArn: string;
  readonly storageClasses: eks.KubernetesManifest;
  readonly snapshotClass: eks.KubernetesManifest;
  readonly gp2Patch: eks.KubernetesPatch;

  constructor(scope: Construct, id: string, props: PlatformStorageProps) {
    super(scope, id);

    this.volumeKeyArn =
      props.existingKeyArn ??
      new kms.Key(this, 'VolumeKey', {
        alias: `alias/eks/${props.clusterName}/volumes`,
        description: `Encryption of persistent volumes in EKS cluster ${props.clusterName}`,
        enableKeyRotation: true,
        pendingWindow: Duration.days(30),
        removalPolicy: props.removalPolicy,
      }).keyArn;

    // Deleting a class would strand the volumes provisioned from it: never pruned, and retained.
    this.storageClasses = retainedOnRemoval(
      new eks.KubernetesManifest(this, 'StorageClasses', {
        cluster: props.cluster,
        manifest: new StorageChart(new cdk8s.App(), 'storage', { kmsKeyArn: this.volumeKeyArn }).toJson(),
        prune: false,
      }),
      'storage classes: the volumes provisioned from them',
    );
    this.snapshotClass = new eks.KubernetesManifest(this, 'SnapshotClass', {
      cluster: props.cluster,
      manifest: new SnapshotClassChart(new cdk8s.App(), 'snapshot-class').toJson(),
      // Like the storage classes: a class dropped from config stays for the snapshots taken with it.
      prune: false,
    });

    // EKS creates gp2; clusters created before 1.30 also marked it default. Two defaults make
    // class-less claims fail, so gp2 is explicitly not the default.
    this.gp2Patch = new eks.KubernetesPatch(this, 'Gp2NotDefault', {
      cluster: props.cluster,
      resourceName: 'storageclass/gp2',
      applyPatch: { metadata: { annotations: { 'storageclass.kubernetes.io/is-default-class': 'false' } } },
      restorePatch: { metadata: { annotations: { 'storageclass.kubernetes.io/is-default-class': 'false' } } },
    });
  }
}

import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import {
  ExternalSecret,
  ExternalSecretSpecSecretStoreRefKind,
  ExternalSecretSpecTargetCreationPolicy,
  ExternalSecretSpecTargetDeletionPolicy,
} from './imports/external-secrets.io';

/** One key of the Kubernetes Secret, from one Secrets Manager secret (or one JSON property of it). */
export interface SyncedSecretKey {
  readonly key: string;
  readonly secretName: string;
  readonly property?: string;
}

export interface SyncedSecretChartProps {
  /** The Kubernetes Secret's name and namespace; the ExternalSecret has the same. */
  readonly name: string;
  readonly namespace: string;
  readonly storeName: string;
  readonly keys: readonly SyncedSecretKey[];
  /** How soon a value changed in Secrets Manager reaches the Secret. */
  readonly refreshInterval: string;
}

/** An ExternalSecret that keeps one Kubernetes Secret equal to Secrets Manager secrets. */
export class SyncedSecretChart extends Chart {
  constructor(scope: Construct, id: string, props: SyncedSecretChartProps) {
    super(scope, id);
    new ExternalSecret(this, 'external-secret', {
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        secretStoreRef: { kind: ExternalSecretSpecSecretStoreRefKind.CLUSTER_SECRET_STORE, name: props.storeName },
        refreshInterval: props.refreshInterval,
        target: {
          name: props.name,
          // The Secret belongs to the ExternalSecret; if Secrets Manager loses a value, the Secret keeps the last one.
          creationPolicy: ExternalSecretSpecTargetCreationPolicy.OWNER,
          deletionPolicy: ExternalSecretSpecTargetDeletionPolicy.RETAIN,
        },
        data: props.keys.map(({ key, secretName, property }) => ({
          secretKey: key,
          remoteRef: { key: secretName, ...(property ? { property } : {}) },
        })),
      },
    });
  }
}

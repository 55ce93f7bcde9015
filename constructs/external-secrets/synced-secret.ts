import { Duration } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as cdk8s from 'cdk8s';
import { Construct } from 'constructs';
import { SyncedSecretChart } from '../../charts/synced-secret-chart';
import type { PlatformSecretStore } from './external-secrets-operator';
import type { PlatformSecret } from './platform-secret';

/** One key of the Kubernetes Secret: a platform secret's value, or one JSON property of it. */
export interface SyncedKey {
  readonly key: string;
  readonly from: PlatformSecret;
  readonly property?: string;
}

export interface SyncedSecretProps {
  readonly store: PlatformSecretStore;
  /** The Kubernetes Secret (and its ExternalSecret). The namespace must exist and be a platform namespace. */
  readonly name: string;
  readonly namespace: string;
  readonly keys: readonly SyncedKey[];
  /** @default 15 minutes: how soon a value put with the CLI reaches the Secret (or annotate the ExternalSecret to sync now). */
  readonly refreshInterval?: string;
}

/** How long a deploy waits for the operator to write the Secret: the first sync takes seconds. */
const SYNC_TIMEOUT = Duration.minutes(5);

/**
 * A Kubernetes Secret kept equal to platform secrets in Secrets Manager by an ExternalSecret.
 * `ready` completes only once the Secret exists, so that a release whose pods read it (and
 * wait for them) can depend on it: applying an ExternalSecret returns before the operator syncs.
 */
export class SyncedSecret extends Construct {
  readonly externalSecret: eks.KubernetesManifest;
  /** Completes when the Kubernetes Secret exists. */
  readonly ready: Construct;
  readonly secretName: string;

  constructor(scope: Construct, id: string, props: SyncedSecretProps) {
    super(scope, id);
    this.secretName = props.name;
    this.externalSecret = new eks.KubernetesManifest(this, 'ExternalSecret', {
      cluster: props.store.cluster,
      manifest: new SyncedSecretChart(new cdk8s.App(), 'synced-secret', {
        name: props.name,
        namespace: props.namespace,
        storeName: props.store.storeName,
        keys: props.keys.map(({ key, from, property }) => ({ key, secretName: from.secretName, property })),
        refreshInterval: props.refreshInterval ?? '15m',
      }).toJson(),
    });
    // The ExternalSecret kind and its webhook come with the operator; the values, with the secrets.
    // Not the store: the webhook checks the object, not that its store exists (the operator
    // retries until it does), so the store and the ExternalSecrets are applied side by side.
    this.externalSecret.node.addDependency(props.store.operator, ...props.keys.map(({ from }) => from.secret));

    // kubectl get retries until the Secret exists; only its uid comes back, never its data.
    this.ready = new eks.KubernetesObjectValue(this, 'Synced', {
      cluster: props.store.cluster,
      objectType: 'secret',
      objectName: props.name,
      objectNamespace: props.namespace,
      jsonPath: '.metadata.uid',
      timeout: SYNC_TIMEOUT,
    });
    // The operator writes the Secret once both the ExternalSecret and the store it names exist.
    this.ready.node.addDependency(this.externalSecret, props.store.ready);
  }
}

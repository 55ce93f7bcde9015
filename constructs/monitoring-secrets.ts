import { CfnOutput, Stack } from 'aws-cdk-lib';
import type { IDependable } from 'constructs';
import { Construct } from 'constructs';
import type { MonitoringConfig } from '../lib/config/monitoring-schema';
import { getSecretValueCommand, GRAFANA_ADMIN_SECRET_PATH, putSecretValueCommand, receiverSecretPath } from '../lib/platform-secrets';
import type { PlatformSecretStore } from './external-secrets/external-secrets-operator';
import { PlatformSecret } from './external-secrets/platform-secret';
import { SyncedSecret } from './external-secrets/synced-secret';
import type { MonitoringSecretNames } from './kube-prometheus-stack-values';
import { receiverHasSecret } from './kube-prometheus-stack-values';

export interface MonitoringSecretsProps {
  readonly store: PlatformSecretStore;
  readonly config: MonitoringConfig;
  /** Must exist already, and be a platform namespace (the store serves only those). */
  readonly namespace: string;
}

/**
 * The initial value of every receiver secret: a URL that resolves nowhere (`.invalid`, RFC 6761),
 * so that Alertmanager starts and routes from the first deploy, and a notification fails with a
 * log line naming this host, until the operator puts the real URL or key. Not a secret.
 * Never change it: CloudFormation would write the new value over every filled-in receiver.
 */
export const RECEIVER_PLACEHOLDER = 'https://receiver-not-configured.invalid/run-aws-secretsmanager-put-secret-value';

/**
 * The secrets Grafana and Alertmanager read, created in Secrets Manager by the platform and
 * synced into the monitoring namespace before kube-prometheus-stack is installed: Grafana's
 * admin login (generated password) and one secret per receiver with a URL or key.
 */
export class MonitoringSecrets extends Construct {
  readonly names: MonitoringSecretNames;
  /** Completes when every Kubernetes Secret exists. */
  readonly ready: IDependable[];
  readonly grafanaAdmin: PlatformSecret;
  readonly receivers: ReadonlyMap<string, PlatformSecret>;

  constructor(scope: Construct, id: string, props: MonitoringSecretsProps) {
    super(scope, id);
    const { store, namespace } = props;

    this.grafanaAdmin = new PlatformSecret(this, 'GrafanaAdmin', {
      store,
      path: GRAFANA_ADMIN_SECRET_PATH,
      description: "Grafana's admin login (generated); the platform syncs it to monitoring/grafana-admin",
      initialValue: { generated: { template: { 'admin-user': 'admin' }, key: 'admin-password' } },
    });
    const grafanaAdmin = new SyncedSecret(this, 'GrafanaAdminSecret', {
      store,
      name: 'grafana-admin',
      namespace,
      keys: ['admin-user', 'admin-password'].map((key) => ({ key, from: this.grafanaAdmin, property: key })),
    });

    const receivers = props.config.alertmanager.receivers.filter(receiverHasSecret);
    this.receivers = new Map(
      receivers.map((receiver) => [
        receiver.name,
        new PlatformSecret(this, `Receiver-${receiver.name}`, {
          store,
          path: receiverSecretPath(receiver.name),
          description: `The ${receiver.type === 'pagerduty' ? 'routing key' : 'URL'} of Alertmanager receiver ${receiver.name}; put it with the CLI (README: Monitoring)`,
          initialValue: { placeholder: RECEIVER_PLACEHOLDER },
        }),
      ]),
    );
    const receiverSecret =
      receivers.length === 0
        ? undefined
        : new SyncedSecret(this, 'ReceiversSecret', {
            store,
            name: 'alertmanager-receivers',
            namespace,
            keys: receivers.map((receiver) => ({ key: receiver.name, from: this.receivers.get(receiver.name)! })),
          });

    // What `cdk deploy` prints: how to read the Grafana login and fill each receiver.
    const region = Stack.of(this).region;
    new CfnOutput(this.grafanaAdmin, 'ReadCommand', {
      description: "Prints Grafana's admin login",
      value: getSecretValueCommand(region, this.grafanaAdmin.secretName),
    });
    for (const [name, secret] of this.receivers)
      new CfnOutput(secret, 'FillCommand', {
        description: `Puts the URL or key of Alertmanager receiver ${name}; paste it, then Ctrl-D`,
        value: putSecretValueCommand(region, secret.secretName),
      });

    this.names = { grafanaAdmin: grafanaAdmin.secretName, alertmanagerReceivers: receiverSecret?.secretName };
    this.ready = [grafanaAdmin.ready, ...(receiverSecret ? [receiverSecret.ready] : [])];
  }
}

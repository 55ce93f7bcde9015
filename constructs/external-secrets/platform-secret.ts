import { SecretValue } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { acknowledgeNagFinding } from '../nag';
import type { PlatformSecretStore } from './external-secrets-operator';

/** How a platform secret gets its first value; later values are the operator's, and deploys never touch them. */
export type PlatformSecretInitialValue =
  /** Secrets Manager generates it: a JSON object of the template's fields plus a random `key`. */
  | { readonly generated: { readonly template: Record<string, string>; readonly key: string } }
  /** A value that works but reaches no one (not secret), until the operator puts the real one. */
  | { readonly placeholder: string };

export interface PlatformSecretProps {
  readonly store: PlatformSecretStore;
  /** The name below `<env>/platform/`, e.g. `grafana/admin`. */
  readonly path: string;
  readonly description: string;
  readonly initialValue: PlatformSecretInitialValue;
}

/**
 * A Secrets Manager secret the platform's software reads through the External Secrets
 * Operator: named under the environment's prefix (so the operator may read it), encrypted with
 * the platform-secrets key, and kept per the environment's removal policy, since it holds state.
 * Its initial value never changes once deployed: CloudFormation only writes the value when this
 * property changes, so a value put with the CLI survives every later deploy.
 */
export class PlatformSecret extends Construct {
  readonly secret: secretsmanager.Secret;
  /** The full Secrets Manager name, `<env>/platform/<path>`. */
  readonly secretName: string;

  constructor(scope: Construct, id: string, props: PlatformSecretProps) {
    super(scope, id);
    this.secretName = `${props.store.namePrefix}${props.path}`;
    const initial = props.initialValue;
    this.secret = new secretsmanager.Secret(this, 'Secret', {
      secretName: this.secretName,
      description: props.description,
      encryptionKey: props.store.encryptionKey,
      removalPolicy: props.store.removalPolicy,
      ...('generated' in initial
        ? {
            generateSecretString: {
              secretStringTemplate: JSON.stringify(initial.generated.template),
              generateStringKey: initial.generated.key,
              passwordLength: 32,
              // Readable in any shell or form field; 32 characters from 62 is ~190 bits.
              excludePunctuation: true,
            },
          }
        : { secretStringValue: SecretValue.unsafePlainText(initial.placeholder) }),
    });
    acknowledgeNagFinding(
      this.secret,
      'AwsSolutions-SMG4',
      'Rotated by hand: no rotation Lambda can change a Slack URL or a PagerDuty key, and Grafana reads its admin password only at start-up.',
    );
  }
}

import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { ClusterSecretStore, ClusterSecretStoreSpecProviderAwsService } from './imports/external-secrets.io';
import { TENANT_LABEL } from './namespaces-chart';

export interface PlatformSecretStoreChartProps {
  /** The ClusterSecretStore's name, which ExternalSecrets refer to. */
  readonly name: string;
  readonly region: string;
  /** The operator's ServiceAccount, whose IRSA role may read the environment's platform secrets. */
  readonly serviceAccount: { readonly name: string; readonly namespace: string };
}

/**
 * The cluster's one way into AWS Secrets Manager: a ClusterSecretStore that authenticates as
 * the operator's IRSA ServiceAccount. Only platform namespaces may use it, so a team that can
 * create ExternalSecrets in its own namespace cannot read the platform's secrets through it.
 */
export class PlatformSecretStoreChart extends Chart {
  constructor(scope: Construct, id: string, props: PlatformSecretStoreChartProps) {
    super(scope, id);
    new ClusterSecretStore(this, 'store', {
      metadata: { name: props.name },
      spec: {
        conditions: [{ namespaceSelector: { matchLabels: { [TENANT_LABEL]: 'platform' } } }],
        provider: {
          aws: {
            service: ClusterSecretStoreSpecProviderAwsService.SECRETS_MANAGER,
            region: props.region,
            auth: { jwt: { serviceAccountRef: { name: props.serviceAccount.name, namespace: props.serviceAccount.namespace } } },
          },
        },
      },
    });
  }
}

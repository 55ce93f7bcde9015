import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { ClusterSecretStore, ClusterSecretStoreSpecProviderAwsService } from './imports/external-secrets.io';

export interface TeamSecretStoreChartProps {
  readonly name: string;
  readonly region: string;
  /** The one team namespace that may use the store. */
  readonly namespace: string;
  /** The service account (in the operator's namespace, out of the team's reach) whose IRSA role reads the team's secrets. */
  readonly serviceAccount: { readonly name: string; readonly namespace: string };
}

/**
 * A ClusterSecretStore that serves one team namespace: it authenticates as a service account of
 * its own, whose IAM role reads only that team's delivery secrets, so one team's ExternalSecrets
 * can never reach another team's or the platform's secrets. Cluster-scoped so the team cannot edit it.
 */
export class TeamSecretStoreChart extends Chart {
  constructor(scope: Construct, id: string, props: TeamSecretStoreChartProps) {
    super(scope, id);
    new ClusterSecretStore(this, 'store', {
      metadata: { name: props.name },
      spec: {
        conditions: [{ namespaces: [props.namespace] }],
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

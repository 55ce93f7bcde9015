import { Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-34';
import type { Construct } from 'constructs';
import type { GitSourceConfig } from '../lib/config/flux-schema';
import { Kustomization, KustomizationSpecSourceRefKind } from './imports/kustomize.toolkit.fluxcd.io';
import {
  Alert,
  AlertSpecEventSeverity,
  AlertSpecEventSourcesKind,
  Provider,
  ProviderSpecType,
} from './imports/notification.toolkit.fluxcd.io';
import { GitRepository } from './imports/source.toolkit.fluxcd.io';

export interface FluxTeamDeliveryChartProps {
  /** The team namespace everything here lives in and delivers into. */
  readonly namespace: string;
  /** The sources of this namespace. */
  readonly sources: readonly GitSourceConfig[];
  /** The service account Kustomizations reconcile as: bound to `admin` in this namespace only. */
  readonly serviceAccountName: string;
  /** The Secret (synced by External Secrets) that holds a source's credentials, when it has any. */
  readonly credentialsSecretOf: (source: GitSourceConfig) => string | undefined;
  /** Failures sent to Slack: the Secret in this namespace whose `address` key is the webhook, and the channel. */
  readonly slack?: { readonly secretName: string; readonly channel?: string };
}

/**
 * One team namespace's delivery from Git: a GitRepository and a Kustomization per configured
 * source, reconciled as the namespace's tenant service account. The service account may do what
 * a namespace admin may, here and nowhere else (a RoleBinding, never a ClusterRoleBinding), and
 * Flux runs with cross-namespace references off, so nothing in the team's repository can reach
 * another namespace or a cluster-scoped object. Failures of these sources go to Slack.
 */
export class FluxTeamDeliveryChart extends Chart {
  constructor(scope: Construct, id: string, props: FluxTeamDeliveryChartProps) {
    super(scope, id);
    const { namespace } = props;

    new k8s.KubeServiceAccount(this, 'Reconciler', {
      metadata: { name: props.serviceAccountName, namespace },
      // Flux impersonates it; no pod runs as it, so no token is mounted anywhere.
      automountServiceAccountToken: false,
    });
    new k8s.KubeRoleBinding(this, 'ReconcilerAdmin', {
      metadata: { name: `${props.serviceAccountName}-admin`, namespace },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'admin' },
      subjects: [{ kind: 'ServiceAccount', name: props.serviceAccountName, namespace }],
    });

    for (const source of props.sources) {
      const secretName = props.credentialsSecretOf(source);
      new GitRepository(this, `${source.name}-source`, {
        metadata: { name: source.name, namespace },
        spec: {
          url: source.url,
          ref: source.ref,
          interval: source.interval,
          ...(secretName ? { secretRef: { name: secretName } } : {}),
        },
      });
      new Kustomization(this, `${source.name}-kustomization`, {
        metadata: { name: source.name, namespace },
        spec: {
          sourceRef: { kind: KustomizationSpecSourceRefKind.GIT_REPOSITORY, name: source.name },
          path: source.path,
          interval: source.interval,
          prune: source.prune,
          // Every namespaced object is put in this namespace, whatever it names; cluster-scoped ones are refused by RBAC.
          targetNamespace: namespace,
          serviceAccountName: props.serviceAccountName,
          // A deploy that never becomes healthy turns the Kustomization not-ready (and alerts).
          wait: true,
          timeout: '5m',
        },
      });
    }

    if (props.slack && props.sources.length > 0) {
      new Provider(this, 'slack-provider', {
        metadata: { name: 'platform-slack', namespace },
        spec: {
          type: ProviderSpecType.SLACK,
          ...(props.slack.channel ? { channel: props.slack.channel } : {}),
          secretRef: { name: props.slack.secretName },
        },
      });
      new Alert(this, 'slack-alert', {
        metadata: { name: 'delivery-failures', namespace },
        spec: {
          providerRef: { name: 'platform-slack' },
          eventSeverity: AlertSpecEventSeverity.ERROR,
          eventSources: props.sources.flatMap((source) => [
            { kind: AlertSpecEventSourcesKind.GIT_REPOSITORY, name: source.name },
            { kind: AlertSpecEventSourcesKind.KUSTOMIZATION, name: source.name },
          ]),
          summary: `Delivery from Git into ${namespace} failed`,
        },
      });
    }
  }
}

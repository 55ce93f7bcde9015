import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as cdk8s from 'cdk8s';
import type { IDependable } from 'constructs';
import { Construct } from 'constructs';
import { FluxMonitorsChart } from '../../charts/flux-monitors-chart';
import type { FluxConfig } from '../../lib/config/flux-schema';
import type { HelmChartPin } from '../../lib/config/version-matrix';
import type { PlatformSecretStore } from '../external-secrets/external-secrets-operator';
import type { PlatformSecret } from '../external-secrets/platform-secret';
import { pinnedHelmRelease } from '../pinned-helm-release';
import { retainedOnRemoval } from '../retained-on-removal';
import { TeamDelivery } from './team-delivery';
import { FLUX_CONTROLLERS, FLUX_METRICS_PORT_NAME, fluxValues } from './values';

export interface FluxProps {
  readonly cluster: eks.ICluster;
  readonly environment: string;
  readonly config: FluxConfig;
  readonly chart: HelmChartPin;
  /** Must exist already (the platform namespaces chart), at the `restricted` Pod Security level. */
  readonly namespace: string;
  /** The system nodes, CoreDNS and the platform namespaces. */
  readonly dependsOn: readonly IDependable[];
  /** The team namespaces manifest: sources deliver into those namespaces. */
  readonly teamNamespaces?: IDependable;
  /** Prometheus' monitoring namespace and the release that installs the PodMonitor kind. */
  readonly monitoring: { readonly namespace: string; readonly release: IDependable };
  /** Where team Git credentials are encrypted and synced from. */
  readonly secretStore: PlatformSecretStore;
  /** The External Secrets Operator's namespace, where team stores' service accounts live. */
  readonly secretStoreNamespace: string;
  /** The Slack receiver's webhook secret and channel, when `flux.slackReceiver` names one. */
  readonly slack?: { readonly webhook: PlatformSecret; readonly channel?: string };
}

export const FLUX_RELEASE = 'flux2';

/**
 * Flux from its pinned chart (with its CRDs): the source, kustomize and notification controllers
 * on the system nodes, locked down for multi-tenancy, and the delivery of each configured Git
 * source into its team namespace (TeamDelivery). Prometheus scrapes the controllers.
 */
export class Flux extends Construct {
  readonly release: eks.HelmChart;
  readonly monitors: eks.KubernetesManifest;
  readonly deliveries: ReadonlyMap<string, TeamDelivery>;

  constructor(scope: Construct, id: string, props: FluxProps) {
    super(scope, id);

    // The release's templates hold Flux's CRDs: uninstalling it deletes every team's GitRepositories
    // and Kustomizations, and Flux then prunes what they applied.
    this.release = retainedOnRemoval(
      pinnedHelmRelease(this, 'Release', {
        cluster: props.cluster,
        chart: props.chart,
        namespace: props.namespace,
        release: FLUX_RELEASE,
        values: fluxValues(),
      }),
      "Flux's CRDs are templates of this release: uninstalling it deletes every GitRepository and Kustomization, and with them the applications they applied",
    );
    this.release.node.addDependency(...props.dependsOn);

    this.monitors = new eks.KubernetesManifest(this, 'Monitors', {
      cluster: props.cluster,
      manifest: new FluxMonitorsChart(new cdk8s.App(), 'flux-monitors', {
        namespace: props.monitoring.namespace,
        fluxNamespace: props.namespace,
        controllers: FLUX_CONTROLLERS,
        port: FLUX_METRICS_PORT_NAME,
      }).toJson(),
    });
    // The PodMonitor kind comes with kube-prometheus-stack. Not Flux's release: a monitor may exist
    // before the pods it selects, so it is applied beside Flux.
    this.monitors.node.addDependency(props.monitoring.release);

    const namespaces = [...new Set(props.config.gitSources.map((source) => source.namespace))];
    this.deliveries = new Map(
      namespaces.map((namespace) => [
        namespace,
        new TeamDelivery(this, `Delivery-${namespace}`, {
          environment: props.environment,
          namespace,
          sources: props.config.gitSources.filter((source) => source.namespace === namespace),
          platformStore: props.secretStore,
          operatorNamespace: props.secretStoreNamespace,
          slack: props.slack,
          dependsOn: [this.release, ...(props.teamNamespaces ? [props.teamNamespaces] : [])],
        }),
      ]),
    );
  }
}

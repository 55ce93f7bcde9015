import { Duration } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import type { Construct } from 'constructs';
import type { HelmChartPin } from '../lib/config/version-matrix';

export interface PinnedHelmReleaseOptions {
  readonly cluster: eks.ICluster;
  /** Chart, repository and version from the version matrix. */
  readonly chart: HelmChartPin;
  /** Must already exist: the platform's namespaces chart (or EKS) owns namespaces, not Helm. */
  readonly namespace: string;
  readonly release: string;
  readonly values: Record<string, unknown>;
  /** Leave the chart's crds/ folder alone, when another release owns the CRDs. */
  readonly skipCrds?: boolean;
}

/**
 * A Helm release the way the platform installs every chart: the pinned version, waiting for
 * its pods and rolling back if they do not come up, within a timeout below the kubectl
 * handler's 15-minute Lambda limit, so a stuck install fails cleanly instead of hanging.
 */
export function pinnedHelmRelease(scope: Construct, id: string, options: PinnedHelmReleaseOptions): eks.HelmChart {
  return new eks.HelmChart(scope, id, {
    cluster: options.cluster,
    repository: options.chart.repository,
    chart: options.chart.chart,
    version: options.chart.version,
    namespace: options.namespace,
    createNamespace: false,
    release: options.release,
    wait: true,
    atomic: true,
    timeout: Duration.minutes(10),
    values: options.values,
    skipCrds: options.skipCrds,
  });
}

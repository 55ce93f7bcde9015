import { KubectlV35Layer } from '@aws-cdk/lambda-layer-kubectl-v35';
import { KubectlV36Layer } from '@aws-cdk/lambda-layer-kubectl-v36';
import type { ILayerVersion } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';

/**
 * Everything that runs in or talks to the cluster, pinned per Kubernetes version. Nothing is
 * looked up at synth time: to move to a new build, change it here and review the diff.
 *
 * To support a new Kubernetes minor version: add `@aws-cdk/lambda-layer-kubectl-vNN` to
 * package.json, add an entry below with add-on builds that EKS lists as compatible with it
 * (`aws eks describe-addon-versions --kubernetes-version 1.NN`), and keep the previous entry so
 * that an environment can be upgraded one minor version at a time.
 */

/** EKS managed add-ons, by their EKS add-on name. */
export type EksAddonName =
  | 'vpc-cni'
  | 'coredns'
  | 'kube-proxy'
  | 'aws-ebs-csi-driver'
  | 'snapshot-controller'
  | 'eks-pod-identity-agent'
  | 'metrics-server'
  | 'amazon-cloudwatch-observability'
  | 'aws-efs-csi-driver';

/** Helm releases the platform installs. */
export type HelmChartName =
  | 'karpenter'
  | 'karpenter-crd'
  | 'aws-load-balancer-controller'
  | 'kube-prometheus-stack'
  | 'external-dns'
  | 'external-secrets'
  | 'keda'
  | 'admission-controller'
  | 'flux2'
  | 'opencost';

export interface HelmChartPin {
  /** Chart repository URL; `oci://` repositories carry the chart name in the URL. */
  readonly repository: string;
  readonly chart: string;
  readonly version: string;
  /**
   * Where this exact version was seen published, so the next bump knows where to look: the
   * chart repository's tag or commit of the release (../shared/charts holds the chart as taken
   * from there, and the render tests use it). The version-matrix tests require it of every pin.
   */
  readonly confirmedAt?: string;
}

export interface KubernetesRelease {
  /** The EKS control-plane version, `major.minor`. */
  readonly kubernetesVersion: string;
  /** The npm package of the kubectl/helm Lambda layer that matches this version. */
  readonly kubectlLayerPackage: string;
  /** Creates that layer; the kubectl provider runs with it. */
  readonly createKubectlLayer: (scope: Construct, id: string) => ILayerVersion;
  /** EKS add-on builds, exactly as `aws eks describe-addon-versions` prints them. */
  readonly addons: Readonly<Record<EksAddonName, string>>;
  /** Where the add-on builds were confirmed, and what was not: the `describe-addon-versions` record. */
  readonly addonsConfirmedAt: string;
  readonly helmCharts: Readonly<Record<HelmChartName, HelmChartPin>>;
  /** Node image releases Karpenter's EC2NodeClass pins by alias (`al2023@v20260930`), per AMI family. */
  readonly nodeImages: Readonly<Record<'AL2023' | 'BOTTLEROCKET', string>>;
  /** When EKS released this version and when its standard and extended support end (ISO dates, UTC). */
  readonly support: SupportWindow;
  /** The oldest Karpenter that supports this Kubernetes version (Karpenter's compatibility matrix). */
  readonly minimumKarpenterVersion: string;
}

/**
 * Source: the EKS Kubernetes release calendar,
 * https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html#kubernetes-release-calendar
 */
export interface SupportWindow {
  readonly released: string;
  readonly endOfStandardSupport: string;
  readonly endOfExtendedSupport: string;
}

/** Where the support windows and Karpenter minimums below were confirmed. */
export const SUPPORT_SOURCES = {
  eksCalendar: 'https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html#kubernetes-release-calendar',
  karpenterCompatibility: 'https://karpenter.sh/docs/upgrading/compatibility/',
} as const;

/** Helm charts do not follow the Kubernetes version; every release below uses these pins. */
const HELM_CHARTS: Readonly<Record<HelmChartName, HelmChartPin>> = {
  karpenter: {
    repository: 'oci://public.ecr.aws/karpenter/karpenter',
    chart: 'karpenter',
    version: '1.14.1',
    confirmedAt: 'aws/karpenter-provider-aws tag v1.14.1, charts/karpenter',
  },
  // Helm never upgrades a chart's crds/ folder; Karpenter's CRD chart keeps them in step with the controller.
  'karpenter-crd': {
    repository: 'oci://public.ecr.aws/karpenter/karpenter-crd',
    chart: 'karpenter-crd',
    version: '1.14.1',
    confirmedAt: 'aws/karpenter-provider-aws tag v1.14.1, charts/karpenter-crd',
  },
  // Chart 3.5.0 runs controller v3.5.0, the release whose CRDs charts/imports was generated from.
  'aws-load-balancer-controller': {
    repository: 'https://aws.github.io/eks-charts',
    chart: 'aws-load-balancer-controller',
    version: '3.5.0',
    confirmedAt: 'aws/eks-charts, stable/aws-load-balancer-controller (chart 3.5.0, app v3.5.0)',
  },
  'kube-prometheus-stack': {
    repository: 'https://prometheus-community.github.io/helm-charts',
    chart: 'kube-prometheus-stack',
    // The newest chart that ships prometheus-operator v0.93.0, the CRDs charts/imports was generated from.
    version: '88.3.0',
    confirmedAt:
      'prometheus-community/helm-charts tag kube-prometheus-stack-88.3.0 (kube-state-metrics 8.2.0, prometheus-node-exporter 4.56.1, grafana 12.10.4 from grafana-community/helm-charts)',
  },
  // 1.22.0 is the newest published chart (1.23.0 never was); app v0.22.0 requires `policy`.
  'external-dns': {
    repository: 'https://kubernetes-sigs.github.io/external-dns',
    chart: 'external-dns',
    version: '1.22.0',
    confirmedAt: 'kubernetes-sigs/external-dns, the chart release commit 8e42814a4 (PR 6650), app v0.22.0',
  },
  // Its CRDs are templates the release installs and upgrades (installCRDs), typed in charts/imports.
  'external-secrets': {
    repository: 'https://charts.external-secrets.io',
    chart: 'external-secrets',
    version: '2.9.0',
    confirmedAt: 'external-secrets/external-secrets tag helm-chart-2.9.0 (app v2.9.0)',
  },
  // Its CRDs are templates (templates/crds, crds.install), so Helm upgrades them with the operator. Typed in charts/imports.
  keda: {
    repository: 'https://kedacore.github.io/charts',
    chart: 'keda',
    version: '2.20.2',
    confirmedAt: 'kedacore/charts tag v2.20.2 (app v2.20.2)',
  },
  // Kubewarden's one chart (it replaces kubewarden-crds/-controller/-defaults): CRDs in
  // templates/crds (and OpenReports' through its subchart), so Helm upgrades them with the controller.
  'admission-controller': {
    repository: 'https://charts.kubewarden.io',
    chart: 'admission-controller',
    version: '6.0.2',
    confirmedAt:
      'kubewarden/helm-charts, charts/admission-controller 6.0.2 (app v1.37.2; subcharts openreports 0.2.1, policy-reporter 3.9.1)',
  },
  // Flux v2.8.5. Its CRDs are templates (templates/*.crds.yaml, installCRDs), so Helm upgrades them with the controllers.
  flux2: {
    repository: 'https://fluxcd-community.github.io/helm-charts',
    chart: 'flux2',
    version: '2.18.3',
    confirmedAt:
      'fluxcd-community/helm-charts tag flux2-2.18.3 (app v2.8.5: source-controller v1.8.2, kustomize-controller v1.8.3, notification-controller v1.8.3)',
  },
  // OpenCost 1.120.1; its exporter and UI images are pinned by digest in the chart's values.
  opencost: {
    repository: 'https://opencost.github.io/opencost-helm-chart',
    chart: 'opencost',
    version: '2.5.17',
    confirmedAt: 'opencost/opencost-helm-chart tag opencost-2.5.17 (app 1.120.1)',
  },
};

/**
 * Images that charts run beside their own and would otherwise take as `latest`: the Prometheus
 * Operator chart's CRD upgrade Job unpacks its CRDs with busybox (kubectl follows the cluster version).
 * Confirmed: docker.io/library/busybox tag 1.37.0 (BusyBox 1.37.0), pulled by that name in many
 * public repositories; not pinned by digest, which could not be looked up offline.
 */
export const CHART_HELPER_IMAGES = { busybox: '1.37.0' } as const;

/**
 * The EFS CSI driver add-on. v3.3.0-eksbuild.1 is the build seen deployed as the EKS add-on in
 * public repositories in June-July 2026 (zalando-incubator/kubernetes-on-aws#11666, "Update
 * efs-csi driver: v3.3.0-eksbuild.1"; ministryofjustice/modernisation-platform-environments#17347,
 * v3.2.0-eksbuild.1 -> v3.3.0-eksbuild.1). That it is listed for 1.35 and 1.36 was NOT confirmed
 * here (no AWS access): run `aws eks describe-addon-versions --addon-name aws-efs-csi-driver
 * --kubernetes-version 1.36` before the first deploy and correct the pin if EKS lists another build.
 */
const EFS_CSI_DRIVER_BUILD = 'v3.3.0-eksbuild.1';

/**
 * EKS-optimized AL2023 and Bottlerocket releases: each release ships images for every supported
 * Kubernetes version. Bump them here to roll Karpenter nodes onto new images (drift).
 */
const NODE_IMAGES: KubernetesRelease['nodeImages'] = { AL2023: 'v20260930', BOTTLEROCKET: 'v1.66.0' };

/**
 * The add-on builds were taken from `aws eks describe-addon-versions --kubernetes-version 1.NN`
 * when each entry was added. No copy of that output is kept, and the offline tools of this
 * repository cannot query EKS: re-run the command (per region) before a deployment and record here
 * the date and region it was run in.
 */
const ADDONS_NOT_RECONFIRMED =
  'aws eks describe-addon-versions --kubernetes-version <version> --addon-name <name>: not re-run since the entry was added; no record kept in the repository';

const RELEASES: readonly KubernetesRelease[] = [
  {
    kubernetesVersion: '1.35',
    kubectlLayerPackage: '@aws-cdk/lambda-layer-kubectl-v35',
    createKubectlLayer: (scope, id) => new KubectlV35Layer(scope, id),
    addons: {
      'vpc-cni': 'v1.23.2-eksbuild.1',
      coredns: 'v1.14.6-eksbuild.4',
      'kube-proxy': 'v1.35.3-eksbuild.29',
      'aws-ebs-csi-driver': 'v1.66.0-eksbuild.1',
      'snapshot-controller': 'v8.6.0-eksbuild.8',
      'eks-pod-identity-agent': 'v1.4.0-eksbuild.3',
      'metrics-server': 'v0.9.0-eksbuild.11',
      'amazon-cloudwatch-observability': 'v6.7.0-eksbuild.1',
      'aws-efs-csi-driver': EFS_CSI_DRIVER_BUILD,
    },
    addonsConfirmedAt: ADDONS_NOT_RECONFIRMED,
    helmCharts: HELM_CHARTS,
    nodeImages: NODE_IMAGES,
    support: { released: '2026-01-27', endOfStandardSupport: '2027-03-27', endOfExtendedSupport: '2028-03-27' },
    minimumKarpenterVersion: '1.9.0',
  },
  {
    kubernetesVersion: '1.36',
    kubectlLayerPackage: '@aws-cdk/lambda-layer-kubectl-v36',
    createKubectlLayer: (scope, id) => new KubectlV36Layer(scope, id),
    addons: {
      'vpc-cni': 'v1.23.2-eksbuild.1',
      coredns: 'v1.14.7-eksbuild.11',
      'kube-proxy': 'v1.36.0-eksbuild.45',
      'aws-ebs-csi-driver': 'v1.66.0-eksbuild.1',
      'snapshot-controller': 'v8.6.0-eksbuild.8',
      'eks-pod-identity-agent': 'v1.4.0-eksbuild.3',
      'metrics-server': 'v0.9.0-eksbuild.11',
      'amazon-cloudwatch-observability': 'v6.7.0-eksbuild.1',
      'aws-efs-csi-driver': EFS_CSI_DRIVER_BUILD,
    },
    addonsConfirmedAt: ADDONS_NOT_RECONFIRMED,
    helmCharts: HELM_CHARTS,
    nodeImages: NODE_IMAGES,
    support: { released: '2026-06-02', endOfStandardSupport: '2027-08-02', endOfExtendedSupport: '2028-08-02' },
    minimumKarpenterVersion: '1.13.0',
  },
];

/** Every entry of the matrix, oldest first. */
export const KUBERNETES_RELEASES: readonly KubernetesRelease[] = RELEASES;

export const SUPPORTED_KUBERNETES_VERSIONS: readonly string[] = RELEASES.map((release) => release.kubernetesVersion);

/** The matrix entry of a Kubernetes version, or undefined when the matrix does not have it. */
export function findKubernetesRelease(version: string): KubernetesRelease | undefined {
  return RELEASES.find((candidate) => candidate.kubernetesVersion === version);
}

/** The matrix entry of a Kubernetes version; config validation has already rejected others. */
export function kubernetesRelease(version: string): KubernetesRelease {
  const release = RELEASES.find((candidate) => candidate.kubernetesVersion === version);
  if (!release) throw new Error(`Kubernetes ${version} is not in the version matrix (${SUPPORTED_KUBERNETES_VERSIONS.join(', ')})`);
  return release;
}

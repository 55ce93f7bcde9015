import * as semver from 'semver';
import type { KubernetesRelease } from '../config/version-matrix';
import type { Finding } from './finding';

/** Every add-on the current version runs has a build for the target, and the target has a kubectl layer. */
export function matrixFindings(current: KubernetesRelease, target: KubernetesRelease): Finding[] {
  const findings: Finding[] = Object.entries(current.addons).map(([name]) => {
    const build = (target.addons as Record<string, string | undefined>)[name];
    return build
      ? {
          severity: 'ok',
          check: 'addon-build',
          subject: name,
          message: `${current.addons[name as keyof typeof current.addons]} -> ${build}`,
        }
      : {
          severity: 'fail',
          check: 'addon-build',
          subject: name,
          message: `no build pinned for Kubernetes ${target.kubernetesVersion} in the version matrix`,
        };
  });
  findings.push(
    target.kubectlLayerPackage
      ? {
          severity: 'ok',
          check: 'kubectl-layer',
          subject: 'kubectl layer',
          message: `${current.kubectlLayerPackage} -> ${target.kubectlLayerPackage}`,
        }
      : {
          severity: 'fail',
          check: 'kubectl-layer',
          subject: 'kubectl layer',
          message: `no kubectl layer for Kubernetes ${target.kubernetesVersion}`,
        },
  );
  return findings;
}

/** Karpenter's compatibility matrix: each Kubernetes version needs at least a given Karpenter. */
export function karpenterFinding(karpenterVersion: string, target: KubernetesRelease): Finding {
  const ok = semver.gte(karpenterVersion, target.minimumKarpenterVersion);
  return {
    severity: ok ? 'ok' : 'fail',
    check: 'karpenter-compatibility',
    subject: `karpenter ${karpenterVersion}`,
    message: ok
      ? `supports Kubernetes ${target.kubernetesVersion} (needs >= ${target.minimumKarpenterVersion})`
      : `Kubernetes ${target.kubernetesVersion} needs Karpenter >= ${target.minimumKarpenterVersion}: raise the chart pin first`,
  };
}

/** A chart and the `kubeVersion` range its Chart.yaml declares (undefined when it declares none). */
export interface ChartRange {
  readonly chart: string;
  readonly version: string;
  readonly kubeVersion?: string;
}

/** Charts whose declared Kubernetes range leaves out the target: Helm refuses to install or upgrade them there. */
export function chartRangeFindings(charts: readonly ChartRange[], targetVersion: string): Finding[] {
  // Chart ranges end in -0 so that EKS's pre-release-style versions (1.36.0-eks-...) match.
  const target = `${targetVersion}.0-0`;
  return charts.map(({ chart, version, kubeVersion }) => {
    const subject = `${chart} ${version}`;
    if (!kubeVersion) return { severity: 'ok', check: 'chart-range', subject, message: 'declares no kubeVersion range' };
    const ok = semver.satisfies(target, kubeVersion, { includePrerelease: true });
    return {
      severity: ok ? 'ok' : 'fail',
      check: 'chart-range',
      subject,
      message: ok ? `kubeVersion "${kubeVersion}" includes ${targetVersion}` : `kubeVersion "${kubeVersion}" excludes ${targetVersion}`,
    };
  });
}

import type { EnvironmentConfig } from '../config/parse';
import type { KubernetesRelease } from '../config/version-matrix';
import { chartRangeFindings, karpenterFinding, matrixFindings } from './compatibility';
import type { ChartRange } from './compatibility';
import { drainBlockingPdbFindings } from './drain-blocking-pdbs';
import type { Finding } from './finding';
import { failed } from './finding';
import { parseMinorVersion } from './kubernetes-version';
import { removedApiFindings } from './removed-apis';
import type { SourcedObject } from './removed-apis';
import { supportWindowFinding } from './support-window';

export interface UpgradePlanInput {
  readonly environment: EnvironmentConfig;
  readonly current: KubernetesRelease;
  readonly target: KubernetesRelease;
  /** Everything the platform applies: authored manifests and rendered charts, with their source. */
  readonly objects: readonly SourcedObject[];
  /** The charts the platform installs and their declared Kubernetes ranges. */
  readonly charts: readonly ChartRange[];
  /** `YYYY-MM-DD`: the support window of the target is judged on this day. */
  readonly today: string;
}

export interface Change {
  readonly what: string;
  readonly from: string;
  readonly to: string;
}

export interface UpgradePlan {
  readonly environment: string;
  readonly from: string;
  readonly to: string;
  readonly findings: readonly Finding[];
  readonly ready: boolean;
  /** How many applied objects (manifests and rendered charts) the API and PDB checks read. */
  readonly checkedObjects: number;
  readonly changes: readonly Change[];
  /** What Karpenter does to its nodes, per pool, and how fast its budgets let it. */
  readonly nodeDrift: readonly string[];
  readonly order: readonly string[];
  readonly watch: readonly string[];
  readonly irreversible: readonly string[];
}

/** Every preflight for one upgrade step, each a pure check over config, the matrix and what the platform applies. */
export function upgradePreflight(input: UpgradePlanInput): Finding[] {
  const { environment: env, current, target } = input;
  const targetVersion = parseMinorVersion(target.kubernetesVersion)!;
  return [
    supportWindowFinding({
      environment: env.name,
      kubernetesVersion: target.kubernetesVersion,
      supportType: env.cluster.supportType,
      support: target.support,
      today: input.today,
    }),
    ...matrixFindings(current, target),
    karpenterFinding(target.helmCharts.karpenter.version, target),
    ...chartRangeFindings(input.charts, target.kubernetesVersion),
    ...removedApiFindings(input.objects, targetVersion),
    ...drainBlockingPdbFindings(input.objects),
  ];
}

function changes(env: EnvironmentConfig, current: KubernetesRelease, target: KubernetesRelease): Change[] {
  const list: Change[] = [{ what: 'EKS control plane', from: current.kubernetesVersion, to: target.kubernetesVersion }];
  for (const [name, build] of Object.entries(current.addons)) {
    const next = (target.addons as Record<string, string>)[name];
    list.push({ what: `add-on ${name}`, from: build, to: next === build ? `${next} (unchanged)` : next });
  }
  list.push({ what: 'kubectl/Helm layer', from: current.kubectlLayerPackage, to: target.kubectlLayerPackage });
  list.push({
    what: `system node group (${env.systemNodeGroup.amiFamily})`,
    from: `Kubernetes ${current.kubernetesVersion}, latest EKS AMI`,
    to: `Kubernetes ${target.kubernetesVersion}, latest EKS AMI (rolling, ${env.systemNodeGroup.maxUnavailable} node(s) at a time)`,
  });
  for (const [name, pin] of Object.entries(current.helmCharts)) {
    const next = (target.helmCharts as Record<string, { version: string }>)[name].version;
    if (next !== pin.version) list.push({ what: `chart ${name}`, from: pin.version, to: next });
  }
  return list;
}

function nodeDrift(env: EnvironmentConfig, target: KubernetesRelease): string[] {
  const alias = `${env.karpenter.amiFamily === 'BOTTLEROCKET' ? 'bottlerocket' : 'al2023'}@${target.nodeImages[env.karpenter.amiFamily]}`;
  return env.karpenter.pools.map((pool) => {
    const budgets = pool.disruptionBudgets
      .map(
        (budget) =>
          `${budget.nodes} of nodes${budget.schedule ? ` (${budget.schedule} for ${budget.duration}${budget.reasons ? `, ${budget.reasons.join('/')}` : ''})` : ' at a time'}`,
      )
      .join('; ');
    return `NodePool ${pool.name}: the ${alias} alias resolves to the ${target.kubernetesVersion} image, so every node drifts and is replaced; budgets: ${budgets}`;
  });
}

/** The plan the upgrade-plan tool prints: preflight results, what changes, in which order, what to watch, what cannot be undone. */
export function planUpgrade(input: UpgradePlanInput): UpgradePlan {
  const { environment: env, current, target } = input;
  const findings = upgradePreflight(input);
  return {
    environment: env.name,
    from: current.kubernetesVersion,
    to: target.kubernetesVersion,
    findings,
    ready: !failed(findings),
    checkedObjects: input.objects.length,
    changes: changes(env, current, target),
    nodeDrift: nodeDrift(env, target),
    order: [
      `Set cluster.kubernetesVersion to '${target.kubernetesVersion}' for ${env.name} in lib/config/environments.ts, run npm run review, then cdk deploy.`,
      'AWS::EKS::Cluster version update (control plane, in place): usually 8-15 minutes; the API stays available.',
      'Kubectl provider Lambda takes the new kubectl/Helm layer: about 1 minute.',
      'AWS::EKS::Addon updates (vpc-cni, coredns, kube-proxy, ...), each after the control plane: 1-5 minutes each.',
      'AWS::EKS::Nodegroup version update: a rolling replacement, about 5-10 minutes per batch of nodes.',
      'Helm releases and manifests re-applied by the kubectl provider where they changed: minutes each (15-minute Lambda limit).',
      'After the stack: Karpenter replaces its drifted nodes at the pace of each NodePool disruption budget (can take hours).',
    ],
    watch: [
      'kubectl version  # server reports the target version',
      'kubectl get nodes -o wide -w  # kubelet versions move to the target; no node stays NotReady',
      'kubectl get pods -A --field-selector=status.phase!=Running,status.phase!=Succeeded',
      'kubectl get pdb -A  # ALLOWED DISRUPTIONS 0 on a budget stalls drains',
      'kubectl get nodeclaims -o wide; kubectl get events -A --field-selector reason=DisruptionBlocked',
      `aws eks describe-update --name ${env.cluster.name} --update-id <id>  # from aws eks list-updates`,
      `aws eks describe-addon --cluster-name ${env.cluster.name} --addon-name coredns --query addon.status`,
    ],
    irreversible: [
      `The control plane cannot go back to ${current.kubernetesVersion}: EKS never downgrades a cluster. A failed stack update rolls back add-ons and node groups, not the control plane.`,
      'Objects stored in an API version the target no longer serves are unreadable through that version afterwards.',
    ],
  };
}

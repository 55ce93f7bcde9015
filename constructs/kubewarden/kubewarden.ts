import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as cdk8s from 'cdk8s';
import type { IDependable } from 'constructs';
import { Construct } from 'constructs';
import { KubewardenPoliciesChart } from '../../charts/kubewarden-policies-chart';
import type { ResolvedKubewarden } from '../../lib/config/kubewarden-schema';
import type { HelmChartPin } from '../../lib/config/version-matrix';
import { pinnedHelmRelease } from '../pinned-helm-release';
import { retainedOnRemoval } from '../retained-on-removal';
import { kubewardenValues, POLICY_SERVER } from './values';

export interface KubewardenProps {
  readonly cluster: eks.ICluster;
  readonly config: ResolvedKubewarden;
  readonly chart: HelmChartPin;
  /** Must exist already (the platform namespaces chart), at the `restricted` Pod Security level. */
  readonly namespace: string;
  /** Namespaces no policy ever judges: kube-system and the platform's (this one included). */
  readonly platformNamespaces: readonly string[];
  /** The system nodes, CoreDNS and the platform namespaces. */
  readonly dependsOn: readonly IDependable[];
}

export const KUBEWARDEN_RELEASE = 'kubewarden';

/**
 * Kubewarden from its pinned chart (admission-controller: CRDs, controller, default policy server,
 * audit scanner) on the system nodes, and the platform's admission policies on team namespaces,
 * typed and pinned (KubewardenPoliciesChart). The audit scanner re-evaluates existing objects
 * hourly and writes OpenReports (`kubectl get reports -A`), which is what `monitor` mode is for.
 */
export class Kubewarden extends Construct {
  readonly release: eks.HelmChart;
  readonly policies: eks.KubernetesManifest;

  constructor(scope: Construct, id: string, props: KubewardenProps) {
    super(scope, id);
    // The release's templates hold Kubewarden's and OpenReports' CRDs: uninstalling it deletes every policy and report.
    this.release = retainedOnRemoval(
      pinnedHelmRelease(this, 'Release', {
        cluster: props.cluster,
        chart: props.chart,
        namespace: props.namespace,
        release: KUBEWARDEN_RELEASE,
        values: kubewardenValues({ policyServerReplicas: props.config.policyServerReplicas }),
      }),
      "Kubewarden's CRDs are templates of this release: uninstalling it deletes every admission policy, PolicyServer and report",
    );
    this.release.node.addDependency(...props.dependsOn);

    this.policies = new eks.KubernetesManifest(this, 'Policies', {
      cluster: props.cluster,
      manifest: new KubewardenPoliciesChart(new cdk8s.App(), 'kubewarden-policies', {
        ...props.config,
        policyServer: POLICY_SERVER,
        neverJudged: [...new Set(['kube-system', 'kube-public', 'kube-node-lease', props.namespace, ...props.platformNamespaces])],
      }).toJson(),
    });
    // The ClusterAdmissionPolicy kind is a CRD of the release, and its controller admits it.
    this.policies.node.addDependency(this.release);
  }
}

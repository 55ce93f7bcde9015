import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as cdk8s from 'cdk8s';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type { IDependable } from 'constructs';
import { Construct } from 'constructs';
import { LoadBalancerControllerCrdsChart } from '../charts/load-balancer-controller-crds-chart';
import { ALB_INGRESS_CLASS } from '../lib/alb-ingress';
import type { HelmChartPin } from '../lib/config/version-matrix';
import { SYSTEM_WORKLOAD_PLACEMENT } from '../lib/system-node-placement';
import {
  LOAD_BALANCER_CONTROLLER_POLICY_VERSION,
  LOAD_BALANCER_CONTROLLER_WILDCARDS,
  loadBalancerControllerStatements,
} from './load-balancer-controller-policy';
import { acknowledgeNagFinding, wildcardResourceFinding } from './nag';
import { pinnedHelmRelease } from './pinned-helm-release';
import { retainedOnRemoval } from './retained-on-removal';
import { ServiceAccountRole } from './service-account-role';
import { splitIntoManagedPolicies } from './split-managed-policies';

export interface LoadBalancerControllerProps {
  /** A cluster with an IAM OIDC provider and a kubectl provider. */
  readonly cluster: eks.ICluster;
  readonly chart: HelmChartPin;
  /** The EKS cluster name: the controller tags what it creates with it. */
  readonly clusterName: string;
  readonly region: string;
  readonly vpcId: string;
  /** Controller pods; one leads, the others wait to take over. @default 2 */
  readonly replicas?: number;
  /** What must exist before the release installs, such as the system node group its pods run on. */
  readonly dependsOn?: readonly IDependable[];
}

const NAMESPACE = 'kube-system';
const RELEASE = 'aws-load-balancer-controller';
const SERVICE_ACCOUNT = 'aws-load-balancer-controller';

/**
 * The AWS Load Balancer Controller, installed with its Helm chart, with an IRSA role holding
 * upstream's IAM policy. It serves Ingresses of the IngressClass that the ingress cdk8s chart
 * creates, and leaves Services of type LoadBalancer to whoever they name.
 */
export class LoadBalancerController extends Construct {
  readonly release: eks.HelmChart;
  readonly role: iam.Role;
  /** The controller's CRDs, applied before it and upgraded with it (Helm never upgrades the chart's crds/ folder). */
  readonly crds: eks.KubernetesManifest;

  constructor(scope: Construct, id: string, props: LoadBalancerControllerProps) {
    super(scope, id);
    const replicas = props.replicas ?? 2;
    if (!Number.isInteger(replicas) || replicas < 1) throw new Error(`${this.node.path}: replicas must be a whole number of at least 1`);

    const irsa = new ServiceAccountRole(this, 'Irsa', {
      cluster: props.cluster,
      namespace: NAMESPACE,
      serviceAccountName: SERVICE_ACCOUNT,
      // The chart creates the ServiceAccount and annotates it with the role below.
      createServiceAccount: false,
      managedPolicies: splitIntoManagedPolicies(this, 'Policy', loadBalancerControllerStatements(), {
        description: `AWS Load Balancer Controller ${LOAD_BALANCER_CONTROLLER_POLICY_VERSION} in ${props.clusterName}`,
      }),
      description: `AWS Load Balancer Controller in ${props.clusterName}`,
    });
    this.role = irsa.role;
    for (const [resource, reason] of LOAD_BALANCER_CONTROLLER_WILDCARDS)
      acknowledgeNagFinding(this, wildcardResourceFinding(resource), reason);

    this.crds = retainedOnRemoval(
      new eks.KubernetesManifest(this, 'Crds', {
        cluster: props.cluster,
        manifest: new LoadBalancerControllerCrdsChart(new cdk8s.App(), 'load-balancer-controller-crds').toJson(),
        // Clusters installed before this manifest have the CRDs already, created by Helm.
        overwrite: true,
        prune: false,
      }),
      "The load balancer controller's CRDs: deleting them deletes every TargetGroupBinding and IngressClassParams",
    );

    this.release = pinnedHelmRelease(this, 'Release', {
      cluster: props.cluster,
      chart: props.chart,
      namespace: NAMESPACE,
      release: RELEASE,
      values: {
        clusterName: props.clusterName,
        // Given explicitly: pods cannot reach IMDS (the nodes' hop limit is 1) to discover them.
        region: props.region,
        vpcId: props.vpcId,
        replicaCount: replicas,
        serviceAccount: {
          create: true,
          name: SERVICE_ACCOUNT,
          annotations: { 'eks.amazonaws.com/role-arn': this.role.roleArn, 'eks.amazonaws.com/sts-regional-endpoints': 'true' },
        },
        // The chart renders the budget only when replicaCount > 1.
        podDisruptionBudget: { maxUnavailable: 1 },
        nodeSelector: { ...SYSTEM_WORKLOAD_PLACEMENT.nodeSelector },
        tolerations: SYSTEM_WORKLOAD_PLACEMENT.tolerations.map((toleration) => ({ ...toleration })),
        // ScheduleAnyway: a zone short of system nodes must not hold the release (and its rollback) hostage.
        topologySpreadConstraints: [
          {
            maxSkew: 1,
            topologyKey: 'topology.kubernetes.io/zone',
            whenUnsatisfiable: 'ScheduleAnyway',
            labelSelector: {
              matchLabels: { 'app.kubernetes.io/name': 'aws-load-balancer-controller', 'app.kubernetes.io/instance': RELEASE },
            },
          },
        ],
        resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
        securityContext: {
          runAsNonRoot: true,
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] },
        },
        podSecurityContext: { fsGroup: 65534, seccompProfile: { type: 'RuntimeDefault' } },
        // Otherwise the controller's webhook claims every new Service of type LoadBalancer.
        enableServiceMutatorWebhook: false,
        // The ingress cdk8s chart owns the IngressClass (and any IngressClassParams); the controller serves it.
        ingressClass: ALB_INGRESS_CLASS,
        createIngressClassResource: false,
        ingressClassParams: { create: false },
      },
    });
    // The controller watches its CRDs (TargetGroupBinding, IngressClassParams) from its first start.
    this.release.node.addDependency(this.crds);
    if (props.dependsOn?.length) this.release.node.addDependency(...props.dependsOn);
  }
}

import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as cdk8s from 'cdk8s';
import type { IDependable } from 'constructs';
import { Construct } from 'constructs';
import { IngressClassChart } from '../charts/ingress-class-chart';
import type { ExternalDnsConfig, IngressConfig } from '../lib/config/ingress-schema';
import type { HelmChartPin } from '../lib/config/version-matrix';
import { ExternalDns } from './external-dns';
import { LoadBalancerController } from './load-balancer-controller';

export interface PlatformIngressProps {
  readonly cluster: eks.ICluster;
  readonly clusterName: string;
  readonly region: string;
  readonly vpcId: string;
  readonly ingress: IngressConfig;
  /** The shared ALB's IngressGroup name. */
  readonly albGroupName: string;
  readonly albTags: Readonly<Record<string, string>>;
  readonly loadBalancerControllerChart: HelmChartPin;
  /** Off when undefined. */
  readonly externalDns?: ExternalDnsConfig & { readonly chart: HelmChartPin; readonly namespace: string };
  /** The system node group (controllers run there) and the namespaces the releases go into. */
  readonly dependsOn: readonly IDependable[];
}

/**
 * How traffic reaches the cluster: the AWS Load Balancer Controller, the `alb` IngressClass
 * with the environment's shared-ALB settings, and ExternalDNS where the environment wants it.
 */
export class PlatformIngress extends Construct {
  readonly loadBalancerController: LoadBalancerController;
  readonly ingressClass: eks.KubernetesManifest;
  readonly externalDns?: ExternalDns;

  constructor(scope: Construct, id: string, props: PlatformIngressProps) {
    super(scope, id);

    this.loadBalancerController = new LoadBalancerController(this, 'LoadBalancerController', {
      cluster: props.cluster,
      chart: props.loadBalancerControllerChart,
      clusterName: props.clusterName,
      region: props.region,
      vpcId: props.vpcId,
      dependsOn: props.dependsOn,
    });

    this.ingressClass = new eks.KubernetesManifest(this, 'IngressClass', {
      cluster: props.cluster,
      manifest: new IngressClassChart(new cdk8s.App(), 'ingress-class', {
        ...props.ingress,
        groupName: props.albGroupName,
        tags: props.albTags,
      }).toJson(),
    });
    // IngressClassParams is the controller's CRD; its webhook checks the objects.
    this.ingressClass.node.addDependency(this.loadBalancerController.crds, this.loadBalancerController.release);

    if (props.externalDns) {
      this.externalDns = new ExternalDns(this, 'ExternalDns', {
        cluster: props.cluster,
        chart: props.externalDns.chart,
        clusterName: props.clusterName,
        hostedZoneIds: props.externalDns.hostedZoneIds,
        domainFilters: props.externalDns.domainFilters,
        policy: props.externalDns.policy,
        namespace: props.externalDns.namespace,
        dependsOn: props.dependsOn,
      });
    }
  }
}

import { Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-34';
import type { Construct } from 'constructs';
import type { TeamNamespacesConfig } from '../lib/config/team-namespaces-schema';

export interface TeamGuardrailsChartProps extends TeamNamespacesConfig {
  readonly namespaces: readonly string[];
  readonly vpcCidr: string;
  /** Subnets the shared (internet-facing) ALB sends traffic from. */
  readonly loadBalancerSubnetCidrs: readonly string[];
  /** Subnets whose interface endpoints (STS, ECR, ...) team pods may call on 443; empty when there are none. */
  readonly interfaceEndpointSubnetCidrs: readonly string[];
  /** The namespace Prometheus scrapes from. */
  readonly monitoringNamespace: string;
}

const ALL_PODS = {};
const byNamespaceName = (name: string) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': name } } });
const tcp = (port: number) => ({ protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) });

/**
 * What every team namespace gets: network policies that deny all traffic but what the platform
 * needs (DNS, its own namespace, the shared ALB, Prometheus, and optionally the world beyond
 * the VPC), a ResourceQuota that caps what the team can take, and a LimitRange that gives
 * containers without resources a sane default. The VPC CNI enforces the policies.
 */
export class TeamGuardrailsChart extends Chart {
  constructor(scope: Construct, id: string, props: TeamGuardrailsChartProps) {
    super(scope, id);
    for (const namespace of props.namespaces) this.guard(namespace, props);
  }

  private guard(namespace: string, props: TeamGuardrailsChartProps): void {
    const policy = (name: string, spec: k8s.NetworkPolicySpec) =>
      new k8s.KubeNetworkPolicy(this, `${namespace}-${name}`, { metadata: { name, namespace }, spec });

    policy('default-deny', { podSelector: ALL_PODS, policyTypes: ['Ingress', 'Egress'] });
    policy('allow-dns', {
      podSelector: ALL_PODS,
      policyTypes: ['Egress'],
      egress: [
        {
          to: [{ ...byNamespaceName('kube-system'), podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
          ports: [
            { protocol: 'UDP', port: k8s.IntOrString.fromNumber(53) },
            { protocol: 'TCP', port: k8s.IntOrString.fromNumber(53) },
          ],
        },
      ],
    });
    policy('allow-same-namespace', {
      podSelector: ALL_PODS,
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [{ podSelector: ALL_PODS }] }],
      egress: [{ to: [{ podSelector: ALL_PODS }] }],
    });
    // ALB targets are pod IPs; the ALB's nodes live in these subnets.
    policy('allow-from-load-balancer', {
      podSelector: ALL_PODS,
      policyTypes: ['Ingress'],
      ingress: [{ from: props.loadBalancerSubnetCidrs.map((cidr) => ({ ipBlock: { cidr } })) }],
    });
    policy('allow-from-monitoring', {
      podSelector: ALL_PODS,
      policyTypes: ['Ingress'],
      ingress: [{ from: [byNamespaceName(props.monitoringNamespace)] }],
    });
    if (props.interfaceEndpointSubnetCidrs.length > 0)
      policy('allow-aws-endpoints', {
        podSelector: ALL_PODS,
        policyTypes: ['Egress'],
        egress: [{ to: props.interfaceEndpointSubnetCidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: [tcp(443)] }],
      });
    if (props.allowEgressBeyondVpc)
      policy('allow-egress-beyond-vpc', {
        podSelector: ALL_PODS,
        policyTypes: ['Egress'],
        egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: [props.vpcCidr] } }] }],
      });

    const { quota, containerDefaults } = props;
    const q = k8s.Quantity.fromString;
    new k8s.KubeResourceQuota(this, `${namespace}-quota`, {
      metadata: { name: 'team-quota', namespace },
      spec: {
        hard: {
          'requests.cpu': q(quota.requestsCpu),
          'requests.memory': q(quota.requestsMemory),
          'limits.cpu': q(quota.limitsCpu),
          'limits.memory': q(quota.limitsMemory),
          pods: k8s.Quantity.fromNumber(quota.pods),
          persistentvolumeclaims: k8s.Quantity.fromNumber(quota.persistentVolumeClaims),
          'requests.storage': q(quota.requestsStorage),
          'services.loadbalancers': k8s.Quantity.fromNumber(quota.loadBalancerServices),
        },
      },
    });
    new k8s.KubeLimitRange(this, `${namespace}-limits`, {
      metadata: { name: 'container-defaults', namespace },
      spec: {
        limits: [
          {
            type: 'Container',
            defaultRequest: { cpu: q(containerDefaults.requestsCpu), memory: q(containerDefaults.requestsMemory) },
            default: { cpu: q(containerDefaults.limitsCpu), memory: q(containerDefaults.limitsMemory) },
          },
        ],
      },
    });
  }
}

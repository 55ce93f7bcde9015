import { ApiObject, Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { ALB_INGRESS_CLASS } from '../lib/alb-ingress';
import type { IngressConfig } from '../lib/config/ingress-schema';
import { IngressClassParams, IngressClassParamsSpecScheme, IngressClassParamsSpecTargetType } from './imports/elbv2.k8s.aws';

export interface IngressClassChartProps extends IngressConfig {
  /** The shared ALB's IngressGroup: every Ingress of the class joins it, so one ALB serves them all. */
  readonly groupName: string;
  /** Tags on the ALB and its target groups. */
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * The `alb` IngressClass (the cluster default) and its IngressClassParams: one shared ALB per
 * environment, pods as IP targets, the environment's certificate and TLS policy, HTTP
 * redirected to HTTPS where HTTPS is required. Needs the load balancer controller's CRDs.
 */
export class IngressClassChart extends Chart {
  constructor(scope: Construct, id: string, props: IngressClassChartProps) {
    super(scope, id);

    const params = new IngressClassParams(this, 'Params', {
      metadata: { name: ALB_INGRESS_CLASS },
      spec: {
        group: { name: props.groupName },
        scheme: props.scheme === 'internal' ? IngressClassParamsSpecScheme.INTERNAL : IngressClassParamsSpecScheme.INTERNET_HYPHEN_FACING,
        targetType: IngressClassParamsSpecTargetType.IP,
        inboundCidRs: [...props.inboundCidrs],
        ...(props.certificateArns.length > 0 ? { certificateArn: [...props.certificateArns], sslPolicy: props.sslPolicy } : {}),
        ...(props.requireHttps ? { sslRedirectPort: '443' } : {}),
        loadBalancerAttributes: [
          // Requests with malformed headers are dropped rather than passed on to pods.
          { key: 'routing.http.drop_invalid_header_fields.enabled', value: 'true' },
          { key: 'routing.http.desync_mitigation_mode', value: 'strictest' },
        ],
        tags: Object.entries(props.tags).map(([key, value]) => ({ key, value })),
      },
    });

    new ApiObject(this, 'Class', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'IngressClass',
      metadata: { name: ALB_INGRESS_CLASS, annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } },
      spec: {
        controller: 'ingress.k8s.aws/alb',
        parameters: { apiGroup: 'elbv2.k8s.aws', kind: params.kind, name: params.name },
      },
    });
  }
}

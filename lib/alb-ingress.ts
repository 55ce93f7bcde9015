/**
 * Annotations that put an Ingress on the environment's shared ALB: one load balancer per
 * environment (an IngressGroup), HTTPS with the environment's certificate, HTTP redirected to
 * it, pods registered directly as targets. Pure: used by cdk8s charts and Helm values alike.
 */

/** The IngressClass every platform and team Ingress uses; it is the cluster's default. */
export const ALB_INGRESS_CLASS = 'alb';

export interface AlbIngressOptions {
  /** The environment's shared ALB group. */
  readonly groupName: string;
  /** Where this Ingress's rules sit among the group's (lower first, 1-1000). */
  readonly groupOrder: number;
  /** Path the ALB probes on each pod. */
  readonly healthCheckPath: string;
  /** The certificates of the HTTPS listener; empty serves plain HTTP (only where HTTPS is not required). */
  readonly certificateArns: readonly string[];
  readonly sslPolicy: string;
}

const ANNOTATION = 'alb.ingress.kubernetes.io';

export function albIngressAnnotations(options: AlbIngressOptions): Record<string, string> {
  if (!Number.isInteger(options.groupOrder) || options.groupOrder < 1 || options.groupOrder > 1000)
    throw new Error(`group order ${options.groupOrder} is outside 1-1000`);
  if (!options.healthCheckPath.startsWith('/')) throw new Error(`health-check path "${options.healthCheckPath}" must start with /`);

  const https = options.certificateArns.length > 0;
  return {
    [`${ANNOTATION}/group.name`]: options.groupName,
    [`${ANNOTATION}/group.order`]: String(options.groupOrder),
    [`${ANNOTATION}/target-type`]: 'ip',
    [`${ANNOTATION}/healthcheck-path`]: options.healthCheckPath,
    [`${ANNOTATION}/success-codes`]: '200-399',
    ...(https
      ? {
          [`${ANNOTATION}/listen-ports`]: JSON.stringify([{ HTTP: 80 }, { HTTPS: 443 }]),
          [`${ANNOTATION}/ssl-redirect`]: '443',
          [`${ANNOTATION}/certificate-arn`]: options.certificateArns.join(','),
          [`${ANNOTATION}/ssl-policy`]: options.sslPolicy,
        }
      : { [`${ANNOTATION}/listen-ports`]: JSON.stringify([{ HTTP: 80 }]) }),
  };
}

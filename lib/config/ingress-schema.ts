import { SslPolicy } from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { z } from 'zod';
import { cidrSchema } from './cidr-schema';

/**
 * The `ingress` and `externalDns` sections: the shared ALB every platform Ingress joins, and the
 * optional ExternalDNS that publishes their host names.
 */

/**
 * The predefined ELB security policies an ALB HTTPS listener accepts, as aws-cdk-lib lists them
 * (its `SslPolicy` enum follows
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html).
 */
export const ALB_SSL_POLICIES: readonly string[] = Object.values(SslPolicy);

const ACM_CERTIFICATE_ARN = /^arn:aws(?:-cn|-us-gov)?:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]{36}$/;

export const ingressSchema = z.strictObject({
  /** `internet-facing` ALBs sit in the public subnets, `internal` ones in the private subnets. */
  scheme: z.enum(['internet-facing', 'internal']).default('internet-facing'),
  /** ACM certificates for the shared ALB's HTTPS listener; the first is the default one. */
  certificateArns: z
    .array(z.string().regex(ACM_CERTIFICATE_ARN, 'must be an ACM certificate ARN such as arn:aws:acm:REGION:ACCOUNT:certificate/UUID'))
    .default([]),
  /** Serve HTTPS only (HTTP redirects to it). Then a certificate is required. */
  requireHttps: z.boolean().default(true),
  /** The ALB's TLS policy: TLS 1.3 and 1.2 only by default. */
  sslPolicy: z
    .string()
    .refine((policy) => ALB_SSL_POLICIES.includes(policy), {
      message: `is not an ELB security policy; use one of ${ALB_SSL_POLICIES.join(', ')}`,
    })
    .default('ELBSecurityPolicy-TLS13-1-2-2021-06'),
  /** Who may reach the ALB's listeners. Say `0.0.0.0/0` for everyone. */
  inboundCidrs: z
    .array(cidrSchema)
    .min(1, 'name at least one CIDR (0.0.0.0/0 to allow everyone)')
    // The controller opens each CIDR on both listeners (80 and 443), and a security group holds at
    // most 60 inbound rules (https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html#vpc-limits-security-groups).
    .max(30, "at most 30 CIDRs fit: each takes two of the ALB security group's 60 inbound rules")
    .default(['0.0.0.0/0']),
});

const HOSTED_ZONE_ID = /^Z[A-Z0-9]{1,31}$/;
const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export const externalDnsSchema = z.strictObject({
  /** Route 53 hosted zones ExternalDNS may change; its IAM role reaches no other zone. */
  hostedZoneIds: z
    .array(z.string().regex(HOSTED_ZONE_ID, 'must be a Route 53 hosted zone ID such as Z0123456789ABCDEFGHIJ'))
    .min(1, 'name at least one hosted zone'),
  /** Domains ExternalDNS manages records in. */
  domainFilters: z.array(z.string().regex(DOMAIN, 'must be a domain name such as example.com')).min(1, 'name at least one domain'),
  /** `upsert-only` never deletes records; `sync` also removes records of deleted Ingresses. */
  policy: z.enum(['upsert-only', 'sync']).default('upsert-only'),
});

export type IngressConfig = z.output<typeof ingressSchema>;
export type ExternalDnsConfig = z.output<typeof externalDnsSchema>;

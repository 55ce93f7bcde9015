import { z } from 'zod';
import { logRetentionDays } from './log-retention-schema';

/**
 * The `monitoring` section: Prometheus, Alertmanager and Grafana (kube-prometheus-stack), and
 * Container Insights for container logs. Sizes differ per environment; defaults suit dev.
 */

const promDuration = z.string().regex(/^\d+(ms|s|m|h|d|w|y)$/, 'must be a Prometheus duration such as 30s, 12h or 15d');
const cpu = z.string().regex(/^\d+(\.\d+)?m?$/, 'must be a CPU quantity such as 500m or 2');
const memory = z.string().regex(/^\d+(\.\d+)?(Ki|Mi|Gi|Ti)$/, 'must be a memory quantity such as 512Mi or 4Gi');

const resourcesSchema = z.strictObject({ requestsCpu: cpu, requestsMemory: memory, limitsCpu: cpu, limitsMemory: memory });

/**
 * Where alerts go. Each receiver gets the alerts of its severities. The destination fields are
 * checked together with the type, so that a receiver with none is named in the error. A slack,
 * webhook or pagerduty receiver's URL or routing key is a secret: the platform creates it in
 * Secrets Manager as `<env>/platform/alertmanager/receivers/<name>` and you fill it in (README).
 */
const receiverSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be lowercase letters, digits and hyphens'),
  type: z.enum(['slack', 'pagerduty', 'webhook', 'email']),
  severities: z
    .array(z.enum(['critical', 'warning', 'info']))
    .min(1)
    .default(['critical', 'warning']),
  /** slack: the channel; the webhook URL is the receiver's platform secret. */
  channel: z.string().optional(),
  /** Retired: the platform names the secret now. Accepted only to be refused with the way forward. */
  urlSecret: z.unknown().optional(),
  routingKeySecret: z.unknown().optional(),
  /** email: recipients, sender and SMTP relay (`host:port`). */
  to: z.array(z.email()).optional(),
  from: z.email().optional(),
  smarthost: z
    .string()
    .regex(/^[^:\s]+:\d+$/, 'must be host:port')
    .optional(),
});

export const monitoringSchema = z.strictObject({
  /** Where your copy of the runbook is (the README's runbook section); alerts link to `<url>#<alert>`. */
  runbookUrl: z.url().optional(),
  prometheus: z
    .strictObject({
      /** How long samples are kept; older ones are deleted. */
      retention: promDuration.default('15d'),
      /** Prometheus deletes the oldest blocks beyond this size, so the volume never fills. */
      retentionSizeGiB: z.number().int().min(1).default(40),
      /** The persistent volume (gp3) per replica; must exceed retentionSizeGiB (the WAL lives there too). */
      storageGiB: z.number().int().min(1).default(50),
      scrapeInterval: promDuration.default('30s'),
      evaluationInterval: promDuration.default('30s'),
      replicas: z.number().int().min(1).max(3).default(1),
      resources: resourcesSchema.default({ requestsCpu: '500m', requestsMemory: '2Gi', limitsCpu: '2', limitsMemory: '4Gi' }),
    })
    .prefault({}),
  alertmanager: z
    .strictObject({
      replicas: z.number().int().min(1).max(5).default(1),
      receivers: z.array(receiverSchema).default([]),
    })
    .prefault({}),
  grafana: z
    .strictObject({
      /** Retired: the admin login is always the platform secret `<env>/platform/grafana/admin`. */
      adminSecretName: z.unknown().optional(),
      /** Publish Grafana on the shared ALB under this host name; off when absent. */
      ingressHost: z
        .string()
        .regex(/^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'must be a host name such as grafana.example.com')
        .optional(),
      /**
       * Also load community dashboards from grafana.com (cluster overview, node exporter,
       * kube-state-metrics). Grafana downloads them at every start, and a failed download (no
       * egress, rate limit) fails the release, so they are off by default: the platform's own
       * dashboards and kube-prometheus-stack's Kubernetes dashboards ship with the deployment.
       */
      communityDashboards: z.boolean().default(false),
    })
    .prefault({}),
  /** Container logs and Container Insights metrics in CloudWatch (the amazon-cloudwatch-observability add-on). */
  containerInsights: z
    .strictObject({
      enabled: z.boolean().default(false),
      /** How long container and node logs are kept (CloudWatch's own retention periods). */
      logRetentionDays: logRetentionDays.default(30),
    })
    .prefault({}),
});

export type MonitoringConfig = z.output<typeof monitoringSchema>;
export type AlertReceiverConfig = MonitoringConfig['alertmanager']['receivers'][number];

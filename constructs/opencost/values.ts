import { albIngressAnnotations, ALB_INGRESS_CLASS } from '../../lib/alb-ingress';
import type { OpenCostConfig } from '../../lib/config/opencost-schema';
import { SYSTEM_WORKLOAD_PLACEMENT } from '../../lib/system-node-placement';

export interface OpenCostValuesProps {
  readonly config: OpenCostConfig;
  /** The IRSA role of OpenCost's ServiceAccount. */
  readonly roleArn: string;
  /** Names this cluster in OpenCost's metrics and UI (`cluster_id`). */
  readonly clusterName: string;
  /** The AWS account and region of the Spot data feed and the Athena queries. */
  readonly account: string;
  readonly region: string;
  /** The platform's Prometheus Service, which OpenCost queries. */
  readonly prometheus: { readonly namespace: string; readonly service: string; readonly port: number };
  /** The shared ALB that publishes the UI when `ui.ingressHost` is set. */
  readonly alb: { readonly groupName: string; readonly certificateArns: readonly string[]; readonly sslPolicy: string };
}

export const OPENCOST_SERVICE_ACCOUNT = 'opencost';
/** The chart names its Deployment, Service and ServiceMonitor after the release. */
export const OPENCOST_SERVICE = 'opencost';
/** The cost model's API (and /metrics); the UI. */
export const OPENCOST_API_PORT = 9003;
export const OPENCOST_UI_PORT = 9090;

const resources = (requestsCpu: string, requestsMemory: string, limitsCpu: string, limitsMemory: string) => ({
  requests: { cpu: requestsCpu, memory: requestsMemory },
  limits: { cpu: limitsCpu, memory: limitsMemory },
});

/**
 * What `restricted` Pod Security asks of a container. Both images run as a non-root user of their
 * own (USER 1001), which `runAsNonRoot` has the kubelet verify. The root file system stays
 * writable: the UI's entrypoint rewrites its bundle under /var/www and its nginx configuration
 * at start (opencost/opencost-ui#4), and the cost model writes its pricing files beside its
 * binary; `restricted` does not ask for a read-only root.
 */
const RESTRICTED_CONTAINER = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  runAsNonRoot: true,
  seccompProfile: { type: 'RuntimeDefault' },
};

/**
 * opencost chart values: one cost-model replica (its caches are in memory; a second would double
 * the Prometheus queries and the metrics) with the UI beside it, on the system nodes, sized, at
 * `restricted` Pod Security; reading the platform's Prometheus, scraped by it through the chart's
 * ServiceMonitor; AWS list prices through its IRSA role, and the Spot data feed and the Cost and
 * Usage Report where config names them. The MCP server (an unauthenticated API for AI agents) is off.
 */
export function openCostValues(props: OpenCostValuesProps): Record<string, unknown> {
  const { config } = props;
  const uiEnabled = config.ui.enabled;
  const feed = config.spotDataFeed;
  const report = config.costAndUsageReport;
  return {
    serviceAccount: {
      create: true,
      name: OPENCOST_SERVICE_ACCOUNT,
      annotations: { 'eks.amazonaws.com/role-arn': props.roleArn },
    },
    podSecurityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    opencost: {
      exporter: {
        defaultClusterId: props.clusterName,
        replicas: 1,
        resources: resources('50m', '256Mi', '1', '1Gi'),
        securityContext: RESTRICTED_CONTAINER,
      },
      mcp: { enabled: false },
      prometheus: {
        internal: {
          enabled: true,
          serviceName: props.prometheus.service,
          namespaceName: props.prometheus.namespace,
          port: props.prometheus.port,
        },
      },
      // Prometheus selects every ServiceMonitor; honorLabels keeps the namespace and pod labels OpenCost reports.
      metrics: { serviceMonitor: { enabled: true, honorLabels: true } },
      ui: {
        enabled: uiEnabled,
        // The platform's pods are IPv4 (VPC CNI in IPv4 mode): nginx listens on IPv4 only.
        useIPv6: false,
        resources: resources('10m', '32Mi', '200m', '128Mi'),
        securityContext: RESTRICTED_CONTAINER,
        ingress: config.ui.ingressHost
          ? {
              enabled: true,
              ingressClassName: ALB_INGRESS_CLASS,
              // After Grafana's rules (100): each host has its own rule, so the order only keeps it stable.
              annotations: albIngressAnnotations({ ...props.alb, groupOrder: 110, healthCheckPath: '/healthz' }),
              hosts: [{ host: config.ui.ingressHost, paths: ['/'] }],
            }
          : { enabled: false },
      },
      // The Spot data feed is read as part of the AWS pricing configuration (the pricing ConfigMap).
      customPricing: feed?.bucket
        ? {
            enabled: true,
            provider: 'aws',
            costModel: {
              description: 'AWS list prices, Spot prices from the Spot data feed',
              awsSpotDataBucket: feed.bucket,
              awsSpotDataPrefix: feed.prefix,
              awsSpotDataRegion: feed.region ?? props.region,
              projectID: props.account,
            },
          }
        : { enabled: false },
      // Reconciled costs: Athena over the Cost and Usage Report, as the IRSA identity (no keys).
      ...(report?.bucket && report.athenaResultsBucket
        ? {
            cloudIntegrationJSON: JSON.stringify({
              aws: {
                athena: [
                  {
                    bucket: `s3://${report.athenaResultsBucket}/${report.athenaResultsPrefix}`,
                    region: props.region,
                    database: report.athenaDatabase,
                    table: report.athenaTable,
                    workgroup: report.athenaWorkgroup,
                    account: props.account,
                    authorizer: { authorizerType: 'AWSServiceAccount' },
                  },
                ],
              },
            }),
            cloudCost: { enabled: true },
          }
        : { cloudCost: { enabled: false } }),
      nodeSelector: { ...SYSTEM_WORKLOAD_PLACEMENT.nodeSelector },
      tolerations: SYSTEM_WORKLOAD_PLACEMENT.tolerations.map((toleration) => ({ ...toleration })),
    },
  };
}

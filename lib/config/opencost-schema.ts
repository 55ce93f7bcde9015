import { z } from 'zod';
import { isKnownRegion } from '../aws-regions';
import type { ParsedEnvironment } from './schema';

/**
 * The `opencost` section: cost per workload, namespace and team from OpenCost, reading the
 * platform's Prometheus and AWS list prices; optionally reconciled with the Spot data feed and the
 * Cost and Usage Report (through Athena), each from the bucket config names and nothing else.
 */

const HOST_NAME = /^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
/** S3's bucket naming rules (general purpose buckets): 3-63 lowercase letters, digits, dots and hyphens. */
const BUCKET_NAME = /^(?!xn--)(?!.*\.\.)(?!.*-s3alias$)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
/** A key prefix: no leading slash, no `..`, no wildcard (the IAM policy appends its own `*`). */
const KEY_PREFIX = /^(?!\/)(?!.*\.\.)[A-Za-z0-9!_.'()/-]{0,500}$/;
/** Athena workgroup names (1-128 of letters, digits, `.`, `_`, `-`). */
const WORKGROUP = /^[a-zA-Z0-9._-]{1,128}$/;
/** Glue database and table names as Athena queries them: lowercase letters, digits and underscores. */
const GLUE_NAME = /^[a-z0-9_]{1,255}$/;

// Buckets are optional here so that the rule below can say what a missing one is needed for.
const bucket = z
  .string()
  .regex(BUCKET_NAME, 'must be an S3 bucket name such as my-spot-feed (lowercase, 3-63 characters, no s3:// prefix)');
const keyPrefix = z.string().regex(KEY_PREFIX, 'must be an S3 key prefix such as spot-feed/ (no leading slash, no *)');

export const opencostSchema = z.strictObject({
  /** On by default: every environment reports what its workloads cost. */
  enabled: z.boolean().default(true),
  /** OpenCost's web UI, beside the API in the same pod; reach it with port-forward, or publish it with `ingressHost`. */
  ui: z
    .strictObject({
      enabled: z.boolean().default(true),
      /** Publish the UI on the shared ALB (where Grafana is) under this host name; off when absent. */
      ingressHost: z.string().regex(HOST_NAME, 'must be a host name such as opencost.example.com').optional(),
    })
    .prefault({}),
  /**
   * The EC2 Spot Instance data feed: what Spot nodes were actually billed, hour by hour, instead of
   * list prices. The feed subscription (`aws ec2 create-spot-datafeed-subscription`) is the account's.
   */
  spotDataFeed: z
    .strictObject({
      bucket: bucket.optional(),
      prefix: keyPrefix.default(''),
      /** Where the feed's bucket is; defaults to the environment's region. */
      region: z.string().refine(isKnownRegion, { message: 'is not a known AWS region' }).optional(),
    })
    .optional(),
  /**
   * Reconciled cloud costs from the Cost and Usage Report, queried through Athena: the CUR's own
   * bucket and prefix (read), its Athena database, table and workgroup, and a bucket for query results.
   */
  costAndUsageReport: z
    .strictObject({
      bucket: bucket.optional(),
      prefix: keyPrefix.default(''),
      athenaDatabase: z.string().regex(GLUE_NAME, 'must be an Athena database name such as athenacurcfn_platform_cur'),
      athenaTable: z.string().regex(GLUE_NAME, 'must be an Athena table name such as platform_cur'),
      athenaWorkgroup: z.string().regex(WORKGROUP, 'must be an Athena workgroup name such as primary').default('primary'),
      athenaResultsBucket: bucket.optional(),
      athenaResultsPrefix: keyPrefix.default('opencost/'),
    })
    .optional(),
});

export type OpenCostConfig = z.output<typeof opencostSchema>;

type Problem = (path: (string | number)[], message: string) => void;

/**
 * A price source needs its bucket; options of a switched-off OpenCost or UI would do nothing; the
 * UI, which has no login of its own, is published only on an ALB that not everyone can reach.
 */
export function checkOpenCost(env: Pick<ParsedEnvironment, 'opencost' | 'monitoring' | 'ingress'>, problem: Problem): void {
  const { opencost } = env;
  const grafanaHost = env.monitoring.grafana.ingressHost;
  const at = (...path: string[]) => ['opencost', ...path];
  if (opencost.spotDataFeed && opencost.spotDataFeed.bucket === undefined)
    problem(
      at('spotDataFeed', 'bucket'),
      'is required: the Spot data feed price source reads the S3 bucket the feed is delivered to (the bucket of `aws ec2 describe-spot-datafeed-subscription`)',
    );
  const report = opencost.costAndUsageReport;
  if (report && report.bucket === undefined)
    problem(
      at('costAndUsageReport', 'bucket'),
      'is required: the Cost and Usage Report price source reads the S3 bucket AWS delivers the report to',
    );
  if (report && report.athenaResultsBucket === undefined)
    problem(
      at('costAndUsageReport', 'athenaResultsBucket'),
      'is required: Athena writes the results of the Cost and Usage Report queries to this S3 bucket',
    );
  if (report?.bucket !== undefined && report.bucket === report.athenaResultsBucket && report.prefix === report.athenaResultsPrefix)
    problem(
      at('costAndUsageReport', 'athenaResultsPrefix'),
      `"${report.athenaResultsPrefix}" is the report's own prefix: query results would be written among the report's files; use another prefix`,
    );

  if (!opencost.enabled)
    for (const option of ['spotDataFeed', 'costAndUsageReport'] as const)
      if (opencost[option] !== undefined) problem(at(option), 'is set but opencost.enabled is false; enable OpenCost or remove it');
  if (opencost.ui.ingressHost !== undefined && !(opencost.enabled && opencost.ui.enabled))
    problem(at('ui', 'ingressHost'), 'publishes the OpenCost UI, which is off here; enable opencost and opencost.ui or remove the host');
  if (opencost.ui.ingressHost !== undefined && opencost.ui.ingressHost === grafanaHost)
    problem(
      at('ui', 'ingressHost'),
      `"${grafanaHost}" is Grafana's host (monitoring.grafana.ingressHost); the shared ALB routes by host, so give OpenCost its own`,
    );
  const openToAll = env.ingress.scheme === 'internet-facing' && env.ingress.inboundCidrs.includes('0.0.0.0/0');
  if (opencost.ui.ingressHost !== undefined && openToAll)
    problem(
      at('ui', 'ingressHost'),
      "the OpenCost UI has no login and shows every namespace's costs, but the shared ALB is internet-facing and ingress.inboundCidrs lets everyone reach it; " +
        'restrict ingress.inboundCidrs to your networks, or reach the UI with kubectl port-forward',
    );
}

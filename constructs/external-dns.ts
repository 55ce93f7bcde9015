import { Aws, Stack, Token } from 'aws-cdk-lib';
import type * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IDependable } from 'constructs';
import { Construct } from 'constructs';
import type { HelmChartPin } from '../lib/config/version-matrix';
import { SYSTEM_WORKLOAD_PLACEMENT } from '../lib/system-node-placement';
import { pinnedHelmRelease } from './pinned-helm-release';
import { acknowledgeNagFinding, wildcardResourceFinding } from './nag';
import { ServiceAccountRole } from './service-account-role';
import { splitIntoManagedPolicies } from './split-managed-policies';

export interface ExternalDnsProps {
  /** A cluster with an IAM OIDC provider and a kubectl provider. */
  readonly cluster: eks.ICluster;
  readonly chart: HelmChartPin;
  /** Marks the records this cluster owns (the TXT registry's owner ID). */
  readonly clusterName: string;
  /** The Route 53 hosted zones, by ID, that ExternalDNS may change; it sees no others. */
  readonly hostedZoneIds: readonly string[];
  /** Only names under these domains are published. */
  readonly domainFilters: readonly string[];
  /** `sync` also deletes the records it owns once their source is gone; `upsert-only` never deletes. */
  readonly policy: 'sync' | 'upsert-only';
  /** Must already exist: the platform's namespaces chart creates it. @default 'external-dns' */
  readonly namespace?: string;
  /** What must exist before the release installs, such as the system node group its pod runs on. */
  readonly dependsOn?: readonly IDependable[];
}

const RELEASE = 'external-dns';
const SERVICE_ACCOUNT = 'external-dns';
const HOSTED_ZONE_ID = /^Z[A-Z0-9]{1,31}$/;

/**
 * ExternalDNS, installed with its Helm chart, publishing Ingress and Service host names to the
 * configured Route 53 zones. Its IRSA role may change records in those zones and nowhere else.
 */
export class ExternalDns extends Construct {
  readonly release: eks.HelmChart;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: ExternalDnsProps) {
    super(scope, id);
    const namespace = props.namespace ?? 'external-dns';
    if (props.hostedZoneIds.length === 0) throw new Error(`${this.node.path}: hostedZoneIds needs at least one Route 53 hosted zone ID`);
    for (const zoneId of props.hostedZoneIds) {
      if (!Token.isUnresolved(zoneId) && !HOSTED_ZONE_ID.test(zoneId))
        throw new Error(`${this.node.path}: "${zoneId}" is not a Route 53 hosted zone ID such as Z0123456789ABCDEFGHIJ`);
    }

    const zoneArns = props.hostedZoneIds.map((zoneId) => `arn:${Aws.PARTITION}:route53:::hostedzone/${zoneId}`);
    const statements = [
      new iam.PolicyStatement({
        sid: 'ChangeRecordsInConfiguredZones',
        actions: ['route53:ChangeResourceRecordSets', 'route53:ListResourceRecordSets', 'route53:ListTagsForResource'],
        resources: zoneArns,
      }),
      // ListHostedZones supports no resource-level permissions: IAM accepts only "*" for it.
      // ExternalDNS lists all zones, then keeps those matching --zone-id-filter.
      new iam.PolicyStatement({ sid: 'ListHostedZones', actions: ['route53:ListHostedZones'], resources: ['*'] }),
    ];

    const irsa = new ServiceAccountRole(this, 'Irsa', {
      cluster: props.cluster,
      namespace,
      serviceAccountName: SERVICE_ACCOUNT,
      // The chart creates the ServiceAccount and annotates it with the role below.
      createServiceAccount: false,
      managedPolicies: splitIntoManagedPolicies(this, 'Policy', statements, { description: `ExternalDNS in ${props.clusterName}` }),
      description: `ExternalDNS in ${props.clusterName}`,
    });
    this.role = irsa.role;
    acknowledgeNagFinding(
      this,
      wildcardResourceFinding('*'),
      'route53:ListHostedZones supports no resource-level permissions; record changes are limited to the configured zones.',
    );

    this.release = pinnedHelmRelease(this, 'Release', {
      cluster: props.cluster,
      chart: props.chart,
      namespace: namespace,
      release: RELEASE,
      values: {
        provider: { name: 'aws' },
        sources: ['service', 'ingress'],
        policy: props.policy,
        registry: 'txt',
        txtOwnerId: props.clusterName,
        domainFilters: [...props.domainFilters],
        // Pinning exact zones also rules out same-named public/private zones, so --aws-zone-type is not needed.
        extraArgs: props.hostedZoneIds.map((zoneId) => `--zone-id-filter=${zoneId}`),
        // Pods cannot reach IMDS (the nodes' hop limit is 1), so the SDK is told its region.
        env: [{ name: 'AWS_DEFAULT_REGION', value: Stack.of(this).region }],
        serviceAccount: {
          create: true,
          name: SERVICE_ACCOUNT,
          annotations: { 'eks.amazonaws.com/role-arn': this.role.roleArn, 'eks.amazonaws.com/sts-regional-endpoints': 'true' },
        },
        nodeSelector: { ...SYSTEM_WORKLOAD_PLACEMENT.nodeSelector },
        tolerations: SYSTEM_WORKLOAD_PLACEMENT.tolerations.map((toleration) => ({ ...toleration })),
        resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } },
        // The chart's own defaults, restated so that a chart upgrade cannot loosen them unseen.
        podSecurityContext: { runAsNonRoot: true, fsGroup: 65534, seccompProfile: { type: 'RuntimeDefault' } },
        securityContext: {
          privileged: false,
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          runAsNonRoot: true,
          runAsUser: 65532,
          runAsGroup: 65532,
          capabilities: { drop: ['ALL'] },
        },
      },
    });
    if (props.dependsOn?.length) this.release.node.addDependency(...props.dependsOn);
  }
}

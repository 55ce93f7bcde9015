import { z } from 'zod';
import { AVAILABILITY_ZONE_LETTERS, availabilityZonesOf, isKnownRegion } from '../aws-regions';
import { architectureOf, INSTANCE_FAMILY_ARCHITECTURE } from '../instance-types';
import { blockSize, isNetworkAddress, parseCidr } from '../ipv4';
import { cidrSchema } from './cidr-schema';
import { logRetentionDays } from './log-retention-schema';
import { checkMonitoring } from './monitoring-rules';
import { monitoringSchema } from './monitoring-schema';
import { externalDnsSchema, ingressSchema } from './ingress-schema';
import { checkKarpenter } from './karpenter-rules';
import { karpenterSchema } from './karpenter-schema';
import { checkPlatformRules } from './platform-rules';
import { checkAwsReferences } from './aws-reference-rules';
import { checkProductionRules } from './production-rules';
import { tagsSchema } from './tags-schema';
import { checkVpcRange } from './vpc-range-rules';
import { teamNamespacesSchema } from './team-namespaces-schema';
import { vpcCniSchema } from './vpc-cni-schema';
import { checkCoreDns, coreDnsSchema } from './coredns-schema';
import { checkEfs } from './efs-rules';
import { efsSchema } from './efs-schema';
import { checkKeda, kedaSchema } from './keda-schema';
import { checkKubewarden, kubewardenSchema } from './kubewarden-schema';
import { checkFlux, fluxSchema } from './flux-schema';
import { checkOpenCost, opencostSchema } from './opencost-schema';
import { ackSchema, checkAck } from './ack-schema';
import { accessSchema, checkAccess } from './access-schema';
import { SUPPORTED_KUBERNETES_VERSIONS } from './version-matrix';

/**
 * The schema of one environment. `environments.ts` holds plain objects of the input type; this
 * schema fills in defaults and checks every field and every cross-field rule, so that the
 * stacks only ever see a complete, consistent `EnvironmentConfig`.
 */

const cidr = cidrSchema;

/** One rule for every field that names EC2 instance types, so none is checked less than another. */
const instanceType = z.string().refine((type) => architectureOf(type) !== undefined, {
  message: `is not a known instance type; families allowed: ${Object.keys(INSTANCE_FAMILY_ARCHITECTURE).join(', ')}`,
});

export const CONTROL_PLANE_LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'] as const;
export type ControlPlaneLogTypeName = (typeof CONTROL_PLANE_LOG_TYPES)[number];

const networkSchema = z.strictObject({
  vpcCidr: cidr,
  /** Prefix length of each private subnet. Pods take VPC addresses, so these are large. */
  privateSubnetPrefixLength: z.number().int().min(16).max(22).default(19),
  publicSubnetPrefixLength: z.number().int().min(20).max(28).default(24),
  natGateways: z.number().int().min(1),
  flowLogRetentionDays: logRetentionDays.default(90),
  /**
   * Interface endpoints for ECR, STS, EC2, CloudWatch Logs and the other APIs nodes call, so
   * that nodes work without the internet. Defaults to on for private-endpoint clusters.
   */
  interfaceEndpoints: z.boolean().optional(),
  /**
   * Nodes beyond the system node group (Karpenter's) that the private subnets must hold, and the
   * instance types they may be: the subnet capacity check at synth assumes the hungriest one.
   */
  workloadNodes: z
    .strictObject({
      /** Defaults to what the Karpenter pools' CPU limits allow. */
      maxNodes: z.number().int().min(0).optional(),
      instanceTypes: z.array(instanceType).min(1, 'name at least one instance type').default(['m6i.large']),
    })
    .prefault({}),
});

const endpointAccessSchema = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('private') }),
  z.strictObject({
    mode: z.enum(['public', 'public-and-private']),
    /** Who may reach the public endpoint. Say `0.0.0.0/0` explicitly to open it to everyone. */
    publicCidrs: z
      .array(cidr)
      .min(1, 'name at least one CIDR (0.0.0.0/0 to allow everyone)')
      // EKS service quota "Public endpoint access CIDR ranges per cluster" (https://docs.aws.amazon.com/general/latest/gr/eks.html).
      .max(40, 'EKS accepts at most 40 public endpoint CIDR ranges per cluster'),
  }),
]);

const clusterSchema = z.strictObject({
  /** Defaults to `<environment>-platform`. */
  name: z
    .string()
    .regex(/^[a-zA-Z0-9][a-zA-Z0-9_-]{0,99}$/, 'must be 1-100 letters, digits, hyphens or underscores, starting with a letter or digit')
    .optional(),
  kubernetesVersion: z.string().refine((version) => SUPPORTED_KUBERNETES_VERSIONS.includes(version), {
    message: `is not supported; supported versions: ${SUPPORTED_KUBERNETES_VERSIONS.join(', ')}`,
  }),
  endpointAccess: endpointAccessSchema,
  controlPlaneLogTypes: z.array(z.enum(CONTROL_PLANE_LOG_TYPES)).default([...CONTROL_PLANE_LOG_TYPES]),
  controlPlaneLogRetentionDays: logRetentionDays.default(90),
  /**
   * What EKS does when the version leaves standard support (the cluster's upgrade policy).
   * STANDARD (default): EKS upgrades the control plane to the next version on that day; nothing is
   * billed beyond the standard price, and `npm run preflight` warns 90 days ahead so the team upgrades
   * first, on its own schedule. EXTENDED: the cluster stays on its version for up to 12 more months at
   * the extended-support price. EKS itself defaults to EXTENDED, which is why this is always set.
   */
  supportType: z.enum(['STANDARD', 'EXTENDED']).default('STANDARD'),
});

const systemNodeGroupSchema = z.strictObject({
  instanceTypes: z.array(instanceType).min(1, 'name at least one instance type'),
  amiFamily: z.enum(['AL2023', 'BOTTLEROCKET']).default('AL2023'),
  capacityType: z.enum(['ON_DEMAND', 'SPOT']).default('ON_DEMAND'),
  minSize: z.number().int().min(1, 'system workloads need at least one node'),
  desiredSize: z.number().int().min(1),
  /** EKS allows up to 450 nodes per managed node group (service quota "Nodes per managed node group", https://docs.aws.amazon.com/general/latest/gr/eks.html). */
  maxSize: z.number().int().min(1).max(450),
  diskSizeGiB: z.number().int().min(20).max(16384).default(50),
  /** Nodes replaced at once during an update (1-100: https://docs.aws.amazon.com/eks/latest/APIReference/API_NodegroupUpdateConfig.html). */
  maxUnavailable: z.number().int().min(1).max(100).default(1),
});

const awsAccountId = z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account ID');

const environmentFields = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9-]{1,20}$/, 'must be 2-21 lowercase letters, digits or hyphens, starting with a letter'),
  account: awsAccountId,
  region: z.string().refine(isKnownRegion, {
    message: `is not a known region; known: ${Object.keys(AVAILABILITY_ZONE_LETTERS).join(', ')}`,
  }),
  availabilityZones: z.array(z.string()).min(2, 'EKS needs subnets in at least two availability zones'),
  network: networkSchema,
  cluster: clusterSchema,
  systemNodeGroup: systemNodeGroupSchema,
  /** Node autoscaling: see karpenter-schema.ts. */
  karpenter: karpenterSchema.prefault({}),
  /** Pod networking: see vpc-cni-schema.ts. */
  vpcCni: vpcCniSchema.prefault({}),
  storage: z
    .strictObject({
      /** KMS key for EBS volumes of the gp3 classes; by default the platform creates one per cluster. */
      ebsKmsKeyArn: z
        .string()
        .regex(
          /^arn:aws(?:-cn|-us-gov)?:kms:[a-z0-9-]+:\d{12}:key\/[0-9a-f-]{36}$/,
          'must be a KMS key ARN such as arn:aws:kms:REGION:ACCOUNT:key/UUID',
        )
        .optional(),
    })
    .prefault({}),
  /** Shared ReadWriteMany storage on EFS: see efs-schema.ts. */
  efs: efsSchema.prefault({}),
  /** Event-driven and cron autoscaling of workloads: see keda-schema.ts. */
  keda: kedaSchema.prefault({}),
  /** Admission policies on team namespaces: see kubewarden-schema.ts. */
  kubewarden: kubewardenSchema.prefault({}),
  /** Delivery of team applications from Git: see flux-schema.ts. */
  flux: fluxSchema.prefault({}),
  /** Cost per namespace and team (OpenCost): see opencost-schema.ts. */
  opencost: opencostSchema.prefault({}),
  /** AWS resources from Kubernetes through the EKS ACK capability: see ack-schema.ts. */
  ack: ackSchema.prefault({}),
  /** CoreDNS replicas that follow the cluster's size: see coredns-schema.ts. */
  coreDns: coreDnsSchema.prefault({}),
  /** The shared ALB and its HTTPS settings: see ingress-schema.ts. */
  ingress: ingressSchema.prefault({}),
  /** Publish Ingress host names to Route 53; off when absent. */
  externalDns: externalDnsSchema.optional(),
  /** Quotas, default container resources and network policy of team namespaces. */
  teamNamespaces: teamNamespacesSchema.prefault({}),
  /** Prometheus, Alertmanager, Grafana and Container Insights: see monitoring-schema.ts. */
  monitoring: monitoringSchema.prefault({}),
  /** Who may use the cluster: see access-schema.ts. */
  access: accessSchema.prefault({}),
  /** AWS tags on every resource of the environment: see tags-schema.ts. */
  tags: tagsSchema.default({}),
  /**
   * A production environment refuses unsafe settings: it must keep deletion and termination
   * protection, and its Kubernetes API may not be open to the whole internet.
   */
  production: z.boolean().default(false),
  /** Protects the cluster from deletion and keeps the KMS key, logs and cluster on stack deletion. */
  deletionProtection: z.boolean().default(true),
  /** CloudFormation termination protection on every stack of the environment. */
  terminationProtection: z.boolean().default(true),
});

export type EnvironmentInput = z.input<typeof environmentFields>;
export type ParsedEnvironment = z.output<typeof environmentFields>;

export const environmentSchema = environmentFields.superRefine(checkCrossFieldRules);

function checkCrossFieldRules(env: ParsedEnvironment, ctx: z.RefinementCtx): void {
  const problem = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });

  const regionZones = availabilityZonesOf(env.region);
  env.availabilityZones.forEach((zone, index) => {
    if (isKnownRegion(env.region) && !regionZones.includes(zone))
      problem(['availabilityZones', index], `"${zone}" is not in ${env.region}; its zones are ${regionZones.join(', ')}`);
    if (env.availabilityZones.indexOf(zone) !== index) problem(['availabilityZones', index], `"${zone}" is listed twice`);
  });

  const { network, systemNodeGroup: nodes } = env;
  if (network.natGateways > env.availabilityZones.length)
    problem(
      ['network', 'natGateways'],
      `${network.natGateways} NAT gateways for ${env.availabilityZones.length} availability zones; use at most one per zone`,
    );

  checkSubnetPlan(env, problem);

  if (nodes.minSize > nodes.maxSize)
    problem(['systemNodeGroup', 'minSize'], `minSize ${nodes.minSize} is greater than maxSize ${nodes.maxSize}`);
  if (nodes.desiredSize < nodes.minSize || nodes.desiredSize > nodes.maxSize)
    problem(
      ['systemNodeGroup', 'desiredSize'],
      `desiredSize ${nodes.desiredSize} is outside minSize..maxSize (${nodes.minSize}..${nodes.maxSize})`,
    );
  if (nodes.maxUnavailable > nodes.maxSize)
    problem(['systemNodeGroup', 'maxUnavailable'], `maxUnavailable ${nodes.maxUnavailable} is greater than maxSize ${nodes.maxSize}`);
  const architectures = new Set(nodes.instanceTypes.map(architectureOf).filter((arch) => arch !== undefined));
  if (architectures.size > 1)
    problem(
      ['systemNodeGroup', 'instanceTypes'],
      'mixes x86_64 and arm64 instance types; a node group runs one AMI, so pick one architecture',
    );

  checkAccess(env.access, problem);
  checkVpcRange(env, problem);
  checkAwsReferences(env, problem);
  checkProductionRules(env, problem);
  checkPlatformRules(env, problem);
  checkKarpenter(env, problem);
  checkMonitoring(env, problem);
  checkEfs(env, problem);
  checkKeda(env.keda, problem);
  checkKubewarden(env, problem);
  checkFlux(
    env.flux,
    teamNamespacesOf(env),
    env.monitoring.alertmanager.receivers.filter((receiver) => receiver.type === 'slack').map((receiver) => receiver.name),
    problem,
  );
  checkOpenCost(env, problem);
  checkAck(env, problem);
  checkCoreDns(env.coreDns, problem);

  if (env.cluster.controlPlaneLogTypes.length !== new Set(env.cluster.controlPlaneLogTypes).size)
    problem(['cluster', 'controlPlaneLogTypes'], 'lists a log type twice');
}

/** Namespaces some role or user may edit: the team namespaces (as lib/access-model.ts reads them from grants). */
function teamNamespacesOf(env: ParsedEnvironment): string[] {
  const grants = [...env.access.roles, ...env.access.users];
  return [...new Set(grants.flatMap((grant) => (typeof grant.access === 'object' ? grant.access.namespaces : [])))];
}

/** The VPC must hold one private and one public subnet per AZ, largest blocks first. */
function checkSubnetPlan(env: ParsedEnvironment, problem: (path: (string | number)[], message: string) => void): void {
  const vpc = parseCidr(env.network.vpcCidr);
  if (!vpc || !isNetworkAddress(vpc)) return; // already reported on the field itself
  const { privateSubnetPrefixLength, publicSubnetPrefixLength } = env.network;
  if (vpc.prefixLength < 16 || vpc.prefixLength > 28) return; // reported by checkVpcRange
  if (vpc.prefixLength > 24) {
    problem(
      ['network', 'vpcCidr'],
      `"${env.network.vpcCidr}" is too small for the platform: AWS allows /16 to /28, but the subnets pods need fit from /16 to /24`,
    );
    return;
  }
  const zones = env.availabilityZones.length;
  const needed = zones * (blockSize(privateSubnetPrefixLength) + blockSize(publicSubnetPrefixLength));
  const available = blockSize(vpc.prefixLength);
  if (needed > available)
    problem(
      ['network', 'vpcCidr'],
      `${env.network.vpcCidr} holds ${available} addresses but ${zones} private /${privateSubnetPrefixLength} and ${zones} public /${publicSubnetPrefixLength} subnets need ${needed}`,
    );
  if (privateSubnetPrefixLength > publicSubnetPrefixLength)
    problem(
      ['network', 'privateSubnetPrefixLength'],
      'private subnets carry the pods, so they must not be smaller than the public subnets',
    );
}

import type { EnvironmentInput } from './schema';

/**
 * The environments this platform deploys. Edit these objects to configure an environment; the
 * schema in `schema.ts` documents every field and fills in the defaults. Replace the account
 * IDs and the public endpoint CIDRs (documentation ranges here) with your own.
 */

/** Who may reach the public Kubernetes API endpoint: replace with your VPN or office ranges. */
const OPERATOR_CIDRS = ['203.0.113.0/24'];

/** The ACM certificate of each environment's shared ALB: replace with your own (all-zero UUIDs here). */
const certificate = (account: string) => `arn:aws:acm:eu-west-1:${account}:certificate/00000000-0000-0000-0000-000000000000`;

export const dev: EnvironmentInput = {
  name: 'dev',
  account: '111111111111',
  region: 'eu-west-1',
  availabilityZones: ['eu-west-1a', 'eu-west-1b'],
  network: {
    vpcCidr: '10.10.0.0/16',
    natGateways: 1,
    flowLogRetentionDays: 30,
    workloadNodes: { instanceTypes: ['m6i.large', 'm6i.xlarge', 'c6i.large'] },
  },
  cluster: {
    kubernetesVersion: '1.35',
    endpointAccess: { mode: 'public-and-private', publicCidrs: OPERATOR_CIDRS },
    controlPlaneLogRetentionDays: 30,
  },
  systemNodeGroup: {
    instanceTypes: ['t3.medium', 't3a.medium'],
    capacityType: 'SPOT',
    minSize: 2,
    desiredSize: 2,
    maxSize: 3,
    diskSizeGiB: 30,
  },
  access: {
    roles: [
      { arn: 'arn:aws:iam::111111111111:role/PlatformAdmin', access: 'admin' },
      { arn: 'arn:aws:iam::111111111111:role/Developer', access: { namespaces: ['team-a', 'team-b'] } },
    ],
  },
  karpenter: {
    pools: [
      {
        name: 'general-purpose',
        capacityTypes: ['spot', 'on-demand'],
        limits: { cpu: 20, memoryGiB: 80 },
        // Dev tolerates churn: empty or underused nodes go quickly.
        consolidateAfter: '30s',
        expireAfter: '168h',
        disruptionBudgets: [{ nodes: '50%' }],
      },
    ],
  },
  ingress: { certificateArns: [certificate('111111111111')] },
  monitoring: {
    prometheus: {
      retention: '7d',
      retentionSizeGiB: 15,
      storageGiB: 20,
      resources: { requestsCpu: '250m', requestsMemory: '1Gi', limitsCpu: '1', limitsMemory: '2Gi' },
    },
  },
  teamNamespaces: { quota: { requestsCpu: '4', requestsMemory: '8Gi', limitsCpu: '8', limitsMemory: '16Gi' } },
  tags: { 'cost-center': 'platform', environment: 'dev' },
  deletionProtection: false,
  terminationProtection: false,
};

export const staging: EnvironmentInput = {
  name: 'staging',
  account: '222222222222',
  region: 'eu-west-1',
  availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
  network: {
    vpcCidr: '10.20.0.0/16',
    natGateways: 3,
    flowLogRetentionDays: 90,
    workloadNodes: { instanceTypes: ['m6i.large', 'm6i.xlarge', 'm6i.2xlarge', 'm6g.large'] },
  },
  cluster: {
    kubernetesVersion: '1.35',
    endpointAccess: { mode: 'public-and-private', publicCidrs: OPERATOR_CIDRS },
    controlPlaneLogRetentionDays: 90,
  },
  systemNodeGroup: {
    instanceTypes: ['m6i.large'],
    minSize: 2,
    desiredSize: 3,
    maxSize: 4,
  },
  access: {
    roles: [
      { arn: 'arn:aws:iam::222222222222:role/PlatformAdmin', access: 'admin' },
      { arn: 'arn:aws:iam::222222222222:role/Developer', access: 'viewer' },
      { arn: 'arn:aws:iam::222222222222:role/ci/AppDeployer', access: { namespaces: ['team-a', 'team-b'] } },
    ],
  },
  karpenter: {
    pools: [
      {
        name: 'general-purpose',
        capacityTypes: ['spot', 'on-demand'],
        architectures: ['amd64', 'arm64'],
        limits: { cpu: 60, memoryGiB: 240 },
      },
    ],
  },
  ingress: { certificateArns: [certificate('222222222222')] },
  monitoring: {
    prometheus: { retention: '15d', retentionSizeGiB: 40, storageGiB: 50 },
    alertmanager: {
      // The webhook URL is the platform secret <env>/platform/alertmanager/receivers/<name> (README: Monitoring).
      receivers: [
        {
          name: 'platform-slack',
          type: 'slack',
          channel: '#platform-staging',
        },
      ],
    },
    grafana: { ingressHost: 'grafana.staging.example.com' },
    containerInsights: { enabled: true, logRetentionDays: 30 },
  },
  // Replace with your hosted zone: ExternalDNS may change records in it and nowhere else.
  externalDns: { hostedZoneIds: ['Z0000000000000STAGING'], domainFilters: ['staging.example.com'], policy: 'sync' },
  // Shared ReadWriteMany storage (the `efs` StorageClass).
  efs: { enabled: true },
  // team-a's applications from Git (replace the placeholder repository with yours; README: Delivering applications).
  flux: {
    slackReceiver: 'platform-slack',
    gitSources: [
      {
        name: 'apps',
        namespace: 'team-a',
        url: 'https://github.com/example-org/team-a-apps.git',
        ref: { branch: 'main' },
        path: './deploy/staging',
        credentials: true,
      },
    ],
  },
  // Teams create S3 buckets as Kubernetes objects (README: AWS resources from Kubernetes).
  ack: { enabled: true, services: ['s3'] },
  tags: { 'cost-center': 'platform', environment: 'staging' },
  deletionProtection: true,
  terminationProtection: false,
};

export const prod: EnvironmentInput = {
  name: 'prod',
  account: '333333333333',
  region: 'eu-west-1',
  availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
  network: {
    vpcCidr: '10.30.0.0/16',
    natGateways: 3,
    flowLogRetentionDays: 365,
    interfaceEndpoints: true,
    workloadNodes: { instanceTypes: ['m6i.xlarge', 'm6i.2xlarge', 'm6i.4xlarge', 'c6i.large'] },
  },
  cluster: {
    kubernetesVersion: '1.35',
    endpointAccess: { mode: 'public-and-private', publicCidrs: OPERATOR_CIDRS },
    controlPlaneLogRetentionDays: 365,
  },
  systemNodeGroup: {
    instanceTypes: ['m6i.large'],
    minSize: 3,
    desiredSize: 3,
    maxSize: 6,
    diskSizeGiB: 80,
  },
  access: {
    roles: [
      { arn: 'arn:aws:iam::333333333333:role/PlatformAdmin', access: 'admin' },
      // An IAM Identity Center permission set: the path is kept for the access entry and dropped in aws-auth.
      {
        arn: 'arn:aws:iam::333333333333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_ReadOnly_0123456789abcdef',
        access: 'viewer',
      },
      { arn: 'arn:aws:iam::333333333333:role/ci/AppDeployer', access: { namespaces: ['team-a', 'team-b'] } },
    ],
    users: [{ arn: 'arn:aws:iam::333333333333:user/break-glass', access: 'admin' }],
  },
  vpcCni: { warmPrefixTarget: 1, minimumIpTarget: 16 },
  karpenter: {
    diskSizeGiB: 100,
    pools: [
      {
        name: 'general-purpose',
        capacityTypes: ['spot', 'on-demand'],
        architectures: ['amd64', 'arm64'],
        minInstanceCpu: 4,
        limits: { cpu: 200, memoryGiB: 800 },
        // No voluntary disruption in business hours; at most 10% of nodes at a time otherwise.
        disruptionBudgets: [{ nodes: '10%' }, { nodes: '0', schedule: '0 8 * * mon-fri', duration: '10h', reasons: ['Underutilized'] }],
      },
      {
        // For workloads that must not be interrupted: on-demand only, tainted so that only they land here.
        name: 'on-demand',
        capacityTypes: ['on-demand'],
        minInstanceCpu: 4,
        limits: { cpu: 40, memoryGiB: 160 },
        consolidationPolicy: 'WhenEmpty',
        consolidateAfter: '10m',
        taints: [{ key: 'platform/capacity', value: 'on-demand', effect: 'NoSchedule' }],
        labels: { 'platform/capacity': 'on-demand' },
        weight: 10,
      },
    ],
  },
  ingress: { certificateArns: [certificate('333333333333')] },
  monitoring: {
    prometheus: {
      retention: '30d',
      retentionSizeGiB: 90,
      storageGiB: 100,
      replicas: 2,
      resources: { requestsCpu: '1', requestsMemory: '4Gi', limitsCpu: '4', limitsMemory: '8Gi' },
    },
    alertmanager: {
      replicas: 2,
      receivers: [
        {
          name: 'platform-oncall',
          type: 'pagerduty',
          severities: ['critical'],
        },
        {
          name: 'platform-slack',
          type: 'slack',
          severities: ['critical', 'warning'],
          channel: '#platform-alerts',
        },
      ],
    },
    grafana: { ingressHost: 'grafana.example.com' },
    containerInsights: { enabled: true, logRetentionDays: 90 },
  },
  externalDns: { hostedZoneIds: ['Z00000000000000000PROD'], domainFilters: ['example.com'], policy: 'upsert-only' },
  teamNamespaces: { quota: { requestsCpu: '16', requestsMemory: '32Gi', limitsCpu: '32', limitsMemory: '64Gi', pods: 200 } },
  // Shared ReadWriteMany storage (the `efs` StorageClass); backed up daily because the environment is protected.
  efs: { enabled: true, throughputMode: 'elastic', transitionToInfrequentAccessDays: 30 },
  coreDns: { autoScaling: { minReplicas: 3, maxReplicas: 20 } },
  // OpenCost runs everywhere on AWS list prices. For Spot prices and reconciled costs, name the
  // account's Spot data feed and Cost and Usage Report (README: Cost), e.g.
  // opencost: { spotDataFeed: { bucket: 'my-spot-feed', prefix: 'prod/' } },
  // team-a's released versions from Git: the newest 1.x tag (replace the placeholder repository with yours).
  flux: {
    slackReceiver: 'platform-slack',
    gitSources: [
      {
        name: 'apps',
        namespace: 'team-a',
        url: 'https://github.com/example-org/team-a-apps.git',
        ref: { semver: '>=1.0.0 <2.0.0' },
        path: './deploy/prod',
        interval: '10m',
        credentials: true,
      },
    ],
  },
  // Teams create S3 buckets and RDS databases (in the private subnets) as Kubernetes objects.
  ack: { enabled: true, services: ['s3', 'rds'] },
  tags: { 'cost-center': 'platform', environment: 'prod' },
  production: true,
  deletionProtection: true,
  terminationProtection: true,
};

/** Every environment, in deployment order. */
export const ENVIRONMENTS: readonly EnvironmentInput[] = [dev, staging, prod];

import type { EnvironmentInput } from './schema';

/**
 * The environments this platform deploys. Edit these objects to configure an environment; the
 * schema in `schema.ts` documents every field and fills in the defaults. Replace the account
 * IDs and the public endpoint CIDRs (documentation ranges here) with your own.
 */

/** Who may reach the public Kubernetes API endpoint: replace with your VPN or office ranges. */
const OPERATOR_CIDRS = ['203.0.113.0/24'];

export const dev: EnvironmentInput = {
  name: 'dev',
  account: '111111111111',
  region: 'eu-west-1',
  availabilityZones: ['eu-west-1a', 'eu-west-1b'],
  network: { vpcCidr: '10.10.0.0/16', natGateways: 1, flowLogRetentionDays: 30 },
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
  tags: { 'cost-center': 'platform', environment: 'dev' },
  deletionProtection: false,
  terminationProtection: false,
};

export const staging: EnvironmentInput = {
  name: 'staging',
  account: '222222222222',
  region: 'eu-west-1',
  availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
  network: { vpcCidr: '10.20.0.0/16', natGateways: 3, flowLogRetentionDays: 90 },
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
  tags: { 'cost-center': 'platform', environment: 'staging' },
  deletionProtection: true,
  terminationProtection: false,
};

export const prod: EnvironmentInput = {
  name: 'prod',
  account: '333333333333',
  region: 'eu-west-1',
  availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
  network: { vpcCidr: '10.30.0.0/16', natGateways: 3, flowLogRetentionDays: 365, interfaceEndpoints: true },
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
  tags: { 'cost-center': 'platform', environment: 'prod' },
  deletionProtection: true,
  terminationProtection: true,
};

/** Every environment, in deployment order. */
export const ENVIRONMENTS: readonly EnvironmentInput[] = [dev, staging, prod];

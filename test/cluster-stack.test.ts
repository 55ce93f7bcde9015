import { devFixture as dev, prodFixture as prod } from './fixtures/environments';
import type { EnvironmentInput } from '../lib/config/schema';
import { SYSTEM_NODE_LABEL, SYSTEM_NODE_TAINT } from '../lib/system-node-placement';
import { onlyResource, resourcesOfType, synthEnvironment, withOverrides } from './helpers/synth';

const devEnv = synthEnvironment(dev);
const prodEnv = synthEnvironment(prod);
const prodCluster = onlyResource(prodEnv.cluster, 'AWS::EKS::Cluster');
const devCluster = onlyResource(devEnv.cluster, 'AWS::EKS::Cluster');

function logicalIdOf(template: typeof prodEnv.cluster, type: string): string {
  const ids = Object.keys(template.findResources(type));
  expect(ids).toHaveLength(1);
  return ids[0];
}

describe('EKS cluster', () => {
  test('is a native AWS::EKS::Cluster named and versioned from config', () => {
    expect(prodCluster).toMatchObject({ Name: 'fx-prod-platform', Version: '1.35' });
    expect(resourcesOfType(prodEnv.cluster, 'AWS::CloudFormation::Stack')).toHaveLength(0);
  });

  test('honours access entries and aws-auth, and does not make the deployer an admin', () => {
    expect(prodCluster.AccessConfig).toEqual({ AuthenticationMode: 'API_AND_CONFIG_MAP', BootstrapClusterCreatorAdminPermissions: false });
  });

  test('encrypts secrets with its own rotating KMS key', () => {
    const keyId = Object.keys(prodEnv.cluster.findResources('AWS::KMS::Key')).find((id) => id.startsWith('EksSecretsKey'))!;
    expect(prodCluster.EncryptionConfig).toEqual([{ Provider: { KeyArn: { 'Fn::GetAtt': [keyId, 'Arn'] } }, Resources: ['secrets'] }]);
    expect(prodEnv.cluster.findResources('AWS::KMS::Key')[keyId].Properties.EnableKeyRotation).toBe(true);
    prodEnv.cluster.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/eks/fx-prod-platform/secrets' });
  });

  test('logs all five control-plane log types into a group with finite retention, created first', () => {
    expect(prodCluster.Logging.ClusterLogging.EnabledTypes.map((type: { Type: string }) => type.Type)).toEqual([
      'api',
      'audit',
      'authenticator',
      'controllerManager',
      'scheduler',
    ]);
    const [[groupId, group]] = resourcesOfType(prodEnv.cluster, 'AWS::Logs::LogGroup').filter(
      ([, props]) => props.LogGroupName === '/aws/eks/fx-prod-platform/cluster',
    );
    expect(group.RetentionInDays).toBe(365);
    const [clusterId] = Object.keys(prodEnv.cluster.findResources('AWS::EKS::Cluster'));
    expect(prodEnv.cluster.toJSON().Resources[clusterId].DependsOn).toContain(groupId);
  });

  test('log types are configurable', () => {
    const env = synthEnvironment(withOverrides(dev, { cluster: { controlPlaneLogTypes: ['audit', 'authenticator'] } }));
    expect(onlyResource(env.cluster, 'AWS::EKS::Cluster').Logging.ClusterLogging.EnabledTypes).toEqual([
      { Type: 'audit' },
      { Type: 'authenticator' },
    ]);
  });

  test('prod: private endpoint plus a public one restricted to the configured CIDRs', () => {
    expect(prodCluster.ResourcesVpcConfig).toMatchObject({
      EndpointPrivateAccess: true,
      EndpointPublicAccess: true,
      PublicAccessCidrs: ['198.51.100.0/24'],
    });
  });

  test('a private cluster has no public endpoint', () => {
    const privateDev: EnvironmentInput = { ...dev, cluster: { ...dev.cluster, endpointAccess: { mode: 'private' } } };
    const cluster = onlyResource(synthEnvironment(privateDev).cluster, 'AWS::EKS::Cluster');
    expect(cluster.ResourcesVpcConfig).toMatchObject({ EndpointPrivateAccess: true, EndpointPublicAccess: false });
    expect(cluster.ResourcesVpcConfig.PublicAccessCidrs).toBeUndefined();
  });

  test('control-plane ENIs go in the private subnets of the network stack', () => {
    const subnetOutputs = prodCluster.ResourcesVpcConfig.SubnetIds.map((ref: any) => ref['Fn::GetStackOutput'].OutputName);
    expect(subnetOutputs).toHaveLength(3);
    expect(subnetOutputs.every((name: string) => name.includes('PrivateSubnet'))).toBe(true);
  });

  test('deletion protection and stack termination protection follow config', () => {
    expect(prodCluster.DeletionProtection).toBe(true);
    expect(devCluster.DeletionProtection).toBe(false);
    expect(prodEnv.assembly.terminationProtection).toEqual({ network: true, cluster: true });
    expect(devEnv.assembly.terminationProtection.cluster).toBe(false);
  });

  test('protected environments retain the cluster, its key and its logs when the stack goes', () => {
    for (const type of ['AWS::EKS::Cluster', 'AWS::KMS::Key']) {
      prodEnv.cluster.hasResource(type, { DeletionPolicy: 'Retain' });
      devEnv.cluster.hasResource(type, { DeletionPolicy: 'Delete' });
    }
    prodEnv.cluster.hasResource('AWS::Logs::LogGroup', {
      DeletionPolicy: 'Retain',
      Properties: { LogGroupName: '/aws/eks/fx-prod-platform/cluster' },
    });
  });

  test('carries the configured tags and the environment tag', () => {
    expect(prodCluster.Tags).toEqual(
      expect.arrayContaining([
        { Key: 'cost-center', Value: 'platform' },
        { Key: 'platform:environment', Value: 'fx-prod' },
      ]),
    );
  });

  test('uses Auto Mode for nothing and creates no default capacity', () => {
    expect(prodCluster.ComputeConfig).toEqual({ Enabled: false });
    expect(resourcesOfType(prodEnv.cluster, 'AWS::EKS::Nodegroup')).toHaveLength(1);
    expect(resourcesOfType(prodEnv.cluster, 'AWS::AutoScaling::AutoScalingGroup')).toHaveLength(0);
  });
});

describe('IRSA and kubectl', () => {
  test('the OIDC provider is the native resource, trusting the cluster issuer for STS', () => {
    const provider = onlyResource(prodEnv.cluster, 'AWS::IAM::OIDCProvider');
    expect(provider.Url).toEqual({ 'Fn::GetAtt': [logicalIdOf(prodEnv.cluster, 'AWS::EKS::Cluster'), 'OpenIdConnectIssuerUrl'] });
    expect(provider.ClientIdList).toEqual(['sts.amazonaws.com']);
    expect(Object.keys(prodEnv.cluster.findResources('Custom::AWSCDKOpenIdConnectProvider'))).toHaveLength(0);
  });

  test('the kubectl handler runs in the private subnets with the layer of the cluster version', () => {
    const handler = resourcesOfType(prodEnv.cluster, 'AWS::Lambda::Function').find(([id]) => id.includes('KubectlProviderHandler'));
    expect(handler).toBeDefined();
    const [, props] = handler!;
    expect(props.VpcConfig.SubnetIds).toHaveLength(3);
    const kubectlLayerId = resourcesOfType(prodEnv.cluster, 'AWS::Lambda::LayerVersion').find(([, layer]) =>
      layer.Description?.includes('kubectl'),
    )?.[0];
    expect(kubectlLayerId).toBeDefined();
    expect(props.Layers).toContainEqual({ Ref: kubectlLayerId });
  });

  test('a different Kubernetes version brings a different kubectl layer', () => {
    const layerKeys = (env: ReturnType<typeof synthEnvironment>) =>
      resourcesOfType(env.cluster, 'AWS::Lambda::LayerVersion')
        .filter(([, layer]) => layer.Description?.includes('kubectl'))
        .map(([, layer]) => layer.Content.S3Key);
    const upgraded = synthEnvironment(withOverrides(dev, { cluster: { kubernetesVersion: '1.36' } }));
    expect(layerKeys(upgraded)).toHaveLength(1);
    expect(layerKeys(upgraded)).not.toEqual(layerKeys(devEnv));
  });

  test('the deploying identity gets no access entry: only the kubectl handler, Karpenter nodes and configured principals do', () => {
    const entries = resourcesOfType(prodEnv.cluster, 'AWS::EKS::AccessEntry').map(([, entry]) => entry);
    const handlerEntries = entries.filter((entry) => JSON.stringify(entry.PrincipalArn).includes('KubectlProviderHandler'));
    expect(handlerEntries).toHaveLength(1);
    const nodeEntries = entries.filter((entry) => JSON.stringify(entry.PrincipalArn).includes('KarpenterNodeRole'));
    expect(nodeEntries).toEqual([expect.objectContaining({ Type: 'EC2_LINUX' })]);
    expect(nodeEntries[0].AccessPolicies ?? []).toEqual([]);
    expect(entries.filter((entry) => typeof entry.PrincipalArn === 'string')).toHaveLength(entries.length - 2);
  });
});

describe('system node group', () => {
  const nodegroup = onlyResource(prodEnv.cluster, 'AWS::EKS::Nodegroup');
  const launchTemplate = onlyResource(prodEnv.cluster, 'AWS::EC2::LaunchTemplate').LaunchTemplateData;

  test('is sized, typed and placed per config, in private subnets', () => {
    expect(nodegroup).toMatchObject({
      AmiType: 'AL2023_x86_64_STANDARD',
      CapacityType: 'ON_DEMAND',
      InstanceTypes: ['m6i.large'],
      ScalingConfig: { MinSize: 3, DesiredSize: 3, MaxSize: 6 },
      UpdateConfig: { MaxUnavailable: 1 },
    });
    expect(nodegroup.Subnets.every((ref: any) => ref['Fn::GetStackOutput'].OutputName.includes('PrivateSubnet'))).toBe(true);
  });

  test('is labelled and tainted for system workloads only', () => {
    expect(nodegroup.Labels).toEqual({ [SYSTEM_NODE_LABEL.key]: SYSTEM_NODE_LABEL.value });
    expect(nodegroup.Taints).toEqual([{ Key: SYSTEM_NODE_TAINT.key, Value: SYSTEM_NODE_TAINT.value, Effect: 'NO_SCHEDULE' }]);
  });

  test('runs the cluster version, so changing the version rolls the nodes', () => {
    expect(nodegroup.Version).toBe(prodCluster.Version);
    const upgraded = synthEnvironment(withOverrides(dev, { cluster: { kubernetesVersion: '1.36' } }));
    expect(onlyResource(upgraded.cluster, 'AWS::EKS::Cluster').Version).toBe('1.36');
    expect(onlyResource(upgraded.cluster, 'AWS::EKS::Nodegroup').Version).toBe('1.36');
  });

  test('uses a launch template that requires IMDSv2 and keeps pods away from instance credentials', () => {
    expect(nodegroup.LaunchTemplate).toEqual({
      Id: { Ref: logicalIdOf(prodEnv.cluster, 'AWS::EC2::LaunchTemplate') },
      Version: { 'Fn::GetAtt': [logicalIdOf(prodEnv.cluster, 'AWS::EC2::LaunchTemplate'), 'LatestVersionNumber'] },
    });
    expect(launchTemplate.MetadataOptions).toEqual({ HttpTokens: 'required', HttpPutResponseHopLimit: 1 });
  });

  test('has an encrypted gp3 root volume of the configured size', () => {
    expect(launchTemplate.BlockDeviceMappings).toEqual([
      { DeviceName: '/dev/xvda', Ebs: { VolumeSize: 80, VolumeType: 'gp3', Encrypted: true, DeleteOnTermination: true } },
    ]);
    expect(nodegroup.DiskSize).toBeUndefined();
  });

  test('dev runs spot capacity across two instance types', () => {
    expect(onlyResource(devEnv.cluster, 'AWS::EKS::Nodegroup')).toMatchObject({
      CapacityType: 'SPOT',
      InstanceTypes: ['t3.medium', 't3a.medium'],
    });
  });

  test('Bottlerocket on arm64 gets its AMI type and a data volume on its second device', () => {
    const env = synthEnvironment(withOverrides(dev, { systemNodeGroup: { amiFamily: 'BOTTLEROCKET', instanceTypes: ['m7g.large'] } }));
    expect(onlyResource(env.cluster, 'AWS::EKS::Nodegroup').AmiType).toBe('BOTTLEROCKET_ARM_64');
    expect(onlyResource(env.cluster, 'AWS::EC2::LaunchTemplate').LaunchTemplateData.BlockDeviceMappings[0].DeviceName).toBe('/dev/xvdb');
  });

  test('AL2023 on arm64 gets the arm64 AMI type', () => {
    const env = synthEnvironment(withOverrides(dev, { systemNodeGroup: { instanceTypes: ['t4g.medium'] } }));
    expect(onlyResource(env.cluster, 'AWS::EKS::Nodegroup').AmiType).toBe('AL2023_ARM_64_STANDARD');
  });

  test('the node role can join, pull images and use Session Manager; pod networking stays on the CNI role', () => {
    const roleId = nodegroup.NodeRole['Fn::GetAtt'][0];
    const role = prodEnv.cluster.toJSON().Resources[roleId].Properties;
    const policies = role.ManagedPolicyArns.map((arn: any) => JSON.stringify(arn).match(/policy\/(\w+)/)?.[1]).sort();
    expect(policies).toEqual(['AmazonEC2ContainerRegistryPullOnly', 'AmazonEKSWorkerNodePolicy', 'AmazonSSMManagedInstanceCore']);
    expect(role.AssumeRolePolicyDocument.Statement).toEqual([
      { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' } },
    ]);
  });
});

test('nothing in either stack needs a lookup at synth time', () => {
  expect(prodEnv.assembly.missingContext).toEqual([]);
});

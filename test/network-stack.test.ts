import { devFixture as dev, prodFixture as prod } from './fixtures/environments';
import { parseEnvironment } from '../lib/config/parse';
import { NODE_INTERFACE_ENDPOINTS } from '../lib/vpc-endpoints';
import { onlyResource, resourcesOfType, synthEnvironment } from './helpers/synth';

const devEnv = synthEnvironment(dev);
const prodEnv = synthEnvironment(prod);

function tagsOf(properties: Record<string, any>): Record<string, unknown> {
  return Object.fromEntries((properties.Tags ?? []).map((tag: { Key: string; Value: unknown }) => [tag.Key, tag.Value]));
}

function subnets(template = prodEnv.network): Record<string, any>[] {
  return resourcesOfType(template, 'AWS::EC2::Subnet').map(([, props]) => ({ ...props, tags: tagsOf(props) }));
}

describe('VPC', () => {
  test('uses the configured CIDR with DNS on (private endpoints need it)', () => {
    expect(onlyResource(prodEnv.network, 'AWS::EC2::VPC')).toMatchObject({
      CidrBlock: '10.130.0.0/16',
      EnableDnsHostnames: true,
      EnableDnsSupport: true,
    });
  });

  test('has one large private and one small public subnet per configured AZ, with no AZ lookup', () => {
    const all = subnets();
    const privateSubnets = all.filter((subnet) => subnet.tags['aws-cdk:subnet-type'] === 'Private');
    const publicSubnets = all.filter((subnet) => subnet.tags['aws-cdk:subnet-type'] === 'Public');
    expect(privateSubnets.map((subnet) => [subnet.AvailabilityZone, subnet.CidrBlock])).toEqual([
      ['eu-west-1a', '10.130.0.0/19'],
      ['eu-west-1b', '10.130.32.0/19'],
      ['eu-west-1c', '10.130.64.0/19'],
    ]);
    expect(publicSubnets.map((subnet) => [subnet.AvailabilityZone, subnet.CidrBlock])).toEqual([
      ['eu-west-1a', '10.130.96.0/24'],
      ['eu-west-1b', '10.130.97.0/24'],
      ['eu-west-1c', '10.130.98.0/24'],
    ]);
    expect(publicSubnets.every((subnet) => subnet.MapPublicIpOnLaunch === false)).toBe(true);
    // A lookup would leave a "missing context" entry and need AWS credentials at synth time.
    expect(prodEnv.assembly.missingContext).toEqual([]);
  });

  test('tags subnets for load balancers and Karpenter discovery', () => {
    for (const subnet of subnets()) {
      if (subnet.tags['aws-cdk:subnet-type'] === 'Public') {
        expect(subnet.tags).toMatchObject({ 'kubernetes.io/role/elb': '1' });
        expect(subnet.tags).not.toHaveProperty('karpenter.sh/discovery');
      } else {
        expect(subnet.tags).toMatchObject({ 'kubernetes.io/role/internal-elb': '1', 'karpenter.sh/discovery': 'fx-prod-platform' });
      }
    }
  });

  test.each([
    ['dev', devEnv, 1],
    ['prod', prodEnv, 3],
  ])('%s has the configured NAT gateway count', (_, env, count) => {
    env.network.resourceCountIs('AWS::EC2::NatGateway', count);
  });

  test('sends all traffic to flow logs kept for the configured time', () => {
    expect(onlyResource(prodEnv.network, 'AWS::EC2::FlowLog')).toMatchObject({
      TrafficType: 'ALL',
      LogDestinationType: 'cloud-watch-logs',
    });
    expect(onlyResource(prodEnv.network, 'AWS::Logs::LogGroup').RetentionInDays).toBe(365);
    expect(onlyResource(devEnv.network, 'AWS::Logs::LogGroup').RetentionInDays).toBe(30);
  });

  test('protected environments keep their flow logs when the stack goes', () => {
    prodEnv.network.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Retain' });
    devEnv.network.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Delete' });
  });

  test('restricts the default security group', () => {
    expect(resourcesOfType(prodEnv.network, 'Custom::VpcRestrictDefaultSG')).toHaveLength(1);
  });
});

describe('VPC endpoints', () => {
  const endpointServices = (template = prodEnv.network) =>
    resourcesOfType(template, 'AWS::EC2::VPCEndpoint').map(([, props]) => ({
      type: props.VpcEndpointType,
      service: JSON.stringify(props.ServiceName),
      privateDns: props.PrivateDnsEnabled,
    }));

  test('every environment has an S3 gateway endpoint', () => {
    for (const env of [devEnv, prodEnv]) {
      expect(
        endpointServices(env.network).filter((endpoint) => endpoint.type === 'Gateway' && endpoint.service.includes('.s3')),
      ).toHaveLength(1);
    }
  });

  test('prod has an interface endpoint with private DNS for each API nodes call', () => {
    const interfaces = endpointServices().filter((endpoint) => endpoint.type === 'Interface');
    expect(interfaces).toHaveLength(Object.keys(NODE_INTERFACE_ENDPOINTS).length);
    expect(interfaces.every((endpoint) => endpoint.privateDns === true)).toBe(true);
    for (const name of ['ecr.api', 'ecr.dkr', 'sts', 'ec2', 'logs', 'eks', 'eks-auth']) {
      expect(interfaces.some((endpoint) => endpoint.service.includes(`.${name}"`))).toBe(true);
    }
  });

  test('endpoints accept HTTPS from the VPC only', () => {
    const endpointGroups = resourcesOfType(prodEnv.network, 'AWS::EC2::SecurityGroup').filter(([, group]) =>
      String(group.GroupDescription).includes('/Vpc/'),
    );
    expect(endpointGroups).toHaveLength(Object.keys(NODE_INTERFACE_ENDPOINTS).length);
    for (const [, group] of endpointGroups)
      expect(group.SecurityGroupIngress).toEqual([
        expect.objectContaining({ CidrIp: '10.130.0.0/16', FromPort: 443, ToPort: 443, IpProtocol: 'tcp' }),
      ]);
  });

  test('dev, whose endpoint is public, has none', () => {
    expect(endpointServices(devEnv.network).filter((endpoint) => endpoint.type === 'Interface')).toHaveLength(0);
  });

  test('a private cluster gets them without asking', () => {
    const privateDev = { ...dev, cluster: { ...dev.cluster, endpointAccess: { mode: 'private' as const } } };
    expect(parseEnvironment(privateDev).network.interfaceEndpoints).toBe(true);
    expect(resourcesOfType(synthEnvironment(privateDev).network, 'AWS::EC2::VPCEndpoint')).toHaveLength(
      Object.keys(NODE_INTERFACE_ENDPOINTS).length + 1,
    );
  });
});

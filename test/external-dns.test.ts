import { Template } from 'aws-cdk-lib/assertions';
import type * as eks from 'aws-cdk-lib/aws-eks-v2';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type { ExternalDnsProps } from '../constructs/external-dns';
import { ExternalDns } from '../constructs/external-dns';
import type { HelmChartPin } from '../lib/config/version-matrix';
import { SYSTEM_WORKLOAD_PLACEMENT } from '../lib/system-node-placement';
import { bareClusterStack } from './helpers/bare-cluster';
import { asList, helmValues, render } from './helpers/cfn';
import { onlyResource, resourcesOfType } from './helpers/synth';

const PIN: HelmChartPin = { repository: 'https://kubernetes-sigs.github.io/external-dns', chart: 'external-dns', version: '9.9.9' };
const ZONES = ['Z0123456789ABCDEFGHIJ', 'Z2FDTNDATAQYW2'];

function build(overrides: Partial<ExternalDnsProps> = {}) {
  const { stack, cluster } = bareClusterStack();
  const nodes = cluster.addNodegroupCapacity('SystemNodes', { minSize: 2 });
  const dns = new ExternalDns(stack, 'ExternalDns', {
    cluster,
    chart: PIN,
    clusterName: 'platform-dev',
    hostedZoneIds: ZONES,
    domainFilters: ['dev.example.com'],
    policy: 'sync',
    dependsOn: [nodes],
    ...overrides,
  });
  return { stack, dns, nodes, template: Template.fromStack(stack) };
}

describe('ExternalDns IAM', () => {
  const { template, stack, dns } = build();
  const statements: any[] = resourcesOfType(template, 'AWS::IAM::ManagedPolicy').flatMap(([, policy]) =>
    render(policy.PolicyDocument.Statement),
  );

  test('changes records only in the configured zones', () => {
    const changing = statements.filter((statement) => asList(statement.Action).includes('route53:ChangeResourceRecordSets'));
    expect(changing.length).toBeGreaterThan(0);
    for (const statement of changing) {
      expect(asList(statement.Resource).sort()).toEqual(ZONES.map((zone) => `arn:aws:route53:::hostedzone/${zone}`).sort());
      expect(statement.Condition).toBeUndefined();
    }
  });

  test('only ListHostedZones, which has no resource-level permissions, is granted on *', () => {
    const onEverything = statements.filter((statement) => asList(statement.Resource).includes('*'));
    expect(onEverything.flatMap((statement) => asList(statement.Action))).toEqual(['route53:ListHostedZones']);
  });

  test('grants nothing beyond reading and changing records and listing zones', () => {
    const actions = new Set(statements.flatMap((statement) => asList(statement.Action)));
    expect([...actions].sort()).toEqual([
      'route53:ChangeResourceRecordSets',
      'route53:ListHostedZones',
      'route53:ListResourceRecordSets',
      'route53:ListTagsForResource',
    ]);
    expect(statements.every((statement) => statement.Effect === 'Allow')).toBe(true);
  });

  test('the role trusts only external-dns/external-dns, for STS, and holds only these policies', () => {
    const role = template.toJSON().Resources[stack.getLogicalId(dns.role.node.defaultChild as iam.CfnRole)].Properties;
    expect(Object.keys(role.AssumeRolePolicyDocument.Statement[0].Condition)).toEqual(['StringEquals']);
    const conditions = JSON.parse(render(onlyResource(template, 'Custom::AWSCDKCfnJson').Value));
    expect(Object.values(conditions).sort()).toEqual(['sts.amazonaws.com', 'system:serviceaccount:external-dns:external-dns']);
    expect(role.ManagedPolicyArns).toEqual(resourcesOfType(template, 'AWS::IAM::ManagedPolicy').map(([id]) => ({ Ref: id })));
    expect(role.Policies).toBeUndefined();
  });
});

describe('ExternalDns Helm release', () => {
  const { template, stack, dns, nodes } = build();
  const [[releaseId, release]] = resourcesOfType(template, 'Custom::AWSCDK-EKS-HelmChart');
  const values = helmValues(release);

  test('installs the pinned chart into the existing namespace, waiting, within the Lambda time limit', () => {
    expect(release).toMatchObject({
      Chart: PIN.chart,
      Repository: PIN.repository,
      Version: PIN.version,
      Namespace: 'external-dns',
      Release: 'external-dns',
      Wait: true,
      Atomic: true,
    });
    // The namespaces chart owns the namespace; Helm must not create it.
    expect(release.CreateNamespace).toBeUndefined();
    expect(Number(release.Timeout.replace(/s$/, ''))).toBeLessThan(15 * 60);
  });

  test('publishes Services and Ingresses to Route 53 for the configured domains and zones only', () => {
    expect(values).toMatchObject({
      provider: { name: 'aws' },
      sources: ['service', 'ingress'],
      policy: 'sync',
      registry: 'txt',
      txtOwnerId: 'platform-dev',
      domainFilters: ['dev.example.com'],
    });
    expect(values.extraArgs).toEqual(ZONES.map((zone) => `--zone-id-filter=${zone}`));
    expect(values.env).toEqual([{ name: 'AWS_DEFAULT_REGION', value: 'eu-west-1' }]);
  });

  test('the chart creates the ServiceAccount, annotated with the IRSA role', () => {
    const roleId = stack.getLogicalId(dns.role.node.defaultChild as iam.CfnRole);
    expect(values.serviceAccount).toMatchObject({
      create: true,
      name: 'external-dns',
      annotations: { 'eks.amazonaws.com/role-arn': `<Ref:${roleId}>` },
    });
  });

  test('runs on system nodes, non-root, read-only, with requests and limits', () => {
    expect(values.nodeSelector).toEqual(SYSTEM_WORKLOAD_PLACEMENT.nodeSelector);
    expect(values.tolerations).toEqual(SYSTEM_WORKLOAD_PLACEMENT.tolerations);
    expect(values.securityContext).toMatchObject({
      runAsNonRoot: true,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    });
    expect(Object.keys(values.resources.requests).sort()).toEqual(['cpu', 'memory']);
    expect(Object.keys(values.resources.limits).sort()).toEqual(['cpu', 'memory']);
  });

  test('installs after the system node group it runs on', () => {
    const nodegroupId = stack.getLogicalId(nodes.node.defaultChild as eks.CfnNodegroup);
    expect(template.toJSON().Resources[releaseId].DependsOn).toContain(nodegroupId);
  });
});

describe('ExternalDns options and errors', () => {
  test('another namespace moves both the release and the trusted service account', () => {
    const { template } = build({ namespace: 'dns', policy: 'upsert-only' });
    const release = onlyResource(template, 'Custom::AWSCDK-EKS-HelmChart');
    expect(release.Namespace).toBe('dns');
    expect(helmValues(release).policy).toBe('upsert-only');
    expect(render(onlyResource(template, 'Custom::AWSCDKCfnJson').Value)).toContain('system:serviceaccount:dns:external-dns');
  });

  test('rejects an empty zone list, which would leave ExternalDNS looking at every zone', () => {
    expect(() => build({ hostedZoneIds: [] })).toThrow('Test/ExternalDns: hostedZoneIds needs at least one Route 53 hosted zone ID');
  });

  test('rejects something that is not a hosted zone ID', () => {
    expect(() => build({ hostedZoneIds: ['/hostedzone/Z2FDTNDATAQYW2'] })).toThrow(
      'Test/ExternalDns: "/hostedzone/Z2FDTNDATAQYW2" is not a Route 53 hosted zone ID',
    );
  });
});

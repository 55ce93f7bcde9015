import { devFixture as dev, prodFixture as prod } from './fixtures/environments';
import { parseEnvironment } from '../lib/config/parse';
import type { EnvironmentInput } from '../lib/config/schema';
import { problemsOf } from './helpers/config';
import { withOverrides } from './helpers/synth';

describe('in-cluster platform defaults', () => {
  test('prefix delegation, HTTPS, internet-facing ALB, no ExternalDNS, team guard rails', () => {
    const { externalDns: _, ...withoutDns } = prod;
    const env = parseEnvironment({ ...withoutDns, vpcCni: undefined, teamNamespaces: undefined });
    expect(env.vpcCni).toEqual({ prefixDelegation: true, externalSnat: false });
    expect(env.ingress).toMatchObject({ scheme: 'internet-facing', requireHttps: true, sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' });
    expect(env.externalDns).toBeUndefined();
    expect(env.teamNamespaces.quota.loadBalancerServices).toBe(0);
    expect(env.teamNamespaces.allowEgressBeyondVpc).toBe(true);
  });
});

describe('in-cluster platform bad input', () => {
  test.each<[string, Partial<EnvironmentInput>, string[]]>([
    [
      'an environment that requires HTTPS without a certificate',
      { ingress: { certificateArns: [] } },
      [
        'fx-dev.ingress.certificateArns: this environment requires HTTPS (ingress.requireHttps), so the shared ALB needs at least one ACM certificate ARN',
      ],
    ],
    [
      'a certificate that is not an ACM ARN',
      { ingress: { certificateArns: ['arn:aws:iam::111111111111:server-certificate/x'] } },
      [
        'fx-dev.ingress.certificateArns[0]: "arn:aws:iam::111111111111:server-certificate/x" must be an ACM certificate ARN such as arn:aws:acm:REGION:ACCOUNT:certificate/UUID',
      ],
    ],
    [
      'an inbound CIDR with host bits set',
      { ingress: { certificateArns: [], requireHttps: false, inboundCidrs: ['10.0.0.1/8'] } },
      ['fx-dev.ingress.inboundCidrs[0]: "10.0.0.1/8" is not a network address (host bits are set)'],
    ],
    [
      'ExternalDNS with a malformed zone and no domain',
      { externalDns: { hostedZoneIds: ['/hostedzone/Z123'], domainFilters: [] } },
      [
        'fx-dev.externalDns.hostedZoneIds[0]: "/hostedzone/Z123" must be a Route 53 hosted zone ID such as Z0123456789ABCDEFGHIJ',
        'fx-dev.externalDns.domainFilters: name at least one domain',
      ],
    ],
    [
      'a quota whose requests exceed its limits, and a malformed quantity',
      { teamNamespaces: { quota: { requestsCpu: '64', requestsMemory: 'lots' } } },
      [
        'fx-dev.teamNamespaces.quota.requestsMemory: "lots" must be a memory quantity such as 512Mi or 4Gi',
        'fx-dev.teamNamespaces.quota.requestsCpu: 64 is more than the CPU limit quota 8',
      ],
    ],
    [
      'container defaults that request more than their limit',
      { teamNamespaces: { containerDefaults: { requestsMemory: '1Gi', limitsMemory: '512Mi' } } },
      ['fx-dev.teamNamespaces.containerDefaults.requestsMemory: 1Gi is more than the default memory limit 512Mi'],
    ],
    [
      'an internal ALB in front of team namespaces',
      { ingress: { scheme: 'internal', certificateArns: [], requireHttps: false } },
      [
        "fx-dev.ingress.scheme: internal ALBs share the private subnets with pods, so team namespaces' network policies could not admit the ALB without admitting every pod; use internet-facing (restrict it with ingress.inboundCidrs)",
      ],
    ],
    [
      'a storage key that is not a KMS key ARN',
      { storage: { ebsKmsKeyArn: 'alias/ebs' } },
      ['fx-dev.storage.ebsKmsKeyArn: "alias/ebs" must be a KMS key ARN such as arn:aws:kms:REGION:ACCOUNT:key/UUID'],
    ],
  ])('%s', (_, overrides, expected) => {
    expect(problemsOf([withOverrides(dev, overrides)])).toEqual(expected);
  });

  test('HTTP only is allowed where HTTPS is not required', () => {
    expect(problemsOf([withOverrides(dev, { ingress: { certificateArns: [], requireHttps: false } })])).toEqual([]);
  });
});

import { ENVIRONMENTS } from '../lib/config/environments';
import { parseEnvironments } from '../lib/config/parse';
import { resolveKubewarden } from '../lib/config/kubewarden-schema';
import { overlaps, parseCidr } from '../lib/ipv4';
import { admittedObjects } from '../lib/kubewarden/admitted-objects';
import { policyViolations } from '../lib/kubewarden/policy-checks';
import { TEAM_EXAMPLES } from '../lib/kubewarden/team-examples';

/**
 * Tests of YOUR environments: whatever lib/config/environments.ts holds, any number, any names.
 * They assert properties, never values, so they stay green when you replace every sample value
 * or add an environment. The platform's behaviour is tested on test/fixtures instead; the
 * snapshot, manifest and cdk-nag/validator tests also run on every one of your environments.
 */
const environments = parseEnvironments(ENVIRONMENTS);
const byName = environments.map((env) => [env.name, env] as const);

test('there is at least one environment and every one parses, under a unique name', () => {
  expect(environments.length).toBeGreaterThan(0);
  expect(new Set(environments.map((env) => env.name)).size).toBe(environments.length);
});

describe.each(byName)('%s', (_, env) => {
  test('its cluster name follows the EKS rules (1-100 letters, digits, - and _)', () => {
    expect(env.cluster.name).toMatch(/^[a-zA-Z0-9][a-zA-Z0-9_-]{0,99}$/);
  });

  test('its enforced admission policies admit every team example the platform documents', () => {
    if (!env.kubewarden.enabled) return;
    const kubewarden = resolveKubewarden(env.kubewarden, env);
    const examples = Object.values(TEAM_EXAMPLES).flat().flatMap(admittedObjects);
    const refused = kubewarden.policies
      .filter((policy) => policy.mode === 'protect')
      .flatMap((policy) => examples.flatMap((object) => policyViolations(policy.name, kubewarden, object)));
    expect(refused).toEqual([]);
    // Production environments enforce unless their config says otherwise.
    if (env.production && env.kubewarden.mode === undefined)
      for (const policy of kubewarden.policies) if (!env.kubewarden.policies[policy.name].mode) expect(policy.mode).toBe('protect');
  });

  test('its certificates and keys live in its own region', () => {
    const arns = [...env.ingress.certificateArns, ...(env.storage.ebsKmsKeyArn ? [env.storage.ebsKmsKeyArn] : [])];
    for (const arn of arns) expect(arn.split(':')[3]).toBe(env.region);
  });
});

test('every environment marked production is protected, and its API endpoint is not open to the world', () => {
  for (const env of environments.filter((candidate) => candidate.production)) {
    expect([env.name, env.deletionProtection, env.terminationProtection]).toEqual([env.name, true, true]);
    const publicCidrs = env.cluster.endpointAccess.mode === 'private' ? [] : env.cluster.endpointAccess.publicCidrs;
    expect(publicCidrs.filter((cidr) => cidr.endsWith('/0'))).toEqual([]);
  }
});

test('no two environments have overlapping VPC CIDRs, so they can be peered or routed later', () => {
  const blocks = environments.map((env) => parseCidr(env.network.vpcCidr)!);
  const overlapping = blocks.flatMap((a, i) =>
    blocks
      .slice(i + 1)
      .filter((b) => overlaps(a, b))
      .map(() => i),
  );
  expect(overlapping).toEqual([]);
});

test('no two environments share a cluster name in one account and region', () => {
  const keys = environments.map((env) => `${env.account}/${env.region}/${env.cluster.name}`);
  expect(new Set(keys).size).toBe(keys.length);
});

import { Template } from 'aws-cdk-lib/assertions';
import { parse as parseYaml } from 'yaml';
import { ServiceAccountRole } from '../constructs/service-account-role';
import { kubernetesGroupsFor, withoutRolePath } from '../lib/access-model';
import { devFixture as dev, FIXTURES, prodFixture as prod } from './fixtures/environments';
import { parseEnvironment } from '../lib/config/parse';
import type { EnvironmentInput } from '../lib/config/schema';
import { bareClusterStack } from './helpers/bare-cluster';
import { problemsOf } from './helpers/config';
import { resourcesOfType, synthEnvironment } from './helpers/synth';

const withAccess = (access: EnvironmentInput['access']): EnvironmentInput => ({ ...dev, access });
const ADMIN = { arn: 'arn:aws:iam::111111111111:role/PlatformAdmin', access: 'admin' as const };

describe('access config', () => {
  test.each<[string, EnvironmentInput['access'], string]>([
    [
      'a malformed role ARN',
      { roles: [ADMIN, { arn: 'arn:aws:iam::1111:role/x', access: 'viewer' }] },
      'fx-dev.access.roles[1].arn: "arn:aws:iam::1111:role/x" is not an IAM role ARN such as arn:aws:iam::123456789012:role/NAME',
    ],
    [
      'a user ARN given as a role',
      { roles: [ADMIN, { arn: 'arn:aws:iam::111111111111:user/alice', access: 'viewer' }] },
      'fx-dev.access.roles[1].arn: "arn:aws:iam::111111111111:user/alice" is not an IAM role ARN',
    ],
    [
      'an assumed-role session ARN',
      { roles: [ADMIN, { arn: 'arn:aws:sts::111111111111:assumed-role/Dev/alice', access: 'viewer' }] },
      'use the IAM role ARN, not an assumed-role session ARN',
    ],
    [
      'a malformed user ARN',
      { roles: [ADMIN], users: [{ arn: 'alice', access: 'viewer' }] },
      'fx-dev.access.users[0].arn: "alice" is not an IAM user ARN such as arn:aws:iam::123456789012:user/NAME',
    ],
    [
      'a principal listed twice',
      { roles: [ADMIN, { ...ADMIN, access: 'viewer' }] },
      'fx-dev.access.roles[1].arn: "arn:aws:iam::111111111111:role/PlatformAdmin" is already listed at access.roles[0]; list each principal once',
    ],
    [
      'a namespace level with no namespaces',
      { roles: [ADMIN, { arn: 'arn:aws:iam::111111111111:role/Dev', access: { namespaces: [] } }] },
      'fx-dev.access.roles[1].access.namespaces: a namespace level needs at least one namespace',
    ],
    [
      'edit access to kube-system',
      { roles: [ADMIN, { arn: 'arn:aws:iam::111111111111:role/Dev', access: { namespaces: ['kube-system'] } }] },
      'fx-dev.access.roles[1].access.namespaces[0]: edit access to kube-* namespaces would reach cluster internals; use admin (got "kube-system")',
    ],
    [
      'no admin role where one is required',
      {
        roles: [{ arn: 'arn:aws:iam::111111111111:role/Dev', access: 'viewer' }],
        users: [{ arn: 'arn:aws:iam::111111111111:user/a', access: 'admin' }],
      },
      'fx-dev.access.roles: this environment requires at least one role with admin access',
    ],
  ])('%s is an env.field error', (_, access, expected) => {
    expect(problemsOf([withAccess(access)]).some((problem) => problem.includes(expected))).toBe(true);
  });

  test('an environment that does not require an admin role may have none', () => {
    expect(problemsOf([withAccess({ roles: [], requireAdminRole: false })])).toEqual([]);
  });

  test('every fixture, like the samples, has an admin role besides the deployer', () => {
    for (const env of FIXTURES) {
      const parsed = parseEnvironment(env);
      expect(parsed.access.requireAdminRole).toBe(true);
      expect(parsed.accessGrants.some((grant) => grant.principalType === 'role' && grant.level === 'admin')).toBe(true);
    }
  });
});

describe('access model helpers', () => {
  test.each([
    ['arn:aws:iam::1:role/Admin', 'arn:aws:iam::1:role/Admin'],
    ['arn:aws:iam::1:role/ci/deploy/App', 'arn:aws:iam::1:role/App'],
    ['arn:aws:iam::1:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_X_1', 'arn:aws:iam::1:role/AWSReservedSSO_X_1'],
  ])('aws-auth lists %s as %s', (arn, expected) => {
    expect(withoutRolePath(arn)).toBe(expected);
  });

  test('only admins are mapped to system:masters', () => {
    expect(kubernetesGroupsFor('admin')).toEqual(['system:masters']);
    expect(kubernetesGroupsFor('viewer')).toEqual(['platform:viewers']);
    expect(kubernetesGroupsFor({ namespaces: ['a', 'b'] })).toEqual(['platform:editors:a', 'platform:editors:b']);
  });
});

/** The objects of a KubernetesManifest, with CloudFormation references written as `<Ref:Id>`. */
function manifestObjects(properties: Record<string, any>): any[] {
  const manifest = properties.Manifest;
  const text =
    typeof manifest === 'string'
      ? manifest
      : manifest['Fn::Join'][1]
          .map((part: any) => (typeof part === 'string' ? part : `<Ref:${part['Fn::GetAtt']?.[0] ?? part.Ref}>`))
          .join('');
  return JSON.parse(text);
}

type Level = string;

describe('both renderings of prod grant the same principals the same access', () => {
  const { cluster } = synthEnvironment(prod);
  const manifests = resourcesOfType(cluster, 'Custom::AWSCDK-EKS-KubernetesResource');
  const [, accessManifest] = manifests.find(([id]) => id.startsWith('AccessAwsAuthAndRbac'))!;
  const objects = manifestObjects(accessManifest);
  const awsAuth = objects.find((object) => object.kind === 'ConfigMap' && object.metadata.name === 'aws-auth');
  const mapRoles: { rolearn: string; username: string; groups: string[] }[] = parseYaml(awsAuth.data.mapRoles);
  const mapUsers: { userarn: string; username: string; groups: string[] }[] = parseYaml(awsAuth.data.mapUsers);

  /** What a Kubernetes group may do, read from the bindings in the same manifest. */
  function levelsOfGroup(group: string): Level[] {
    if (group === 'system:masters') return ['admin'];
    return objects
      .filter((object) => object.kind === 'ClusterRoleBinding' || object.kind === 'RoleBinding')
      .filter((binding) => binding.subjects.some((subject: any) => subject.kind === 'Group' && subject.name === group))
      .map((binding) =>
        binding.kind === 'ClusterRoleBinding' ? `cluster:${binding.roleRef.name}` : `${binding.metadata.namespace}:${binding.roleRef.name}`,
      );
  }

  const ACCESS_POLICY_LEVEL: Record<string, (scope: any) => Level[]> = {
    AmazonEKSClusterAdminPolicy: () => ['admin'],
    AmazonEKSViewPolicy: () => ['cluster:view'],
    AmazonEKSEditPolicy: (scope) => scope.Namespaces.map((namespace: string) => `${namespace}:edit`),
  };

  test('same principals, same levels', () => {
    const fromEntries = new Map<string, Level[]>();
    for (const [, entry] of resourcesOfType(cluster, 'AWS::EKS::AccessEntry')) {
      if (typeof entry.PrincipalArn !== 'string') continue; // the kubectl handler, which aws-auth does not need
      const levels = entry.AccessPolicies.flatMap((policy: any) => {
        const name = JSON.stringify(policy.PolicyArn).match(/cluster-access-policy\/(\w+)/)![1];
        return ACCESS_POLICY_LEVEL[name](policy.AccessScope);
      });
      fromEntries.set(withoutRolePath(entry.PrincipalArn), levels.sort());
    }

    const fromAwsAuth = new Map<string, Level[]>();
    for (const mapping of [
      ...mapRoles.map((role) => ({ arn: role.rolearn, groups: role.groups })),
      ...mapUsers.map((user) => ({ arn: user.userarn, groups: user.groups })),
    ]) {
      if (mapping.arn.startsWith('<Ref:')) continue; // node roles
      fromAwsAuth.set(mapping.arn, mapping.groups.flatMap(levelsOfGroup).sort());
    }

    expect(fromEntries.size).toBe(4);
    expect(fromAwsAuth).toEqual(fromEntries);
    expect(fromEntries.get('arn:aws:iam::100000000003:role/AppDeployer')).toEqual(['team-a:edit', 'team-b:edit']);
  });

  test('every node role is mapped as a node, and nothing else is', () => {
    const nodes = mapRoles.filter((role) => role.groups.includes('system:nodes'));
    expect(nodes).toEqual([
      {
        rolearn: expect.stringMatching(/^<Ref:SystemNodeGroupNodeRole/),
        username: 'system:node:{{EC2PrivateDNSName}}',
        groups: ['system:bootstrappers', 'system:nodes'],
      },
      {
        rolearn: expect.stringMatching(/^<Ref:KarpenterNodeRole/),
        username: 'system:node:{{EC2PrivateDNSName}}',
        groups: ['system:bootstrappers', 'system:nodes'],
      },
    ]);
  });

  test('nothing but the admin level reaches system:masters or cluster-admin', () => {
    const masters = [...mapRoles, ...mapUsers]
      .filter((mapping) => mapping.groups.includes('system:masters'))
      .map((mapping) => mapping.username);
    expect(masters.sort()).toEqual(['PlatformAdmin:{{SessionName}}', 'break-glass']);
    expect(objects.filter((object) => object.roleRef?.name === 'cluster-admin')).toEqual([]);
  });

  test('aws-auth is applied with overwrite, after the team namespaces exist', () => {
    expect(accessManifest.Overwrite).toBe(true);
    const [namespacesId, namespaces] = manifests.find(([id]) => id.startsWith('TeamNamespaces'))!;
    expect(manifestObjects(namespaces).map((object: any) => [object.kind, object.metadata.name])).toEqual([
      ['Namespace', 'team-a'],
      ['Namespace', 'team-b'],
    ]);
    expect(namespaces.PruneLabel).toBeUndefined();
    expect(cluster.toJSON().Resources[manifests.find(([id]) => id.startsWith('AccessAwsAuthAndRbac'))![0]].DependsOn).toContain(
      namespacesId,
    );
  });
});

describe('ServiceAccountRole', () => {
  function build(createServiceAccount: boolean) {
    const { stack, cluster } = bareClusterStack();
    const irsa = new ServiceAccountRole(stack, 'Controller', {
      cluster,
      namespace: 'kube-system',
      serviceAccountName: 'my-controller',
      createServiceAccount,
    });
    return { irsa, stack, cluster, template: Template.fromStack(stack) };
  }
  const { template, stack, irsa } = build(true);

  test('trusts exactly one service account, through the cluster OIDC provider, for STS', () => {
    const roleId = stack.getLogicalId(irsa.role.node.defaultChild as any);
    const statement = template.toJSON().Resources[roleId].Properties.AssumeRolePolicyDocument.Statement;
    expect(statement).toHaveLength(1);
    expect(statement[0].Action).toBe('sts:AssumeRoleWithWebIdentity');
    expect(statement[0].Principal.Federated).toEqual({ Ref: expect.stringMatching(/OidcProviderNative/) });
    expect(Object.keys(statement[0].Condition)).toEqual(['StringEquals']);

    const [[, conditions]] = resourcesOfType(template, 'Custom::AWSCDKCfnJson');
    const parts: any[] = conditions.Value['Fn::Join'][1];
    const issuers = parts.filter((part) => typeof part !== 'string');
    expect(issuers).toHaveLength(2);
    for (const issuer of issuers) expect(JSON.stringify(issuer)).toMatch(/OidcProviderNative/);
    const resolved = JSON.parse(parts.map((part) => (typeof part === 'string' ? part : '<ISSUER>')).join(''));
    expect(resolved).toEqual({ '<ISSUER>:sub': 'system:serviceaccount:kube-system:my-controller', '<ISSUER>:aud': 'sts.amazonaws.com' });
  });

  test('creates the ServiceAccount annotated with the role when asked', () => {
    const [[, manifest]] = resourcesOfType(template, 'Custom::AWSCDK-EKS-KubernetesResource');
    const [serviceAccount] = manifestObjects(manifest);
    expect(serviceAccount).toMatchObject({ kind: 'ServiceAccount', metadata: { name: 'my-controller', namespace: 'kube-system' } });
    expect(serviceAccount.metadata.annotations['eks.amazonaws.com/role-arn']).toMatch(/^<Ref:ControllerRole/);
  });

  test('creates no ServiceAccount when an add-on or chart brings its own', () => {
    expect(resourcesOfType(build(false).template, 'Custom::AWSCDK-EKS-KubernetesResource')).toHaveLength(0);
  });

  test('rejects names Kubernetes would reject', () => {
    const { cluster, stack: scope } = build(false);
    expect(
      () =>
        new ServiceAccountRole(scope, 'Bad', { cluster, namespace: 'Kube_System', serviceAccountName: 'x', createServiceAccount: false }),
    ).toThrow('Test/Bad: namespace "Kube_System" is not a DNS label');
  });
});

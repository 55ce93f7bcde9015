import { isKnownRegion } from '../lib/aws-regions';
import { ACK_CAPABILITY_SERVICES, ackDbSubnetGroupName, ackResourcePrefix } from '../lib/ack-services';
import { ENVIRONMENTS } from '../lib/config/environments';
import { parseEnvironments } from '../lib/config/parse';
import { devFixture, prodFixture, stagingFixture } from './fixtures/environments';
import { asList, render } from './helpers/cfn';
import { problemsOf } from './helpers/config';
import { appliedObjects, schemaProblems } from './helpers/manifests';
import { readmeExample } from './helpers/readme';
import { onlyResource, resourcesOfType, synthEnvironment, withOverrides } from './helpers/synth';

const prod = synthEnvironment(prodFixture).cluster;
const staging = synthEnvironment(stagingFixture).cluster;
const dev = synthEnvironment(devFixture).cluster;
const resources = (template = prod) => template.toJSON().Resources as Record<string, any>;
const roles = (template = prod) => resourcesOfType(template, 'AWS::IAM::Role').map(([id, props]) => [id, render(props)] as const);
const roleNamed = (name: string, template = prod) => {
  const found = roles(template).filter(([, props]) => props.RoleName === name);
  if (found.length !== 1) throw new Error(`expected one role ${name}, found ${found.length}`);
  return found[0];
};
const objectsOf = (kind: string, template = prod) => appliedObjects(template).filter(({ object }) => object.kind === kind);
const statementsOf = (role: Record<string, any>) => role.Policies.flatMap((policy: any) => policy.PolicyDocument.Statement);
const TEAMS = ['team-a', 'team-b'];
const RETAIN_DEFAULTS = { 's3.services.k8s.aws/deletion-policy': 'retain', 'rds.services.k8s.aws/deletion-policy': 'retain' };

describe('the ACK capability (fx-prod: S3 and RDS)', () => {
  const capability = onlyResource(prod, 'AWS::EKS::Capability');
  const [capabilityRoleId, capabilityRole] = roleNamed('fx-prod-platform-ack-capability');

  test('is of type ACK on the cluster, retains what it made, and keeps references within a namespace', () => {
    expect(render(capability)).toMatchObject({
      Type: 'ACK',
      ClusterName: 'fx-prod-platform',
      CapabilityName: 'ack',
      DeletePropagationPolicy: 'RETAIN',
      RoleArn: `<Ref:${capabilityRoleId}>`,
      Configuration: { Ack: { EnableCrossNamespace: false } },
    });
  });

  test('disables every service the capability knows except the configured ones', () => {
    const disabled: string[] = capability.Configuration.Ack.DisabledServices;
    expect(disabled).not.toContain('s3');
    expect(disabled).not.toContain('rds');
    expect([...disabled, 's3', 'rds'].sort()).toEqual([...ACK_CAPABILITY_SERVICES].sort());
    const stagingDisabled: string[] = onlyResource(staging, 'AWS::EKS::Capability').Configuration.Ack.DisabledServices;
    expect(stagingDisabled).toContain('rds');
    expect(stagingDisabled).toHaveLength(ACK_CAPABILITY_SERVICES.length - 1);
  });

  test('waits for the cluster and its role, not for nodes', () => {
    const [id] = resourcesOfType(prod, 'AWS::EKS::Capability')[0];
    const dependsOn: string[] = resources()[id].DependsOn;
    const clusterId = resourcesOfType(prod, 'AWS::EKS::Cluster')[0][0];
    expect(dependsOn).toEqual(expect.arrayContaining([clusterId, capabilityRoleId]));
    expect(dependsOn.filter((dependency) => /Nodegroup/.test(dependency))).toEqual([]);
  });

  test('its role is trusted by the EKS capabilities service of this account only, and may only assume the team roles', () => {
    expect(capabilityRole.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Effect: 'Allow',
        Principal: { Service: 'capabilities.eks.amazonaws.com' },
        Action: ['sts:AssumeRole', 'sts:TagSession'],
        Condition: { StringEquals: { 'aws:SourceAccount': '<Ref:AWS::AccountId>' } },
      },
    ]);
    expect(capabilityRole.ManagedPolicyArns).toBeUndefined();
    expect(capabilityRole.Policies).toBeUndefined();
    const policies = resourcesOfType(prod, 'AWS::IAM::Policy')
      .map(([, props]) => render(props))
      .filter((policy) => policy.Roles.includes(`<Ref:${capabilityRoleId}>`));
    const statements = policies.flatMap((policy) => policy.PolicyDocument.Statement);
    const teamRoleIds = TEAMS.map((team) => roleNamed(`fx-prod-platform-${team}-ack`)[0]);
    expect(statements).toEqual([
      {
        Sid: 'AssumeTeamRoles',
        Effect: 'Allow',
        Action: ['sts:AssumeRole', 'sts:TagSession'],
        Resource: teamRoleIds.map((id) => `<Ref:${id}>`),
      },
    ]);
  });
});

describe.each(TEAMS)('the ACK role of %s (fx-prod)', (team) => {
  const [, role] = roleNamed(`fx-prod-platform-${team}-ack`);
  const [capabilityRoleId] = roleNamed('fx-prod-platform-ack-capability');
  const statements = statementsOf(role);
  const prefix = ackResourcePrefix('fx-prod-platform', team);
  const allows = statements.filter((statement: any) => statement.Effect === 'Allow');

  test('may be assumed only by the capability role, for requests from its own namespace', () => {
    expect(role.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Effect: 'Allow',
        Principal: { AWS: `<Ref:${capabilityRoleId}>` },
        Action: ['sts:AssumeRole', 'sts:TagSession'],
        Condition: { StringEquals: { 'aws:RequestTag/eks:kubernetes-namespace': team } },
      },
    ]);
    expect(role.ManagedPolicyArns).toBeUndefined();
  });

  test("reaches buckets and DB instances only under the team's prefix, in the environment's region", () => {
    const bucket = allows.find((statement: any) => statement.Sid === 'TeamBuckets');
    expect(bucket.Resource).toBe(`arn:aws:s3:::${prefix}*`);
    expect(bucket.Condition).toEqual({ StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } });
    expect(asList(bucket.Action).filter((action) => /Object/.test(action))).toEqual([]);
    // The one unscoped S3 read: ACK's S3 controller finds a bucket by listing the account's bucket names.
    expect(allows.find((statement: any) => statement.Sid === 'FindBuckets')).toEqual({
      Sid: 'FindBuckets',
      Effect: 'Allow',
      Action: 's3:ListAllMyBuckets',
      Resource: '*',
    });
    const unscoped = allows.filter((statement: any) => asList(statement.Resource).includes('*'));
    expect(unscoped.flatMap((statement: any) => asList(statement.Action)).sort()).toEqual([
      'rds:DescribeDBEngineVersions',
      's3:ListAllMyBuckets',
    ]);
    const database = allows.find((statement: any) => statement.Sid === 'TeamDatabases');
    expect([...database.Resource].sort()).toEqual([
      `arn:aws:rds:eu-west-1:<Ref:AWS::AccountId>:db:${prefix}*`,
      'arn:aws:rds:eu-west-1:<Ref:AWS::AccountId>:og:default:*',
      'arn:aws:rds:eu-west-1:<Ref:AWS::AccountId>:pg:default.*',
      `arn:aws:rds:eu-west-1:<Ref:AWS::AccountId>:subgrp:${ackDbSubnetGroupName('fx-prod-platform')}`,
    ]);
    // Every resource that names a bucket, instance or snapshot carries this team's prefix.
    const named = allows
      .flatMap((statement: any) => asList(statement.Resource))
      .filter((resource: string) => /:s3:::|:db:|:snapshot:/.test(resource));
    expect(named.length).toBeGreaterThanOrEqual(3);
    for (const resource of named) expect(resource).toContain(`${prefix}*`);
  });

  test('cannot create unencrypted or public databases, and touches no IAM', () => {
    const denies = statements.filter((statement: any) => statement.Effect === 'Deny');
    expect(denies).toEqual([
      expect.objectContaining({ Action: 'rds:CreateDBInstance', Condition: { Bool: { 'rds:StorageEncrypted': 'false' } } }),
      expect.objectContaining({
        Action: ['rds:CreateDBInstance', 'rds:ModifyDBInstance'],
        Condition: { Bool: { 'rds:PubliclyAccessible': 'true' } },
      }),
    ]);
    const actions = allows.flatMap((statement: any) => asList(statement.Action));
    expect(actions.filter((action: string) => action.startsWith('iam:') || action === '*' || action.endsWith(':*'))).toEqual([]);
    const keys = allows.find((statement: any) => statement.Sid === 'KeysThroughRdsAndSecretsManager');
    expect(keys.Condition.StringEquals['kms:ViaService']).toEqual([
      'rds.eu-west-1.amazonaws.com',
      'secretsmanager.eu-west-1.amazonaws.com',
    ]);
  });
});

describe('team roles follow the enabled services', () => {
  test('fx-staging (S3 only): no RDS, Secrets Manager or KMS grants, and no database network', () => {
    const [, role] = roleNamed('fx-staging-platform-team-a-ack', staging);
    const actions = statementsOf(role).flatMap((statement: any) => asList(statement.Action));
    expect(actions.filter((action: string) => !action.startsWith('s3:'))).toEqual([]);
    expect(resourcesOfType(staging, 'AWS::RDS::DBSubnetGroup')).toEqual([]);
  });

  test('fx-dev (ACK off): no capability, no ACK roles, no selectors', () => {
    expect(resourcesOfType(dev, 'AWS::EKS::Capability')).toEqual([]);
    expect(roles(dev).filter(([, props]) => /-ack/.test(props.RoleName ?? ''))).toEqual([]);
    expect(objectsOf('IAMRoleSelector', dev)).toEqual([]);
    // The retain default is on team namespaces all the same: switching ACK on later starts from it.
    const teamNamespace = objectsOf('Namespace', dev).find(({ object }) => object.metadata.name === 'team-a')!;
    expect(teamNamespace.object.metadata.annotations).toEqual(RETAIN_DEFAULTS);
  });

  test('ack.teamNamespaces narrows it to the listed teams: one role, one selector', () => {
    const onlyTeamA = synthEnvironment(
      withOverrides(prodFixture, { ack: { enabled: true, services: ['s3'], teamNamespaces: ['team-a'] } }),
    ).cluster;
    expect(
      roles(onlyTeamA)
        .filter(([, props]) => /-team-.-ack$/.test(props.RoleName ?? ''))
        .map(([, props]) => props.RoleName),
    ).toEqual(['fx-prod-platform-team-a-ack']);
    expect(objectsOf('IAMRoleSelector', onlyTeamA).map(({ object }) => object.spec.namespaceSelector.names)).toEqual([['team-a']]);
  });
});

describe('in the cluster (fx-prod)', () => {
  test('an IAMRoleSelector per team namespace maps it to its own role, and validates against the CRD', () => {
    const selectors = objectsOf('IAMRoleSelector');
    expect(selectors.map(({ object }) => [object.metadata.name, object.spec.namespaceSelector])).toEqual(
      TEAMS.map((team) => [`${team}-team`, { names: [team] }]),
    );
    for (const { object } of selectors) {
      expect(object.apiVersion).toBe('services.k8s.aws/v1alpha1');
      expect(object.metadata.namespace).toBeUndefined();
      expect(schemaProblems(object)).toEqual([]);
    }
    // The ARN is a deploy-time value: the manifest joins in each team role's ARN.
    const [{ resource }] = selectors;
    const manifest = JSON.stringify(resources()[resource].Properties.Manifest);
    for (const team of TEAMS) expect(manifest).toContain(roleNamed(`fx-prod-platform-${team}-ack`)[0]);
  });

  test('team namespaces default to retaining their buckets and databases when an object is deleted; platform namespaces carry nothing', () => {
    for (const team of TEAMS) {
      const namespace = objectsOf('Namespace').find(({ object }) => object.metadata.name === team)!;
      expect(namespace.object.metadata.annotations).toEqual(RETAIN_DEFAULTS);
    }
    const monitoring = objectsOf('Namespace').find(({ object }) => object.metadata.name === 'monitoring')!;
    expect(monitoring.object.metadata.annotations).toBeUndefined();
  });

  test("the namespace's editors may create and read Buckets and DBInstances there; viewers may read them", () => {
    for (const team of TEAMS) {
      const role = objectsOf('Role').find(
        ({ object }) => object.metadata.namespace === team && object.metadata.name === 'platform:ack-editor',
      )!;
      expect(role.object.rules).toEqual([
        { apiGroups: ['s3.services.k8s.aws'], resources: ['buckets'], verbs: expect.arrayContaining(['create', 'get', 'list', 'watch']) },
        {
          apiGroups: ['rds.services.k8s.aws'],
          resources: ['dbinstances'],
          verbs: expect.arrayContaining(['create', 'get', 'list', 'watch']),
        },
      ]);
      const binding = objectsOf('RoleBinding').find(
        ({ object }) => object.metadata.namespace === team && object.metadata.name === 'platform:ack-editors',
      )!;
      expect(binding.object.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'platform:ack-editor' });
      expect(binding.object.subjects).toEqual([{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: `platform:editors:${team}` }]);
    }
    const view = objectsOf('ClusterRole').find(({ object }) => object.metadata.name === 'platform:ack-view')!;
    expect(view.object.metadata.labels).toMatchObject({ 'rbac.authorization.k8s.io/aggregate-to-view': 'true' });
    expect(view.object.rules.map((rule: any) => rule.verbs)).toEqual([
      ['get', 'list', 'watch'],
      ['get', 'list', 'watch'],
    ]);
    // No team is given the cluster-scoped IAMRoleSelector kind.
    const granted = JSON.stringify(objectsOf('Role').map(({ object }) => object.rules));
    expect(granted).not.toContain('iamroleselectors');
  });

  test('fx-staging grants only Buckets', () => {
    const role = objectsOf('Role', staging).find(({ object }) => object.metadata.name === 'platform:ack-editor')!;
    expect(role.object.rules.map((rule: any) => rule.apiGroups)).toEqual([['s3.services.k8s.aws']]);
  });

  test('the access manifest comes after the capability (which installs the CRDs), the team namespaces and the editors groups', () => {
    const [capabilityId] = resourcesOfType(prod, 'AWS::EKS::Capability')[0];
    const [{ resource }] = objectsOf('IAMRoleSelector');
    const namespaces = objectsOf('Namespace').find(({ object }) => object.metadata.name === 'team-a')!.resource;
    const awsAuth = objectsOf('ConfigMap').find(({ object }) => object.metadata.name === 'aws-auth')!.resource;
    expect(resources()[resource].DependsOn).toEqual(expect.arrayContaining([capabilityId, namespaces, awsAuth]));
  });

  test('team pods may reach the private subnets on database ports only', () => {
    const policy = objectsOf('NetworkPolicy').find(
      ({ object }) => object.metadata.namespace === 'team-a' && object.metadata.name === 'allow-ack-databases',
    )!;
    expect(policy.object.spec).toEqual({
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [
        {
          to: [{ ipBlock: { cidr: '10.130.0.0/19' } }, { ipBlock: { cidr: '10.130.32.0/19' } }, { ipBlock: { cidr: '10.130.64.0/19' } }],
          ports: [
            { protocol: 'TCP', port: 5432 },
            { protocol: 'TCP', port: 3306 },
          ],
        },
      ],
    });
    expect(objectsOf('NetworkPolicy', staging).filter(({ object }) => object.metadata.name === 'allow-ack-databases')).toEqual([]);
  });
});

describe('the database network the platform owns (fx-prod)', () => {
  test('a DB subnet group over the three private subnets, retained', () => {
    const [[id, group]] = resourcesOfType(prod, 'AWS::RDS::DBSubnetGroup');
    expect(group.DBSubnetGroupName).toBe('fx-prod-platform-ack-databases');
    expect(group.SubnetIds).toHaveLength(3);
    for (const subnet of group.SubnetIds) expect(JSON.stringify(subnet)).toMatch(/PrivateSubnet/);
    expect(resources()[id]).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  test('a retained security group open to the cluster and Karpenter nodes on 5432 and 3306, with no egress', () => {
    const [id, group] = resourcesOfType(prod, 'AWS::EC2::SecurityGroup').find(([candidate]) => candidate.startsWith('AckDatabases'))!;
    expect(resources()[id]).toMatchObject({ DeletionPolicy: 'Retain' });
    expect(group.SecurityGroupEgress).toEqual([expect.objectContaining({ CidrIp: '255.255.255.255/32' })]);
    const ingress = resourcesOfType(prod, 'AWS::EC2::SecurityGroupIngress')
      .map(([, props]) => props)
      .filter((rule) => JSON.stringify(rule.GroupId).includes(id));
    expect(ingress.map((rule) => rule.FromPort).sort()).toEqual([3306, 3306, 5432, 5432]);
    expect(ingress.every((rule) => rule.SourceSecurityGroupId !== undefined && rule.CidrIp === undefined)).toBe(true);
  });

  test('the stack outputs the names teams put in their DBInstances', () => {
    const outputs = Object.entries(prod.toJSON().Outputs as Record<string, any>);
    expect(outputs.find(([key]) => key.startsWith('AckDbSubnetGroupName'))![1].Value).toBe('fx-prod-platform-ack-databases');
    expect(outputs.find(([key]) => key.startsWith('AckDbSecurityGroupId'))).toBeDefined();
  });
});

describe('bad ACK config is refused at synth, every problem at once', () => {
  // Without fx-prod's Flux sources, whose namespaces these variants change.
  const ack = (overrides: object) => withOverrides(prodFixture, { ack: { enabled: true, ...overrides }, flux: { gitSources: [] } });

  test('unknown service names, services without a scoped role, and repeats, with the allowed values', () => {
    expect(problemsOf([ack({ services: ['s3', 'S3', 'dynamodb', 's3'] })])).toEqual([
      expect.stringMatching(
        /^fx-prod\.ack\.services\[1\]: "S3" is not a service of the EKS ACK capability; allowed: s3, rds \(the capability also knows acm, /,
      ),
      'fx-prod.ack.services[2]: "dynamodb" is an ACK service, but the platform has no scoped team role or RBAC for it; allowed: s3, rds',
      'fx-prod.ack.services[3]: "s3" is listed twice',
    ]);
  });

  test('a team namespace that does not exist', () => {
    expect(problemsOf([ack({ teamNamespaces: ['team-a', 'team-z'] })])).toEqual([
      'fx-prod.ack.teamNamespaces[1]: "team-z" is not a team namespace of this environment; team namespaces (from access): team-a, team-b',
    ]);
  });

  test('ACK on without any team namespace', () => {
    const noTeams = withOverrides(ack({}), {
      access: { roles: [{ arn: 'arn:aws:iam::100000000003:role/PlatformAdmin', access: 'admin' }], users: [] },
    });
    expect(problemsOf([noTeams])).toEqual([
      'fx-prod.ack.enabled: ACK is on but the environment has no team namespaces; give some principal namespace access in access.roles or access.users, or set enabled: false',
    ]);
  });

  test('team role names over 64 characters, and bucket prefixes too long to leave room for a name', () => {
    const longTeam = 't'.repeat(45);
    const env = withOverrides(ack({}), {
      access: {
        roles: [
          { arn: 'arn:aws:iam::100000000003:role/PlatformAdmin', access: 'admin' },
          { arn: 'arn:aws:iam::100000000003:role/Dev', access: { namespaces: [longTeam] } },
        ],
      },
    });
    expect(problemsOf([env])).toEqual([
      `fx-prod.ack.teamNamespaces: team "${longTeam}" would get the IAM role "fx-prod-platform-${longTeam}-ack" (66 characters); IAM allows 64: shorten the cluster or namespace name`,
      `fx-prod.ack.teamNamespaces: team "${longTeam}"'s resource prefix "fx-prod-platform-${longTeam}-" has 63 characters; bucket names and DB identifiers allow 63, so keep it to 51`,
    ]);
  });

  test("a team whose resources fall inside another team's prefix", () => {
    const env = withOverrides(ack({ teamNamespaces: ['team-a', 'team-a-reports'] }), {
      access: {
        roles: [
          { arn: 'arn:aws:iam::100000000003:role/PlatformAdmin', access: 'admin' },
          { arn: 'arn:aws:iam::100000000003:role/Dev', access: { namespaces: ['team-a', 'team-a-reports'] } },
        ],
      },
    });
    expect(problemsOf([env])).toEqual([
      'fx-prod.ack.teamNamespaces[1]: team "team-a-reports"\'s resources ("fx-prod-platform-team-a-reports-*") fall inside team "team-a"\'s prefix "fx-prod-platform-team-a-*", so "team-a"\'s ACK role could change them; rename one namespace or leave one out of ack.teamNamespaces',
    ]);
  });

  test('two environments with ACK in one account and the same cluster name, even in different regions (IAM names are per account)', () => {
    const here = withOverrides(ack({}), { cluster: { name: 'shared-platform' } });
    const elsewhere = withOverrides(here, {
      name: 'fx-prod-us',
      region: 'us-east-1',
      availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
      network: { vpcCidr: '10.131.0.0/16' },
      ingress: { certificateArns: ['arn:aws:acm:us-east-1:100000000003:certificate/00000000-0000-0000-0000-000000000000'] },
    });
    expect(problemsOf([here, elsewhere])).toEqual([
      expect.stringMatching(
        /^fx-prod-us\.cluster\.name: "shared-platform" is also fx-prod's cluster name in account 100000000003 \(eu-west-1\), and both enable ACK, whose IAM roles \(shared-platform-ack-capability, <cluster>-<team>-ack\) are named after the cluster and unique per account/,
      ),
    ]);
    expect(problemsOf([here, withOverrides(elsewhere, { ack: { enabled: false } })])).toEqual([]);
  });

  test('a cluster name that cannot start bucket names', () => {
    expect(problemsOf([withOverrides(ack({}), { cluster: { name: 'Prod_Cluster' } })])).toEqual([
      expect.stringMatching(/^fx-prod\.cluster\.name: "Prod_Cluster" cannot start S3 bucket names and RDS identifiers/),
    ]);
  });
});

describe('the README examples', () => {
  test('the bucket request validates against the S3 Bucket CRD and is named for its team', () => {
    const [bucket] = readmeExample('ack-team-bucket');
    expect(`${bucket.apiVersion} ${bucket.kind}`).toBe('s3.services.k8s.aws/v1alpha1 Bucket');
    expect(schemaProblems(bucket)).toEqual([]);
    expect(bucket.spec.name).toMatch(new RegExp(`^[a-z][a-z0-9-]*-${bucket.metadata.namespace}-[a-z0-9-]+$`));
    expect(isKnownRegion(bucket.spec.createBucketConfiguration.locationConstraint)).toBe(true);
    expect(bucket.spec.publicAccessBlock).toEqual({
      blockPublicACLs: true,
      blockPublicPolicy: true,
      ignorePublicACLs: true,
      restrictPublicBuckets: true,
    });
  });

  test('the database request validates against the DBInstance CRD and keeps to what the team role allows', () => {
    const [database] = readmeExample('ack-team-database');
    expect(schemaProblems(database)).toEqual([]);
    const cluster = database.spec.dbInstanceIdentifier.slice(
      0,
      database.spec.dbInstanceIdentifier.indexOf(`-${database.metadata.namespace}-`),
    );
    expect(database.spec.dbInstanceIdentifier.startsWith(ackResourcePrefix(cluster, database.metadata.namespace))).toBe(true);
    expect(database.spec.dbSubnetGroupName).toBe(ackDbSubnetGroupName(cluster));
    expect(database.spec).toMatchObject({ storageEncrypted: true, publiclyAccessible: false, manageMasterUserPassword: true });
    expect(database.spec.masterUserPassword).toBeUndefined();
  });
});

describe('your environments', () => {
  const withAck = parseEnvironments(ENVIRONMENTS).filter((env) => env.ack.enabled);

  test.each(ENVIRONMENTS.filter((input) => input.ack?.enabled).map((input) => [input.name, input] as const))(
    '%s: one ACK capability with only its services, each team role reachable only from the capability role, and team RBAC',
    (_, input) => {
      const env = parseEnvironments([input])[0];
      const template = synthEnvironment(input).cluster;
      const capability = onlyResource(template, 'AWS::EKS::Capability');
      expect(capability).toMatchObject({
        Type: 'ACK',
        DeletePropagationPolicy: 'RETAIN',
        Configuration: { Ack: { EnableCrossNamespace: false } },
      });
      expect(capability.Configuration.Ack.DisabledServices.filter((service: string) => env.ack.services.includes(service))).toEqual([]);
      const capabilityRoleId = capability.RoleArn['Fn::GetAtt'][0];
      const teamRoles = roles(template).filter(
        ([, props]) => /-ack$/.test(props.RoleName ?? '') && !/-ack-capability$/.test(props.RoleName),
      );
      expect(teamRoles.length).toBe(objectsOf('IAMRoleSelector', template).length);
      expect(teamRoles.length).toBeGreaterThan(0);
      for (const [, role] of teamRoles)
        expect(role.AssumeRolePolicyDocument.Statement.map((statement: any) => statement.Principal)).toEqual([
          { AWS: `<Ref:${capabilityRoleId}>` },
        ]);
      expect(objectsOf('Role', template).filter(({ object }) => object.metadata.name === 'platform:ack-editor')).toHaveLength(
        teamRoles.length,
      );
    },
  );

  test.each(withAck.map((env) => [env.name, env] as const))(
    '%s: every ACK team gets a role name and prefix AWS accepts, none inside another',
    (_, env) => {
      const teams = env.ack.teamNamespaces ?? [
        ...new Set(env.accessGrants.flatMap((grant) => (typeof grant.level === 'object' ? grant.level.namespaces : []))),
      ];
      expect(teams.length).toBeGreaterThan(0);
      for (const team of teams) {
        expect(`${env.cluster.name}-${team}-ack`.length).toBeLessThanOrEqual(64);
        const prefix = ackResourcePrefix(env.cluster.name, team);
        expect(prefix).toMatch(/^[a-z][a-z0-9-]*-$/);
        for (const other of teams.filter((candidate) => candidate !== team))
          expect(ackResourcePrefix(env.cluster.name, other).startsWith(prefix)).toBe(false);
      }
    },
  );
});

import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { GITHUB_OIDC_HOST } from '../constructs/github-deploy-role';
import { parseAppConfig } from '../lib/config/app-config';
import { DEPLOYMENT } from '../lib/config/deployment';
import type { DeploymentInput } from '../lib/config/deployment-schema';
import { parseDeployment } from '../lib/config/deployment-schema';
import { ENVIRONMENTS } from '../lib/config/environments';
import { parseEnvironments } from '../lib/config/parse';
import type { EnvironmentInput } from '../lib/config/schema';
import { deployAccounts, deployRoleName } from '../lib/deploy-accounts';
import { addGitHubDeployStacks, addNagChecks } from '../lib/platform-app';
import { FIXTURES, devFixture, prodFixture, stagingFixture } from './fixtures/environments';
import { CDK_JSON_CONTEXT, onlyResource, resourcesOfType, withOverrides } from './helpers/synth';

const REPOSITORY = 'acme/eks-platform';

function deployStacks(inputs: readonly EnvironmentInput[], deployment: DeploymentInput = { githubRepository: REPOSITORY }) {
  const app = new App({ context: CDK_JSON_CONTEXT, builtinCloudFormationValidation: false });
  const stacks = addGitHubDeployStacks(app, parseEnvironments(inputs), parseDeployment(deployment));
  return { app, stacks, templates: new Map(stacks.map((stack) => [stack.account, Template.fromStack(stack)])) };
}

/** IAM's `*` as a regular expression, to see what a resource pattern admits. */
function iamPattern(resource: string): RegExp {
  return new RegExp(
    `^${resource
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
}

describe('deploy accounts', () => {
  test('one per account, with every region and environment of that account, in config order', () => {
    expect(
      deployAccounts([
        { name: 'dev', account: '100000000001', region: 'eu-west-1' },
        { name: 'staging', account: '100000000001', region: 'eu-central-1' },
        { name: 'qa', account: '100000000001', region: 'eu-west-1' },
        { name: 'prod', account: '100000000003', region: 'us-east-1' },
      ]),
    ).toEqual([
      { account: '100000000001', homeRegion: 'eu-west-1', regions: ['eu-west-1', 'eu-central-1'], environments: ['dev', 'staging', 'qa'] },
      { account: '100000000003', homeRegion: 'us-east-1', regions: ['us-east-1'], environments: ['prod'] },
    ]);
  });

  test('the role is named after the repository, within IAM’s 64 characters', () => {
    expect(deployRoleName('acme/eks-platform')).toBe('github-deploy-eks-platform');
    expect(deployRoleName(`acme/${'x'.repeat(100)}`)).toHaveLength(64);
  });
});

describe('deployment config', () => {
  test.each([
    ['acme'],
    ['acme/'],
    ['/eks-platform'],
    ['acme/eks/platform'],
    ['-acme/eks-platform'],
    ['ac--me/eks-platform'],
    ['acme/..'],
    ['acme/eks platform'],
    ['https://github.com/acme/eks-platform'],
  ])('%s is refused, quoted, with the form that is allowed', (repository) => {
    expect(() => parseDeployment({ githubRepository: repository })).toThrow(
      `deployment.githubRepository: ${JSON.stringify(repository)} is not a GitHub repository: write it as OWNER/NAME`,
    );
  });

  test.each([['acme/eks-platform'], ['Acme-Corp/platform.infra_v2'], ['a/b']])('%s is accepted', (repository) => {
    expect(parseDeployment({ githubRepository: repository })).toEqual({ githubRepository: repository, githubOidcProvider: 'create' });
  });

  test('a missing repository, an unknown provider mode and an unknown field are all reported', () => {
    let problems: readonly string[] = [];
    try {
      parseDeployment({ githubOidcProvider: 'maybe', extra: 1 } as unknown as DeploymentInput);
    } catch (error) {
      problems = (error as { problems: readonly string[] }).problems;
    }
    expect(problems).toHaveLength(3);
    expect(problems).toContain('deployment.githubRepository: is required');
    expect(problems.find((problem) => problem.startsWith('deployment.githubOidcProvider:'))).toContain('"create"');
    expect(problems.find((problem) => problem.startsWith('deployment:'))).toContain('"extra"');
  });

  test('environment and deployment problems come in one error', () => {
    expect(() => parseAppConfig([withOverrides(devFixture, { account: 'x' })], { githubRepository: 'nope' })).toThrow(
      /\(2 problems\):\n {2}- fx-dev\.account: .*\n {2}- deployment\.githubRepository: "nope"/,
    );
  });
});

describe('the deploy-role stack of each fixture account', () => {
  const { app, stacks, templates } = deployStacks(FIXTURES);

  test('one stack per account, in the account and region of its environment, protected from deletion', () => {
    expect(stacks.map((stack) => [stack.stackName, stack.account, stack.region, stack.terminationProtection])).toEqual(
      FIXTURES.map((fixture) => [`GitHubDeploy-${fixture.account}`, fixture.account, fixture.region, true]),
    );
  });

  test.each(FIXTURES.map((fixture) => [fixture.name, fixture] as const))(
    '%s: the OIDC provider is GitHub’s, for STS, retained',
    (_, fixture) => {
      const template = templates.get(fixture.account as string)!;
      template.resourceCountIs('AWS::IAM::OIDCProvider', 1);
      template.hasResource('AWS::IAM::OIDCProvider', {
        Properties: { Url: `https://${GITHUB_OIDC_HOST}`, ClientIdList: ['sts.amazonaws.com'] },
        DeletionPolicy: 'Retain',
      });
    },
  );

  test.each(FIXTURES.map((fixture) => [fixture.name, fixture] as const))(
    '%s: the role trusts only its GitHub environment of this repository, with the STS audience',
    (_, fixture) => {
      const template = templates.get(fixture.account as string)!;
      const role = onlyResource(template, 'AWS::IAM::Role');
      const [providerId] = resourcesOfType(template, 'AWS::IAM::OIDCProvider')[0];
      expect(role.RoleName).toBe('github-deploy-eks-platform');
      expect(role.AssumeRolePolicyDocument.Statement).toEqual([
        {
          Effect: 'Allow',
          Action: 'sts:AssumeRoleWithWebIdentity',
          Principal: { Federated: { Ref: providerId } },
          Condition: {
            StringEquals: {
              'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
              'token.actions.githubusercontent.com:sub': [`repo:${REPOSITORY}:environment:${fixture.name}`],
            },
          },
        },
      ]);
      expect(role.ManagedPolicyArns).toBeUndefined();
      expect(role.Policies).toBeUndefined();
    },
  );

  test.each(FIXTURES.map((fixture) => [fixture.name, fixture] as const))(
    '%s: the role may only assume the CDK bootstrap roles of its account and region',
    (_, fixture) => {
      const template = templates.get(fixture.account as string)!;
      const policies = resourcesOfType(template, 'AWS::IAM::Policy');
      expect(policies).toHaveLength(1);
      expect(resourcesOfType(template, 'AWS::IAM::ManagedPolicy')).toHaveLength(0);
      const account = fixture.account as string;
      expect(policies[0][1].PolicyDocument.Statement).toEqual([
        {
          Effect: 'Allow',
          Action: 'sts:AssumeRole',
          Resource: `arn:aws:iam::${account}:role/cdk-hnb659fds-*-${account}-${fixture.region}`,
        },
      ]);

      const admits = iamPattern(policies[0][1].PolicyDocument.Statement[0].Resource);
      for (const kind of ['deploy-role', 'file-publishing-role', 'image-publishing-role', 'lookup-role'])
        expect(`arn:aws:iam::${account}:role/cdk-hnb659fds-${kind}-${account}-${fixture.region}`).toMatch(admits);
      for (const other of [
        `arn:aws:iam::${account}:role/PlatformAdmin`,
        `arn:aws:iam::${account}:role/cdk-othrqualf-deploy-role-${account}-${fixture.region}`,
        `arn:aws:iam::999999999999:role/cdk-hnb659fds-deploy-role-999999999999-${fixture.region}`,
        `arn:aws:iam::${account}:role/cdk-hnb659fds-deploy-role-${account}-us-east-2`,
      ])
        expect(other).not.toMatch(admits);
    },
  );

  test('the role ARN is an output, for the workflow’s role-to-assume', () => {
    const template = templates.get(devFixture.account as string)!;
    const [roleId] = resourcesOfType(template, 'AWS::IAM::Role')[0];
    expect(template.findOutputs('DeployRoleArn')).toEqual({
      DeployRoleArn: expect.objectContaining({ Value: { 'Fn::GetAtt': [roleId, 'Arn'] } }),
    });
  });

  test('cdk-nag passes: the one wildcard (the bootstrap role kind) is acknowledged, per account and region', () => {
    addNagChecks(app);
    expect(() => app.synth()).not.toThrow();
  });
});

describe('environments that share an account', () => {
  const shared = withOverrides(stagingFixture, {
    account: devFixture.account,
    region: 'eu-central-1',
    availabilityZones: ['eu-central-1a', 'eu-central-1b', 'eu-central-1c'],
    // An ALB certificate lives in its environment's account and region.
    ingress: { certificateArns: [`arn:aws:acm:eu-central-1:${devFixture.account}:certificate/00000000-0000-0000-0000-000000000000`] },
  });
  const { stacks, templates } = deployStacks([devFixture, shared, prodFixture]);

  test('get one stack that trusts both GitHub environments and reaches both regions’ bootstrap roles', () => {
    expect(stacks.map((stack) => stack.account)).toEqual([devFixture.account, prodFixture.account]);
    const template = templates.get(devFixture.account as string)!;
    const role = onlyResource(template, 'AWS::IAM::Role');
    expect(role.AssumeRolePolicyDocument.Statement[0].Condition.StringEquals['token.actions.githubusercontent.com:sub']).toEqual([
      `repo:${REPOSITORY}:environment:fx-dev`,
      `repo:${REPOSITORY}:environment:fx-staging`,
    ]);
    const account = devFixture.account as string;
    expect([...onlyResource(template, 'AWS::IAM::Policy').PolicyDocument.Statement[0].Resource].sort()).toEqual([
      `arn:aws:iam::${account}:role/cdk-hnb659fds-*-${account}-eu-central-1`,
      `arn:aws:iam::${account}:role/cdk-hnb659fds-*-${account}-eu-west-1`,
    ]);
  });
});

test('an account whose GitHub OIDC provider exists is referred to, not created again', () => {
  const { templates } = deployStacks([devFixture], { githubRepository: REPOSITORY, githubOidcProvider: 'existing' });
  const template = templates.get(devFixture.account as string)!;
  template.resourceCountIs('AWS::IAM::OIDCProvider', 0);
  expect(onlyResource(template, 'AWS::IAM::Role').AssumeRolePolicyDocument.Statement[0].Principal).toEqual({
    Federated: `arn:aws:iam::${devFixture.account}:oidc-provider/${GITHUB_OIDC_HOST}`,
  });
});

describe('the shipped configuration', () => {
  test('the deployment section is valid', () => {
    expect(() => parseDeployment(DEPLOYMENT)).not.toThrow();
  });

  test('every account of ENVIRONMENTS gets one deploy role trusting exactly its environments', () => {
    const { templates } = deployStacks(ENVIRONMENTS, DEPLOYMENT);
    const accounts = [...new Set(ENVIRONMENTS.map((env) => env.account as string))];
    expect([...templates.keys()]).toEqual(accounts);
    for (const account of accounts) {
      const subjects = onlyResource(templates.get(account)!, 'AWS::IAM::Role').AssumeRolePolicyDocument.Statement[0].Condition.StringEquals[
        'token.actions.githubusercontent.com:sub'
      ];
      const names = ENVIRONMENTS.filter((env) => env.account === account).map((env) => env.name);
      expect(subjects).toEqual(names.map((name) => `repo:${DEPLOYMENT.githubRepository}:environment:${name}`));
    }
  });

  test.each([...new Set(ENVIRONMENTS.map((env) => env.account as string))].map((account) => [account] as const))(
    'snapshot of the deploy-role stack of account %s',
    (account) => {
      const { templates } = deployStacks(ENVIRONMENTS, DEPLOYMENT);
      expect(templates.get(account)!.toJSON()).toMatchSnapshot();
    },
  );
});

import { Arn, DefaultStackSynthesizer, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import type { IOidcProvider } from 'aws-cdk-lib/aws-iam';
import { Effect, OidcProviderNative, PolicyStatement, Role, WebIdentityPrincipal } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { acknowledgeNagFinding, wildcardResourceFinding } from './nag';

/** GitHub Actions' OIDC issuer, and the audience aws-actions/configure-aws-credentials asks for. */
export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';
export const GITHUB_OIDC_AUDIENCE = 'sts.amazonaws.com';

export interface GitHubDeployRoleProps {
  /** OWNER/NAME of the repository whose deploy workflow may assume the role. */
  readonly githubRepository: string;
  /** The GitHub environments (one per platform environment in this account) whose jobs may assume it. */
  readonly githubEnvironments: readonly string[];
  /** The regions whose CDK bootstrap roles the role may assume. */
  readonly regions: readonly string[];
  /** `create` the account's GitHub OIDC provider, or refer to the `existing` one. */
  readonly oidcProvider: 'create' | 'existing';
  readonly roleName: string;
}

/**
 * The role GitHub's deploy workflow assumes through OIDC, with no stored AWS keys. It trusts only
 * jobs of this repository that run in one of its GitHub environments (whose protection rules
 * decide who and which branch may deploy), and may do one thing: assume the CDK bootstrap roles
 * (deploy, file and image publishing, lookup) of its account, which `cdk deploy` uses. What a
 * deployment may change is therefore what the bootstrap's CloudFormation execution role allows.
 */
export class GitHubDeployRole extends Construct {
  readonly role: Role;
  readonly provider: IOidcProvider;

  constructor(scope: Construct, id: string, props: GitHubDeployRoleProps) {
    super(scope, id);
    const stack = Stack.of(this);

    this.provider =
      props.oidcProvider === 'create'
        ? new OidcProviderNative(this, 'GitHubOidcProvider', {
            url: `https://${GITHUB_OIDC_HOST}`,
            clientIds: [GITHUB_OIDC_AUDIENCE],
            // Other workflows of the account may come to use the same provider (one per URL).
            removalPolicy: RemovalPolicy.RETAIN,
          })
        : OidcProviderNative.fromOidcProviderArn(
            this,
            'GitHubOidcProvider',
            Arn.format({ service: 'iam', region: '', resource: 'oidc-provider', resourceName: GITHUB_OIDC_HOST }, stack),
          );

    this.role = new Role(this, 'Role', {
      roleName: props.roleName,
      description: `Assumed by the deploy workflow of ${props.githubRepository} (GitHub environments: ${props.githubEnvironments.join(', ')})`,
      assumedBy: new WebIdentityPrincipal(this.provider.oidcProviderArn, {
        StringEquals: {
          [`${GITHUB_OIDC_HOST}:aud`]: GITHUB_OIDC_AUDIENCE,
          [`${GITHUB_OIDC_HOST}:sub`]: githubEnvironmentSubjects(props.githubRepository, props.githubEnvironments),
        },
      }),
      // An EKS deployment can outlast the default hour.
      maxSessionDuration: Duration.hours(2),
    });

    const bootstrapRoleNames = props.regions.map((region) => cdkBootstrapRolesName(stack, region));
    const bootstrapRoles = bootstrapRoleNames.map((resourceName) =>
      Arn.format({ service: 'iam', region: '', resource: 'role', resourceName }, stack),
    );
    this.role.addToPolicy(new PolicyStatement({ effect: Effect.ALLOW, actions: ['sts:AssumeRole'], resources: bootstrapRoles }));
    for (const name of bootstrapRoleNames)
      acknowledgeNagFinding(
        this.role,
        wildcardResourceFinding(`arn:${partitionInFindings(stack)}:iam::${stack.account}:role/${name}`),
        'The wildcard stands for the kind of CDK bootstrap role (deploy, file-publishing, image-publishing, lookup) of this account and region, which cdk deploy assumes; nothing else matches it',
      );
  }
}

/**
 * The OIDC `sub` of a job that runs in a GitHub environment: `repo:OWNER/NAME:environment:ENV`.
 * Branch and reviewers are the environment's protection rules (see the README's deploy section).
 */
export function githubEnvironmentSubjects(githubRepository: string, environments: readonly string[]): string[] {
  return environments.map((environment) => `repo:${githubRepository}:environment:${environment}`);
}

/** `cdk-QUALIFIER-*-ACCOUNT-REGION`: the names of CDK's bootstrap roles in one region. */
function cdkBootstrapRolesName(stack: Stack, region: string): string {
  const qualifier = stack.node.tryGetContext('@aws-cdk/core:bootstrapQualifier') ?? DefaultStackSynthesizer.DEFAULT_QUALIFIER;
  return `cdk-${qualifier}-*-${stack.account}-${region}`;
}

/** The partition as cdk-nag writes it in finding IDs: literal where the region fixes it. */
function partitionInFindings(stack: Stack): string {
  return Token.isUnresolved(stack.partition) ? '<AWS::Partition>' : stack.partition;
}

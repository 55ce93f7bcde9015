import type { StackProps } from 'aws-cdk-lib';
import { CfnOutput, Stack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { GitHubDeployRole } from '../../constructs/github-deploy-role';
import type { DeploymentConfig } from '../config/deployment-schema';
import type { DeployAccount } from '../deploy-accounts';
import { deployRoleName, deployRoleStackName } from '../deploy-accounts';

export interface GitHubDeployStackProps extends StackProps {
  readonly deployAccount: DeployAccount;
  readonly deployment: DeploymentConfig;
}

/**
 * One per account: the GitHub OIDC provider and the role the deploy workflow assumes. Deployed
 * by hand once per account, after `cdk bootstrap` (see the README's deploy section).
 */
export class GitHubDeployStack extends Stack {
  readonly deployRole: GitHubDeployRole;

  constructor(scope: Construct, props: GitHubDeployStackProps) {
    const { deployAccount, deployment } = props;
    super(scope, deployRoleStackName(deployAccount.account), {
      ...props,
      env: { account: deployAccount.account, region: deployAccount.homeRegion },
      description: `GitHub OIDC deploy role of ${deployment.githubRepository} for ${deployAccount.environments.join(', ')}`,
      // Deleting it would cut the deploy workflow off from the account.
      terminationProtection: true,
    });
    this.deployRole = new GitHubDeployRole(this, 'GitHubDeploy', {
      githubRepository: deployment.githubRepository,
      githubEnvironments: deployAccount.environments,
      regions: deployAccount.regions,
      oidcProvider: deployment.githubOidcProvider,
      roleName: deployRoleName(deployment.githubRepository),
    });
    new CfnOutput(this, 'DeployRoleArn', { value: this.deployRole.role.roleArn, description: 'role-to-assume of the deploy workflow' });
  }
}

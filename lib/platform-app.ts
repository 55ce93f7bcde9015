import type { App } from 'aws-cdk-lib';
import { Validations } from 'aws-cdk-lib';
import type * as CdkNag from 'cdk-nag';
import type { DeploymentConfig } from './config/deployment-schema';
import type { EnvironmentConfig } from './config/parse';
import { deployAccounts } from './deploy-accounts';
import { GitHubDeployStack } from './stacks/github-deploy-stack';
import { PlatformStage } from './stages/platform-stage';

/** Adds one PlatformStage per environment to the app. Config is already validated. */
export function addEnvironments(app: App, environments: readonly EnvironmentConfig[]): PlatformStage[] {
  return environments.map((environment) => new PlatformStage(app, { environment }));
}

/** Adds the GitHub OIDC deploy-role stack of every account the environments deploy into. */
export function addGitHubDeployStacks(
  app: App,
  environments: readonly EnvironmentConfig[],
  deployment: DeploymentConfig,
): GitHubDeployStack[] {
  return deployAccounts(environments).map((deployAccount) => new GitHubDeployStack(app, { deployAccount, deployment }));
}

/**
 * cdk-nag's AWS Solutions pack, as a validation plugin: every finding fails synthesis unless a
 * construct acknowledges it with a reason (see lib/nag-acknowledgements.ts).
 */
export function addNagChecks(app: App): void {
  // Loaded here, not at import: its rules load some twenty aws-cdk-lib service modules (QuickSight's
  // alone is 5 MB), a third of a second that synthesis without validation does not need.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { AwsSolutionsChecks } = require('cdk-nag') as typeof CdkNag;
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
}

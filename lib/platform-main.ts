import type { App } from 'aws-cdk-lib';
import { parseAppConfig } from './config/app-config';
import { ConfigError } from './config/config-error';
import type { DeploymentInput } from './config/deployment-schema';
import type { EnvironmentInput } from './config/schema';
import { addEnvironments, addGitHubDeployStacks, addNagChecks } from './platform-app';

/**
 * What `bin/platform.ts` does with the config: validate it all before any construct exists, then
 * build a stage per selected environment (and, when none is selected, the deploy-role stacks).
 * Bad config prints every problem and exits 1, with no stack trace and nothing written to
 * cdk.out (the app never reaches synthesis). `nag: false` (synthesis without validation) leaves
 * cdk-nag out.
 */
export function buildPlatformApp(
  app: App,
  inputs: readonly EnvironmentInput[],
  deploymentInput: DeploymentInput,
  selected: string | undefined,
  options: { readonly nag: boolean } = { nag: true },
): void {
  try {
    const { environments, deployment } = parseAppConfig(inputs, deploymentInput, selected);
    addEnvironments(app, environments);
    if (selected === undefined) addGitHubDeployStacks(app, environments, deployment);
    if (options.nag) addNagChecks(app);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

import { ConfigError } from './config-error';
import type { DeploymentConfig, DeploymentInput } from './deployment-schema';
import { parseDeployment } from './deployment-schema';
import type { EnvironmentConfig } from './parse';
import { parseEnvironments } from './parse';
import type { EnvironmentInput } from './schema';

export interface AppConfig {
  readonly environments: readonly EnvironmentConfig[];
  readonly deployment: DeploymentConfig;
}

/**
 * Validates the selected environments and the deployment section together, so one ConfigError
 * lists every problem in both before anything is built.
 */
export function parseAppConfig(environments: readonly EnvironmentInput[], deployment: DeploymentInput, selected?: string): AppConfig {
  const problems: string[] = [];
  const attempt = <T>(parse: () => T): T | undefined => {
    try {
      return parse();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(...error.problems);
      return undefined;
    }
  };
  const parsedEnvironments = attempt(() => parseEnvironments(environments, selected));
  const parsedDeployment = attempt(() => parseDeployment(deployment));
  if (problems.length > 0) throw new ConfigError(problems);
  return { environments: parsedEnvironments!, deployment: parsedDeployment! };
}

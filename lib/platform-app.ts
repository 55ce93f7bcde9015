import type { App } from 'aws-cdk-lib';
import type { EnvironmentConfig } from './config/parse';
import { PlatformStage } from './stages/platform-stage';

/** Adds one PlatformStage per environment to the app. Config is already validated. */
export function addEnvironments(app: App, environments: readonly EnvironmentConfig[]): PlatformStage[] {
  return environments.map((environment) => new PlatformStage(app, { environment }));
}

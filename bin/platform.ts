#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { ConfigError } from '../lib/config/config-error';
import { ENVIRONMENTS } from '../lib/config/environments';
import { parseEnvironments } from '../lib/config/parse';
import { addEnvironments } from '../lib/platform-app';

/**
 * The CDK app. `-c env=NAME` synthesizes one environment; without it, every environment.
 * Config is validated before any construct exists, so bad input writes nothing to cdk.out.
 */
const app = new App();
const selected: unknown = app.node.tryGetContext('env');

try {
  const environments = parseEnvironments(ENVIRONMENTS, selected === undefined ? undefined : String(selected));
  addEnvironments(app, environments);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}

#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { FAIL_SYNTH_ON_VALIDATION_ERRORS_CONTEXT } from 'aws-cdk-lib/cx-api';
import { ConfigError } from '../lib/config/config-error';
import { ENVIRONMENTS } from '../lib/config/environments';
import { parseEnvironments } from '../lib/config/parse';
import { addEnvironments, addNagChecks } from '../lib/platform-app';

/**
 * The CDK app. `-c env=NAME` synthesizes one environment; without it, every environment.
 * Config is validated before any construct exists, so bad input writes nothing to cdk.out.
 */
// Findings of any validation plugin (cdk-nag, the CloudFormation validator) fail synthesis: the
// CLI would otherwise only record them in cdk.out/validation-report.json.
const app = new App({ postCliContext: { [FAIL_SYNTH_ON_VALIDATION_ERRORS_CONTEXT]: true } });
const selected: unknown = app.node.tryGetContext('env');

try {
  const environments = parseEnvironments(ENVIRONMENTS, selected === undefined ? undefined : String(selected));
  addEnvironments(app, environments);
  addNagChecks(app);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}

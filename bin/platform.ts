#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { FAIL_SYNTH_ON_VALIDATION_ERRORS_CONTEXT } from 'aws-cdk-lib/cx-api';
import { DEPLOYMENT } from '../lib/config/deployment';
import { ENVIRONMENTS } from '../lib/config/environments';
import { buildPlatformApp } from '../lib/platform-main';

/**
 * The CDK app. `-c env=NAME` synthesizes one environment; without it, every environment and the
 * GitHub deploy-role stack of every account (which must trust all of an account's environments,
 * so it is never built from a selection).
 * Config is validated before any construct exists, so bad input writes nothing to cdk.out.
 */
// Findings of any validation plugin (cdk-nag, the CloudFormation validator) fail synthesis: the
// CLI would otherwise only record them in cdk.out/validation-report.json.
// `npm run review` synthesizes two commits only to compare them, and `cdk synth` in CI validates
// every template anyway: it skips the CloudFormation schema validation, two thirds of synthesis.
const app = new App({
  postCliContext: { [FAIL_SYNTH_ON_VALIDATION_ERRORS_CONTEXT]: true },
  builtinCloudFormationValidation: process.env.PLATFORM_REVIEW_SYNTHESIS !== 'true',
});
const selected: unknown = app.node.tryGetContext('env');
buildPlatformApp(app, ENVIRONMENTS, DEPLOYMENT, selected === undefined ? undefined : String(selected));

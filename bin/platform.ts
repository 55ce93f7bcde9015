#!/usr/bin/env node
import { App, Validations } from 'aws-cdk-lib';
import { FAIL_SYNTH_ON_VALIDATION_ERRORS_CONTEXT } from 'aws-cdk-lib/cx-api';
import { DEPLOYMENT } from '../lib/config/deployment';
import { ENVIRONMENTS } from '../lib/config/environments';
import { buildPlatformApp } from '../lib/platform-main';
import { BackgroundCloudFormationValidation } from '../lib/validation/background-cloudformation-validation';

/**
 * The CDK app. `-c env=NAME` synthesizes one environment; without it, every environment and the
 * GitHub deploy-role stack of every account (which must trust all of an account's environments,
 * so it is never built from a selection).
 * Config is validated before any construct exists, so bad input writes nothing to cdk.out.
 */
// Validation (the CloudFormation validator and cdk-nag) is on unless `cdk synth --no-validation`
// (which sets CDK_VALIDATION=false) or `npm run review`, which synthesizes two commits only to
// compare them (`cdk synth` in CI validates every template anyway).
const validation = process.env.CDK_VALIDATION !== 'false' && process.env.PLATFORM_REVIEW_SYNTHESIS !== 'true';
// Findings of any validation plugin fail synthesis: the CLI would otherwise only record them in
// cdk.out/validation-report.json.
const app = new App({
  postCliContext: { [FAIL_SYNTH_ON_VALIDATION_ERRORS_CONTEXT]: true },
  builtinCloudFormationValidation: false,
});
// CDK's CloudFormation validator, its engine built on a worker thread while the constructs are built.
if (validation) Validations.of(app).addPlugins(new BackgroundCloudFormationValidation());
const selected: unknown = app.node.tryGetContext('env');
buildPlatformApp(app, ENVIRONMENTS, DEPLOYMENT, selected === undefined ? undefined : String(selected), { nag: validation });

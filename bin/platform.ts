#!/usr/bin/env node
import { App, Validations } from 'aws-cdk-lib';
import { FAIL_SYNTH_ON_VALIDATION_ERRORS_CONTEXT } from 'aws-cdk-lib/cx-api';
import { join } from 'node:path';
import type * as Deployment from '../lib/config/deployment';
import type * as Environments from '../lib/config/environments';
import type * as PlatformMain from '../lib/platform-main';
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
const app = new App({
  postCliContext: {
    // Findings of any validation plugin fail synthesis: the CLI would otherwise only record them
    // in cdk.out/validation-report.json.
    [FAIL_SYNTH_ON_VALIDATION_ERRORS_CONTEXT]: true,
    // Each resource's creation stack trace serves only to point a validation finding at its source line.
    ...(validation ? {} : { 'aws:cdk:disable-creation-stack-traces': true }),
  },
  builtinCloudFormationValidation: false,
});
// CDK's CloudFormation validator, its engine built on a worker thread from here on: the platform's
// modules are loaded (below, not above) and its constructs built meanwhile.
// Each template's report is kept in node_modules/.cache: an unchanged template is not validated again.
const reportCache = join(__dirname, '..', 'node_modules', '.cache', 'platform-validation');
const cloudFormationValidation = validation ? new BackgroundCloudFormationValidation({ reportCache, outdir: app.outdir }) : undefined;
if (cloudFormationValidation) Validations.of(app).addPlugins(cloudFormationValidation);
const selected: unknown = app.node.tryGetContext('env');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { DEPLOYMENT } = require('../lib/config/deployment') as typeof Deployment;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ENVIRONMENTS } = require('../lib/config/environments') as typeof Environments;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { buildPlatformApp } = require('../lib/platform-main') as typeof PlatformMain;
buildPlatformApp(app, ENVIRONMENTS, DEPLOYMENT, selected === undefined ? undefined : String(selected), { nag: validation });
// Each environment's templates are validated while the next environment is synthesized.
cloudFormationValidation?.validateStagesAsSynthesized(app);

import { App } from 'aws-cdk-lib';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENVIRONMENTS } from '../lib/config/environments';
import { parseEnvironments } from '../lib/config/parse';
import { addEnvironments } from '../lib/platform-app';
import { CDK_JSON_CONTEXT } from './helpers/synth';

/**
 * The CloudFormation validator bundled with aws-cdk-lib, as `cdk synth` runs it: cdk.json turns
 * its findings into errors. The two warnings we accept are acknowledged on the one construct
 * each concerns (subnets: W3010, the cluster: W9009), so the report must be empty.
 */
test('every environment synthesizes with no validation finding', () => {
  expect(CDK_JSON_CONTEXT['@aws-cdk/core:validateAgainstDefaultRules']).toBe(true);
  const app = new App({ context: CDK_JSON_CONTEXT });
  addEnvironments(app, parseEnvironments(ENVIRONMENTS));
  const assembly = app.synth();

  const report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8'));
  const violations = report.pluginReports.flatMap((plugin: { violations: { ruleName: string; severity: string }[] }) => plugin.violations);
  expect(report.pluginReports.map((plugin: { conclusion: string }) => plugin.conclusion)).toEqual(['success']);
  expect(violations).toEqual([]);
  const stackNames = assembly.nestedAssemblies.flatMap((stage) => stage.nestedAssembly.stacks.map((stack) => stack.stackName));
  expect(stackNames.sort()).toEqual(['dev-Cluster', 'dev-Network', 'prod-Cluster', 'prod-Network', 'staging-Cluster', 'staging-Network']);
});

import { App } from 'aws-cdk-lib';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENVIRONMENTS } from '../lib/config/environments';
import { parseEnvironments } from '../lib/config/parse';
import { addEnvironments } from '../lib/platform-app';
import { CDK_JSON_CONTEXT } from './helpers/synth';

/**
 * The CloudFormation validator bundled with aws-cdk-lib, as `cdk synth` runs it: cdk.json turns
 * its findings into errors, so synthesis would throw on any violation. Warnings are allowed
 * but each must be one we know about.
 */
const KNOWN_WARNINGS = new Set([
  // aws-eks-v2 still writes EncryptionConfig.Resources, which the EKS schema marks deprecated;
  // EKS requires it to encrypt secrets today.
  'W9009',
  // "Avoid hardcoding availability zones": the AZs come from config on purpose, so that
  // synthesis needs no lookup and every environment's subnets are reviewable.
  'W3010',
]);

test('every environment synthesizes with no validation error and only known warnings', () => {
  expect(CDK_JSON_CONTEXT['@aws-cdk/core:validateAgainstDefaultRules']).toBe(true);
  const app = new App({ context: CDK_JSON_CONTEXT });
  addEnvironments(app, parseEnvironments(ENVIRONMENTS));
  const assembly = app.synth();

  const report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8'));
  const violations = report.pluginReports.flatMap((plugin: { violations: { ruleName: string; severity: string }[] }) => plugin.violations);
  expect(report.pluginReports.map((plugin: { conclusion: string }) => plugin.conclusion)).toEqual(['success']);
  expect(violations.filter((violation: { severity: string }) => violation.severity === 'error')).toEqual([]);
  expect(
    [...new Set(violations.map((violation: { ruleName: string }) => violation.ruleName))].filter(
      (rule) => !KNOWN_WARNINGS.has(rule as string),
    ),
  ).toEqual([]);
  const stackNames = assembly.nestedAssemblies.flatMap((stage) => stage.nestedAssembly.stacks.map((stack) => stack.stackName));
  expect(stackNames.sort()).toEqual(['dev-Cluster', 'dev-Network', 'prod-Cluster', 'prod-Network', 'staging-Cluster', 'staging-Network']);
});

import { App, Validations } from 'aws-cdk-lib';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENVIRONMENTS } from '../lib/config/environments';
import { parseEnvironments } from '../lib/config/parse';
import { addEnvironments, addNagChecks } from '../lib/platform-app';
import { BackgroundCloudFormationValidation } from '../lib/validation/background-cloudformation-validation';
import { CDK_JSON_CONTEXT } from './helpers/synth';

/**
 * Synthesis as `cdk synth` runs it, with both validation plugins: the CloudFormation validator
 * bundled with aws-cdk-lib, on its worker thread as bin/platform.ts runs it (cdk.json turns its findings into errors) and cdk-nag's AWS Solutions
 * pack. Every accepted finding is acknowledged on the one construct it concerns, so neither
 * plugin may report a violation. One synthesis serves both, since each costs seconds.
 */
// As bin/platform.ts: CDK's validator on its worker thread, started before the constructs are built.
const app = new App({ context: CDK_JSON_CONTEXT, builtinCloudFormationValidation: false });
const validator = new BackgroundCloudFormationValidation();
Validations.of(app).addPlugins(validator);
const environments = parseEnvironments(ENVIRONMENTS);
addEnvironments(app, environments);
addNagChecks(app);
validator.validateStagesAsSynthesized(app);
const assembly = app.synth();
validator.dispose();
const report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8'));

test('every one of your environments synthesizes with no CloudFormation validation or cdk-nag finding', () => {
  expect(CDK_JSON_CONTEXT['@aws-cdk/core:validateAgainstDefaultRules']).toBe(true);
  const violations = report.pluginReports.flatMap((plugin: { violations: { ruleName: string }[] }) => plugin.violations);
  expect(violations).toEqual([]);
  for (const plugin of report.pluginReports) expect(plugin.conclusion).toBe('success');
  expect(report.pluginReports.map((plugin: { pluginName: string }) => plugin.pluginName)).toContain('CloudFormation Validate');
  const stackNames = assembly.nestedAssemblies.flatMap((stage) => stage.nestedAssembly.stacks.map((stack) => stack.stackName));
  const expected = ENVIRONMENTS.flatMap((env) => [`${env.name}-Network`, `${env.name}-Cluster`]);
  expect(stackNames.sort()).toEqual(expected.sort());
});

test('every one of your environments marked production is protected in its templates', () => {
  for (const env of environments.filter((candidate) => candidate.production)) {
    const stacks = assembly.getNestedAssembly(`assembly-${env.name}`).stacks;
    expect(stacks.map((stack) => stack.terminationProtection)).toEqual(stacks.map(() => true));
    const cluster = stacks.find((stack) => stack.stackName === `${env.name}-Cluster`)!;
    const eksClusters = Object.values(cluster.template.Resources).filter((resource: any) => resource.Type === 'AWS::EKS::Cluster');
    expect(eksClusters).toEqual([
      expect.objectContaining({ DeletionPolicy: 'Retain', Properties: expect.objectContaining({ DeletionProtection: true }) }),
    ]);
  }
});

test('every acknowledgement names one finding on one construct below a stack, with a reason', () => {
  const acknowledgements = app.node
    .findAll()
    .flatMap((construct) =>
      construct.node.metadata
        .filter((entry) => entry.type === 'aws:cdk:acknowledged-rules')
        .flatMap((entry) =>
          Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({ path: construct.node.path, id, reason })),
        ),
    );
  expect(acknowledgements.length).toBeGreaterThan(20);
  for (const { path, id, reason } of acknowledgements) {
    expect(path.split('/').length).toBeGreaterThan(2); // never an environment or a whole stack
    expect(id).not.toMatch(/^AwsSolutions-IAM[45]$/); // IAM findings are acknowledged one wildcard or policy at a time
    expect(reason.length).toBeGreaterThan(40);
  }
});

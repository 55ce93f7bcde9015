import { App, CfnResource, Stack, Validations } from 'aws-cdk-lib';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BackgroundCloudFormationValidation } from '../lib/validation/background-cloudformation-validation';
import { CDK_JSON_CONTEXT } from './helpers/synth';

/**
 * bin/platform.ts runs CDK's CloudFormation validator on a worker thread. Its findings must be the
 * built-in validator's, reported the same way: both validate the same deliberately broken stack.
 */
function validationReport(validator: 'built-in' | 'background'): { error: string; report: any } {
  const app = new App({ context: CDK_JSON_CONTEXT, builtinCloudFormationValidation: validator === 'built-in' });
  const background = validator === 'background' ? new BackgroundCloudFormationValidation() : undefined;
  if (background) Validations.of(app).addPlugins(background);
  const stack = new Stack(app, 'Broken', { env: { account: '111111111111', region: 'eu-west-1' } });
  // An error (a string where SQS wants a number, a property SQS does not have) and a warning (a hard-coded AZ).
  new CfnResource(stack, 'Queue', { type: 'AWS::SQS::Queue', properties: { VisibilityTimeout: 'soon', Colour: 'blue' } });
  new CfnResource(stack, 'Subnet', {
    type: 'AWS::EC2::Subnet',
    properties: { VpcId: 'vpc-12345678', CidrBlock: '10.0.0.0/24', AvailabilityZone: 'eu-west-1a' },
  });
  let error = '';
  try {
    app.synth();
  } catch (thrown) {
    error = (thrown as Error).message;
  } finally {
    background?.dispose();
  }
  return { error, report: JSON.parse(readFileSync(join(app.outdir, 'validation-report.json'), 'utf8')) };
}

/** The report without stack traces, which name the lines that built the stack. */
function withoutTraces(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (key, inner) => (/stackTraces?$/i.test(key) ? undefined : inner)));
}

test('the background validator finds, reports and fails synthesis exactly as the built-in one', () => {
  const builtIn = validationReport('built-in');
  const background = validationReport('background');

  const [plugin] = background.report.pluginReports;
  expect(plugin).toMatchObject({ pluginName: 'CloudFormation Validate', conclusion: 'failure' });
  expect(plugin.pluginVersion).toMatch(/^\d+\.\d+\.\d+$/);
  const rules = plugin.violations.map((violation: { ruleName: string }) => violation.ruleName);
  expect(rules).toEqual(expect.arrayContaining(['W3010']));
  expect(plugin.violations.filter((violation: { severity: string }) => violation.severity === 'error').length).toBeGreaterThan(0);
  expect(background.error).toContain("VisibilityTimeout: 'soon' is not of type 'integer' (CloudFormation Validate)");

  expect(withoutTraces(background.report)).toEqual(withoutTraces(builtIn.report));
  const withoutReportPath = (message: string) => message.replace(/found in: .*/, '');
  expect(withoutReportPath(background.error)).toBe(withoutReportPath(builtIn.error));
});

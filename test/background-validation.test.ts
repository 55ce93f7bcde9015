import type { Construct } from 'constructs';
import { App, CfnResource, Stack, Stage, Validations } from 'aws-cdk-lib';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BackgroundCloudFormationValidation } from '../lib/validation/background-cloudformation-validation';
import { CDK_JSON_CONTEXT } from './helpers/synth';

/**
 * bin/platform.ts runs CDK's CloudFormation validator on a worker thread. Its findings must be the
 * built-in validator's, reported the same way: both validate the same deliberately broken stacks,
 * one in the app and one in each of two stages (which the background validator, as the app runs it,
 * starts on as each stage is synthesized), in two regions.
 */
function brokenStack(scope: Construct, region: string, timeout: string): void {
  const stack = new Stack(scope, 'Broken', { env: { account: '111111111111', region } });
  // An error (a string where SQS wants a number, a property SQS does not have) and a warning (a hard-coded AZ).
  new CfnResource(stack, 'Queue', { type: 'AWS::SQS::Queue', properties: { VisibilityTimeout: timeout, Colour: 'blue' } });
  new CfnResource(stack, 'Subnet', {
    type: 'AWS::EC2::Subnet',
    properties: { VpcId: 'vpc-12345678', CidrBlock: '10.0.0.0/24', AvailabilityZone: `${region}a` },
  });
}

/** A folder for the background validator's reports, shared by the runs of this file. */
const reportCache = mkdtempSync(join(tmpdir(), 'platform-validation-reports-'));
afterAll(() => rmSync(reportCache, { recursive: true, force: true }));

/** The built-in validator's report of each variant, made once (it builds its engine every time). */
const builtInReports = new Map<string, { error: string; report: any }>();
function builtInReport(timeout = 'soon'): { error: string; report: any } {
  if (!builtInReports.has(timeout)) builtInReports.set(timeout, validationReport('built-in', timeout));
  return builtInReports.get(timeout)!;
}

function validationReport(validator: 'built-in' | 'background', timeout = 'soon'): { error: string; report: any } {
  const app = new App({ context: CDK_JSON_CONTEXT, builtinCloudFormationValidation: validator === 'built-in' });
  const background = validator === 'background' ? new BackgroundCloudFormationValidation({ reportCache, outdir: app.outdir }) : undefined;
  if (background) Validations.of(app).addPlugins(background);
  brokenStack(app, 'eu-west-1', timeout);
  brokenStack(new Stage(app, 'One'), 'eu-west-1', timeout);
  brokenStack(new Stage(app, 'Two'), 'us-east-1', timeout);
  background?.validateStagesAsSynthesized(app);
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

/**
 * The report without stack traces, which name the lines that built the stack, and with each
 * finding's constructs in one order: CDK hands a plugin registered on the app the app's stacks
 * first, and its built-in validator each stage's first.
 */
function comparable(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (key, inner) => {
      if (/stackTraces?$/i.test(key)) return undefined;
      if (key !== 'violatingConstructs') return inner;
      return [...inner].sort((a: { constructPath: string }, b: { constructPath: string }) =>
        a.constructPath.localeCompare(b.constructPath),
      );
    }),
  );
}

test('the background validator finds, reports and fails synthesis exactly as the built-in one', () => {
  const builtIn = builtInReport();
  const background = validationReport('background');

  const [plugin] = background.report.pluginReports;
  expect(plugin).toMatchObject({ pluginName: 'CloudFormation Validate', conclusion: 'failure' });
  expect(plugin.pluginVersion).toMatch(/^\d+\.\d+\.\d+$/);
  const rules = plugin.violations.map((violation: { ruleName: string }) => violation.ruleName);
  expect(rules).toEqual(expect.arrayContaining(['W3010']));
  expect(plugin.violations.filter((violation: { severity: string }) => violation.severity === 'error').length).toBeGreaterThan(0);
  expect(background.error).toContain("VisibilityTimeout: 'soon' is not of type 'integer' (CloudFormation Validate)");
  // A finding of all three stacks is one violation naming the three templates.
  const visibility = plugin.violations.find((violation: { description: string }) => violation.description.includes("'soon'"));
  expect(visibility.violatingConstructs.map((construct: { constructPath: string }) => construct.constructPath).sort()).toEqual([
    'Broken/Queue',
    'One/Broken/Queue',
    'Two/Broken/Queue',
  ]);

  expect(comparable(background.report)).toEqual(comparable(builtIn.report));
  // The same message, line for line (its findings in the order of the report's constructs, above).
  const lines = (message: string) =>
    message
      .replace(/found in: .*/, '')
      .split('\n')
      .sort();
  expect(lines(background.error)).toEqual(lines(builtIn.error));
});

test("a run that finds the templates' reports kept by an earlier run reports exactly the same", () => {
  const builtIn = builtInReport();
  validationReport('background');
  expect(readdirSync(reportCache)).toHaveLength(3); // one per template
  const kept = validationReport('background');
  expect(comparable(kept.report)).toEqual(comparable(builtIn.report));
});

test('a changed template is validated again, never answered from a kept report', () => {
  validationReport('background', 'soon');
  const changed = validationReport('background', 'later');
  expect(changed.error).toContain("VisibilityTimeout: 'later' is not of type 'integer'");
  expect(changed.error).not.toContain("'soon'");
  expect(comparable(changed.report)).toEqual(comparable(builtInReport('later').report));
});

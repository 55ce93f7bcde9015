import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { acknowledgeNagFinding, wildcardResourceFinding } from '../constructs/nag';
import { addNagChecks } from '../lib/platform-app';

function stackWithWildcardPolicy(acknowledge: boolean): App {
  const app = new App({ builtinCloudFormationValidation: false });
  const stack = new Stack(app, 'Probe');
  const policy = new iam.ManagedPolicy(stack, 'Policy', {
    statements: [new iam.PolicyStatement({ actions: ['ec2:DescribeInstances'], resources: ['*'] })],
  });
  if (acknowledge) acknowledgeNagFinding(policy, wildcardResourceFinding('*'), 'DescribeInstances supports no resource-level permissions.');
  addNagChecks(app);
  return app;
}

describe('cdk-nag', () => {
  test('an unacknowledged finding fails synthesis and names the finding', () => {
    expect(() => stackWithWildcardPolicy(false).synth()).toThrow('AwsSolutions-IAM5[Resource::*]');
  });

  test('the same finding, acknowledged on its construct, passes', () => {
    expect(() => stackWithWildcardPolicy(true).synth()).not.toThrow();
  });

  test('acknowledgements must name one finding, not a whole IAM rule', () => {
    const stack = new Stack(new App(), 'Probe');
    expect(() => acknowledgeNagFinding(stack, 'AwsSolutions-IAM5', 'too broad')).toThrow('acknowledge AwsSolutions-IAM5 per finding');
    expect(() => acknowledgeNagFinding(stack, 'IAM5', 'not a finding ID')).toThrow('"IAM5" is not an AwsSolutions finding ID');
  });
});

import { App, CfnWaitConditionHandle, Stack, Stage } from 'aws-cdk-lib';

/**
 * The baseline for `npm run bench`: a CDK app with as many stages and empty stacks as the
 * platform synthesizes (two per environment), and nothing in them but the one property-less
 * resource CloudFormation requires of a template.
 */
const app = new App();
const stages = Number(process.env.BENCH_STAGES ?? 3);
for (let index = 0; index < stages; index++) {
  const stage = new Stage(app, `env${index}`, { env: { account: '111111111111', region: 'eu-west-1' } });
  for (const name of ['Network', 'Cluster']) new CfnWaitConditionHandle(new Stack(stage, name), 'Nothing');
}
app.synth();

/**
 * Context for every CDK App a test builds (CDK merges CDK_CONTEXT_JSON over an App's own
 * context, as it does for the context `cdk synth` passes), none of which changes a template:
 * - no creation stack trace per resource: under jest each costs a source-mapped stack, over a
 *   second per synthesis of an environment;
 * - no construct stack traces in metadata, as `cdk synth` without --debug;
 * - assets referenced in place rather than copied: the two kubectl layers are tens of MB per App.
 * Child processes inherit it harmlessly: `cdk synth` and the review tool set their own.
 */
process.env.CDK_CONTEXT_JSON = JSON.stringify({
  'aws:cdk:disable-creation-stack-traces': true,
  'aws:cdk:disable-stack-trace': true,
  'aws:cdk:disable-asset-staging': true,
});

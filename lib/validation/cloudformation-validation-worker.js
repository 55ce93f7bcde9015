'use strict';
// The worker thread of BackgroundCloudFormationValidation (see background-cloudformation-validation.ts).
// Plain JavaScript: a worker does not inherit the TypeScript loader, and this needs none.
const { workerData } = require('node:worker_threads');

// The validator is a 9 MB WebAssembly module. V8 first runs it with its baseline compiler
// (Liftoff) and recompiles hot functions with its optimizing one (TurboFan) on background threads:
// for a run of a few seconds that recompilation costs more CPU than it saves (measured on two
// cores: 11.7 s of CPU against 6.7 s for building the engine and validating the templates, with
// the same findings), and it competes with the main thread building constructs. The flag is
// process-wide, and nothing else in a synthesis runs WebAssembly; it must precede compilation.
require('node:v8').setFlagsFromString('--liftoff-only');

const { port, answered, awsCdkLib } = workerData;
const { CloudFormationValidatePlugin } = require(awsCdkLib);
const plugin = new CloudFormationValidatePlugin();

// Build the engine now, while the main thread builds constructs. The plugin (re)builds it for the
// resource types of the templates it is given unless they are a subset of those it was built for;
// its extra rules are scoped to resource types, so an engine built for every type gives the same
// findings. `initializeEngine` is internal to aws-cdk-lib: without it, the first validation builds
// the engine (slower, same result), and test/background-validation.test.ts compares the reports.
const EVERY_RESOURCE_TYPE = { has: () => true, [Symbol.iterator]: function* () {} };
if (typeof plugin.initializeEngine === 'function') plugin.initializeEngine(EVERY_RESOURCE_TYPE);

// Templates are validated as each stage is synthesized (`prevalidate`, no answer), while the main
// thread synthesizes the next stage and runs cdk-nag; the validation CDK asks for at the end then
// finds their reports here. The validator is deterministic, so a report is reused only for the
// same template name, content and settings (account, region, excluded rules).
const reports = new Map();
function rememberReports(engine) {
  if (!engine || engine.rememberingReports) return;
  const validateTemplate = engine.validateTemplate.bind(engine);
  engine.validateTemplate = (template, config) => {
    const key = JSON.stringify([template.name, template.content, config]);
    if (!reports.has(key)) reports.set(key, validateTemplate(template, config));
    return reports.get(key);
  };
  engine.rememberingReports = true;
}
rememberReports(plugin.engine);

function validate(request) {
  const report = plugin.validate(request);
  rememberReports(plugin.engine); // where the engine was only built by this first validation
  return report;
}

port.on('message', (message) => {
  if (message.prevalidate) {
    try {
      validate(message.prevalidate);
    } catch {
      // the validation CDK asks for repeats it, and reports the error there
    }
    return;
  }
  let reply;
  try {
    reply = { report: validate(message.validate), version: plugin.version, ruleIds: plugin.ruleIds };
  } catch (error) {
    reply = { error: (error && error.stack) || String(error) };
  }
  port.postMessage(reply);
  Atomics.store(answered, 0, 1);
  Atomics.notify(answered, 0);
});

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

port.on('message', (request) => {
  let reply;
  try {
    reply = { report: plugin.validate(request), version: plugin.version, ruleIds: plugin.ruleIds };
  } catch (error) {
    reply = { error: (error && error.stack) || String(error) };
  }
  port.postMessage(reply);
  Atomics.store(answered, 0, 1);
  Atomics.notify(answered, 0);
});

'use strict';
// The worker thread of BackgroundCloudFormationValidation (see background-cloudformation-validation.ts).
// Plain JavaScript: under jest a worker has no TypeScript loader (jest's transform is not inherited), and this needs none.
const { threadId, workerData } = require('node:worker_threads');

// The validator is a 9 MB WebAssembly module. V8 first runs it with its baseline compiler
// (Liftoff) and recompiles hot functions with its optimizing one (TurboFan) on background threads:
// for a run of a few seconds that recompilation costs more CPU than it saves (measured on two
// cores: 11.7 s of CPU against 6.7 s for building the engine and validating the templates, with
// the same findings), and it competes with the main thread building constructs. The flag is
// process-wide, and nothing else in a synthesis runs WebAssembly; it must precede compilation.
require('node:v8').setFlagsFromString('--liftoff-only');

const { port, answered, awsCdkLib, reportCache } = workerData;
const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { join, relative } = require('node:path');
const { CloudFormationValidatePlugin } = require(awsCdkLib);
const plugin = new CloudFormationValidatePlugin();

// The plugin (re)builds its engine for the resource types of the templates it is given unless they
// are a subset of those it was built for; its extra rules are scoped to resource types, so an engine
// built for every type gives the same findings. Building it compiles every resource schema (about
// three seconds), so it is built only when a template has no report below, when the first stage
// is synthesized. Building it as the worker starts was no faster and cost a second or two more CPU:
// on this 2-vCPU machine the engine took 6.4 s beside a busy main thread against 3.8 s alone.
// `initializeEngine` is internal to aws-cdk-lib; test/background-validation.test.ts compares the
// reports with the built-in validator's.
const EVERY_RESOURCE_TYPE = { has: () => true, [Symbol.iterator]: function* () {} };
const initializeEngine = plugin.initializeEngine.bind(plugin);
let engine;
const builtEngine = () => (engine ??= initializeEngine(EVERY_RESOURCE_TYPE));

// What a report depends on besides the template: the validator, CDK's plugin (its rules and the
// findings it ignores are in `config`), and the settings of the call (account, region).
const VALIDATOR = JSON.stringify([plugin.version, require(join(awsCdkLib, '..', 'package.json')).version]);

// Reports are kept per template, in memory for this run and, with `reportCache`, on disk for the
// next: the validator is deterministic, so a template whose content and settings are unchanged
// gets its report back without the engine being built. Templates are validated as each stage is
// synthesized (`prevalidate`, no answer), while the main thread synthesizes the next stage and runs
// cdk-nag; the validation CDK asks for at the end then finds their reports here.
const reports = new Map();
function cachedReport(template, config, outdir) {
  // Keyed by the path inside the cloud assembly: `cdk synth -o` and the bench write elsewhere each time.
  const name = outdir ? relative(outdir, template.name) : template.name;
  const slot = createHash('sha256')
    .update(JSON.stringify([VALIDATOR, name, config]))
    .digest('hex');
  const content = createHash('sha256').update(template.content).digest('hex');
  const memory = reports.get(slot);
  if (memory && memory.content === content) return memory.report;
  const file = reportCache && join(reportCache, `${slot}.json`);
  const stored = file && readJson(file);
  if (stored && stored.content === content) {
    reports.set(slot, stored);
    return stored.report;
  }
  const entry = { content, report: builtEngine().validateTemplate(template, config) };
  reports.set(slot, entry);
  if (file) writeJson(file, entry);
  return entry.report;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** One file per template and settings, replaced when the template changes, so the cache stays small. */
function writeJson(file, value) {
  try {
    mkdirSync(reportCache, { recursive: true });
    const temporary = `${file}.${process.pid}.${threadId}`; // atomic: a parallel run reads a whole report or none
    writeFileSync(temporary, JSON.stringify(value));
    renameSync(temporary, file);
  } catch {
    // a read-only checkout still validates, only without the cache
  }
}

let outdirOfRequest;
const cachingEngine = { validateTemplate: (template, config) => cachedReport(template, config, outdirOfRequest) };
plugin.initializeEngine = () => cachingEngine;

function validate({ outdir, ...request }) {
  outdirOfRequest = outdir;
  return plugin.validate(request);
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

'use strict';
/**
 * How the app and the tools load TypeScript: `node --require ./tools/register-typescript.js FILE`.
 *
 * The project's .ts files are transpiled by esbuild (tools/typescript-transform.js) and the result
 * kept on disk, one file per source file, reused while the source is unchanged. Libraries in
 * node_modules are plain CommonJS and load as node loads them. Registering `.ts` with node's own
 * loader is enough for `import './x'` to find x.ts, so no resolver is hooked.
 *
 * V8's compiled code for every module, ours and the libraries', is kept too (tools/code-cache.js).
 *
 * Not tsx's hook (`tsx/cjs`, which this replaced): it also resolves every require through its
 * own path rules and checks its cache per file, about half a second of CPU per synthesis here.
 * Plain JavaScript, since it runs before anything can load TypeScript.
 */
const Module = require('node:module');
const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { isMainThread } = require('node:worker_threads');

const CACHE_DIR = join(__dirname, '..', 'node_modules', '.cache', 'platform-typescript');

// The CloudFormation validator's WebAssembly runs on V8's baseline compiler only (see
// lib/validation/cloudformation-validation-worker.js, which sets this too). Set here, before any
// module is compiled, because V8 keys compiled code by its flags: set later in the run, it would
// make the code cache below unusable for the next run.
require('node:v8').setFlagsFromString('--liftoff-only');
// Compiled code of every module, kept between runs (the validator's worker thread only reads templates).
if (isMainThread) require('./code-cache').install(CACHE_DIR);
let transform; // esbuild loads only when a file is not in the cache
let key;

function sha1(...parts) {
  const hash = createHash('sha1');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('hex');
}

function javaScriptOf(filename) {
  const source = readFileSync(filename, 'utf8');
  if (!transform) ({ transformTypeScript: transform, TRANSFORM_KEY: key } = require('./typescript-transform'));
  // One cache entry per source file (named by its path), headed by the hash it was made from.
  const entry = join(CACHE_DIR, `${sha1(filename)}.js`);
  const header = `// ${sha1(key, source)}\n`;
  try {
    const cached = readFileSync(entry, 'utf8');
    if (cached.startsWith(header)) return cached.slice(header.length);
  } catch {
    // not cached yet
  }
  const code = transform(source, filename);
  try {
    mkdirSync(CACHE_DIR, { recursive: true });
    const temporary = `${entry}.${process.pid}`;
    writeFileSync(temporary, header + code);
    renameSync(temporary, entry); // atomic: parallel runs never read half a file
  } catch {
    // a read-only checkout still runs, only without the cache
  }
  return code;
}

Module._extensions['.ts'] = function loadTypeScript(module, filename) {
  module._compile(javaScriptOf(filename), filename);
};
// Stack traces name the .ts lines (the transforms carry inline source maps).
process.setSourceMapsEnabled(true);

'use strict';
/**
 * V8's compiled code for every module a run loads, kept on disk and handed back to V8 on the next
 * run, so that a synthesis does not parse and compile the same megabytes of aws-cdk-lib, cdk8s and
 * the platform again (about a quarter of its CPU: measured 4.3 s against 3.1 s on this machine).
 *
 * Node 22 has this built in (`module.enableCompileCache`); Node 20, which the project supports,
 * does not. Unlike the `v8-compile-cache` package, which keeps what V8 compiled before a module
 * ran, this keeps it after the run (`createCachedData` at exit), so it includes every function
 * the run called. V8 checks each entry against the source and its own version and flags and
 * ignores one that does not match; an entry is also keyed by the source's hash, so an edited file
 * is compiled afresh and its entry replaced.
 *
 * Installed by tools/register-typescript.js on the main thread. Plain JavaScript, loaded first.
 * (Inspired by the `v8-compile-cache` package, whose way of running a module it follows.)
 */
const Module = require('node:module');
const { createHash } = require('node:crypto');
const { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { dirname, join } = require('node:path');
const vm = require('node:vm');

/**
 * The cache file: an index (file -> source hash, offset, length) as JSON, then the entries.
 * One per V8 version, whose cached data no other version can read.
 */
function install(cacheDir) {
  const file = join(cacheDir, `code-cache-${process.arch}-v8-${process.versions.v8}.bin`);
  const previous = readCache(file);
  const compiled = new Map(); // filename -> [source hash, vm.Script]
  const counts = { fromCache: 0, compiled: 0 };
  let changed = false;

  const compileWithNode = Module.prototype._compile;
  Module.prototype._compile = function compileWithCache(content, filename, ...rest) {
    // node reads the source map of a module it compiles itself (for stack traces that name .ts
    // lines), and of no other: modules that carry one (the project's hand-written TypeScript, a
    // few small libraries) are left to it.
    if (content.includes('\n//# sourceMappingURL=')) return compileWithNode.call(this, content, filename, ...rest);
    const module = this;
    const source = content.startsWith('#!') ? `//${content.slice(2)}` : content; // as node strips a shebang
    const hash = createHash('sha1').update(source).digest('base64');
    const entry = previous.index[filename];
    const cachedData = entry && entry[0] === hash ? previous.data.subarray(entry[1], entry[1] + entry[2]) : undefined;
    const script = new vm.Script(Module.wrap(source), {
      filename,
      cachedData,
      importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
    });
    const fromCache = cachedData !== undefined && !script.cachedDataRejected;
    counts[fromCache ? 'fromCache' : 'compiled']++;
    changed ||= !fromCache;
    compiled.set(filename, [hash, script]);
    const wrapper = script.runInThisContext({ displayErrors: true });
    return wrapper.call(module.exports, module.exports, requireFor(module), module, filename, dirname(filename));
  };

  process.once('exit', () => {
    if (changed) writeCache(file, previous, compiled);
  });
  /** How many modules this run took from the cache and how many V8 compiled (for tests). */
  return counts;
}

/** The `require` node gives a module (its makeRequireFunction). */
function requireFor(module) {
  const require = (id) => module.require(id);
  require.resolve = (request, options) => Module._resolveFilename(request, module, false, options);
  require.resolve.paths = (request) => Module._resolveLookupPaths(request, module);
  require.main = process.mainModule;
  require.extensions = Module._extensions;
  require.cache = Module._cache;
  return require;
}

function readCache(file) {
  try {
    const raw = readFileSync(file);
    const indexLength = raw.readUInt32LE(0);
    return { index: JSON.parse(raw.subarray(4, 4 + indexLength).toString('utf8')), data: raw.subarray(4 + indexLength) };
  } catch {
    return { index: {}, data: Buffer.alloc(0) };
  }
}

/** This run's modules, and the previous entries of modules other runs (other tools, cdk-nag) load. */
function writeCache(file, previous, compiled) {
  const index = {};
  const chunks = [];
  let offset = 0;
  const add = (filename, hash, data) => {
    index[filename] = [hash, offset, data.length];
    chunks.push(data);
    offset += data.length;
  };
  for (const [filename, [hash, script]] of compiled) add(filename, hash, script.createCachedData());
  // Entries of files that are gone (the review's temporary checkouts) are dropped, so the cache
  // does not grow without bound.
  for (const [filename, [hash, start, length]] of Object.entries(previous.index))
    if (!compiled.has(filename) && existsSync(filename)) add(filename, hash, previous.data.subarray(start, start + length));
  try {
    const indexBytes = Buffer.from(JSON.stringify(index), 'utf8');
    const header = Buffer.alloc(4);
    header.writeUInt32LE(indexBytes.length);
    mkdirSync(dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}`;
    writeFileSync(temporary, Buffer.concat([header, indexBytes, ...chunks]));
    renameSync(temporary, file); // atomic: a parallel run reads the old cache or this one, never half
  } catch {
    // a read-only checkout still runs, only without the cache
  }
}

module.exports = { install };

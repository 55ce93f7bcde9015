'use strict';
/**
 * Jest's TypeScript transform: the same esbuild transform the app and the tools run under
 * (tools/typescript-transform.js), so tests load the code exactly as `cdk synth` does. ts-jest,
 * through TypeScript's own emitter, took over ten seconds of a cold run on the generated CRD
 * types alone (a megabyte of charts/imports); esbuild takes a fraction of one.
 * Plain JavaScript, since jest loads transformers with `require`.
 */
const { createHash } = require('node:crypto');
const { transformTypeScript, TRANSFORM_KEY } = require('../../tools/typescript-transform');

module.exports = {
  process(source, path) {
    return { code: transformTypeScript(source, path) };
  },
  getCacheKey(source, path) {
    return createHash('sha256').update(TRANSFORM_KEY).update(path).update('\0').update(source).digest('hex');
  },
};

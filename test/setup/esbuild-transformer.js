'use strict';
/**
 * Jest's TypeScript transform: esbuild, the transpiler `tsx` runs the app and tools with, so tests
 * load the code exactly as `cdk synth` does. Transpile only (`npm run typecheck` type-checks the
 * whole tree once). ts-jest, through TypeScript's own emitter, took over ten seconds of a cold
 * run on the generated CRD types alone (a megabyte of charts/imports); esbuild takes a fraction of one.
 * Plain JavaScript, since jest loads transformers with `require`.
 */
const { transformSync, version } = require('esbuild');
const { createHash } = require('node:crypto');

const OPTIONS = {
  loader: 'ts',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'inline',
  // As tsconfig.json: ES2022 class fields, esModuleInterop.
  tsconfigRaw: { compilerOptions: { target: 'ES2022', esModuleInterop: true } },
};

module.exports = {
  process(source, path) {
    const { code } = transformSync(source, { ...OPTIONS, sourcefile: path });
    return { code };
  },
  getCacheKey(source, path) {
    return createHash('sha256').update(version).update(JSON.stringify(OPTIONS)).update(path).update('\0').update(source).digest('hex');
  },
};

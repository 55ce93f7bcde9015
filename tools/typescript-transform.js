'use strict';
/**
 * How the project's TypeScript becomes JavaScript, wherever it runs: esbuild, transpile only
 * (`npm run typecheck` type-checks the whole tree once). Shared by the hook the app and the tools
 * run under (tools/register-typescript.js) and jest's transform (test/setup/esbuild-transformer.js),
 * so tests load the code exactly as `cdk synth` does. Plain JavaScript: it runs before anything
 * can load TypeScript.
 */
const { transformSync, version } = require('esbuild');

const OPTIONS = {
  loader: 'ts',
  format: 'cjs',
  target: 'node20',
  // Stack traces (errors, and the creation traces CDK attaches to validation findings) name .ts lines.
  sourcemap: 'inline',
  sourcesContent: false,
  // As tsconfig.json: ES2022 class fields, esModuleInterop.
  tsconfigRaw: { compilerOptions: { target: 'ES2022', esModuleInterop: true } },
};

/** What a transform depends on besides the file: esbuild's version and the options. */
const TRANSFORM_KEY = `${version}\0${JSON.stringify(OPTIONS)}`;

/** The JavaScript of one TypeScript file. */
function transformTypeScript(source, filename) {
  return transformSync(source, { ...OPTIONS, sourcefile: filename }).code;
}

module.exports = { transformTypeScript, TRANSFORM_KEY };

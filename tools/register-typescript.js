'use strict';
/**
 * How the app and the tools load TypeScript: `node --require ./tools/register-typescript.js FILE`.
 *
 * tsx's CommonJS hook (esbuild, its transforms cached on disk) for the project's own files; the
 * libraries in node_modules, plain CommonJS, load as node loads them. tsx's hook also reads and
 * scans every .js file a require reaches for ES module syntax: aws-cdk-lib and cdk-nag alone are
 * over a thousand files (QuickSight's is 5 MB), a sixth of a synthesis spent finding nothing.
 * Plain JavaScript, since it runs before anything can load TypeScript.
 */
const Module = require('node:module');

const loadJavaScript = Module._extensions['.js'];
require('tsx/cjs');
const loadWithTsx = Module._extensions['.js'];
Module._extensions['.js'] = function (module, filename) {
  return (filename.includes('/node_modules/') ? loadJavaScript : loadWithTsx).call(this, module, filename);
};

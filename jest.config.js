/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Transpile only, with esbuild (see the transformer): `npm run typecheck` type-checks the whole tree once.
  transform: { '^.+\\.ts$': '<rootDir>/test/setup/esbuild-transformer.js' },
  // V8's own coverage (`jest --coverage`): the esbuild transform does not instrument the code.
  coverageProvider: 'v8',
  // Synthesis and Helm leave temporary folders behind; each run gets one root, removed at the end.
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
  setupFiles: ['<rootDir>/test/setup/synthesis-context.ts'],
  // The longest files first, also on a cold run (see the sequencer).
  testSequencer: '<rootDir>/test/setup/test-sequencer.js',
  // Every core: jest's default leaves one for itself, which on a 2-core CI machine runs the suite in one process.
  maxWorkers: '100%',
  snapshotFormat: { escapeString: false, printBasicPrototype: false },
};

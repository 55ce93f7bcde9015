/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Transpile only: `npm run typecheck` type-checks the whole tree once, so jest need not.
  transform: { '^.+\\.ts$': 'ts-jest' },
  // Synthesis and Helm leave temporary folders behind; each run gets one root, removed at the end.
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
  snapshotFormat: { escapeString: false, printBasicPrototype: false },
};

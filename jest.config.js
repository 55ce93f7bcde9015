/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Transpile only: `npm run typecheck` type-checks the whole tree once, so jest need not.
  transform: { '^.+\\.ts$': 'ts-jest' },
  snapshotFormat: { escapeString: false, printBasicPrototype: false },
};

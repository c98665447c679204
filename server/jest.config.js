/** @type {import('jest').Config} */
const shared = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  moduleNameMapper: { '^@keyhold/shared$': '<rootDir>/../shared/src/index.ts' },
  setupFiles: ['reflect-metadata'],
};

module.exports = {
  // Jest reads testTimeout from the global config, not from a project's: set here, the
  // integration tests (which start servers and hash passwords on a shared machine) get their 30 s.
  testTimeout: 30000,
  projects: [
    { ...shared, displayName: 'unit', roots: ['<rootDir>/test/unit'] },
    {
      ...shared,
      displayName: 'integration',
      roots: ['<rootDir>/test/integration'],
      testTimeout: 30000,
    },
  ],
};

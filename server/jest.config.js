/** @type {import('jest').Config} */
const shared = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  moduleNameMapper: { '^@keyhold/shared$': '<rootDir>/../shared/src/index.ts' },
  setupFiles: ['reflect-metadata'],
};

module.exports = {
  // Jest reads testTimeout only here, never inside a `projects` entry.
  testTimeout: 30_000,
  projects: [
    { ...shared, displayName: 'unit', roots: ['<rootDir>/test/unit'] },
    {
      ...shared,
      displayName: 'integration',
      roots: ['<rootDir>/test/integration'],
    },
  ],
};

/** @type {import('jest').Config} */
const shared = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  moduleNameMapper: { '^@keyhold/shared$': '<rootDir>/../shared/src/index.ts' },
  setupFiles: ['reflect-metadata'],
};

module.exports = {
  projects: [
    { ...shared, displayName: 'unit', roots: ['<rootDir>/test/unit'] },
    {
      ...shared,
      displayName: 'integration',
      roots: ['<rootDir>/test/integration'],
    },
  ],
  // Global: Jest ignores testTimeout inside a `projects` entry. Integration tests start servers
  // and hash passwords on a shared 2-core machine; 5 s (the default) is not enough there.
  testTimeout: 30000,
};

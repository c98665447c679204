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
  // Jest's default on a 2-core machine is one worker, which runs the files one after another
  // while most of their time is spent waiting on sockets, child processes and databases. Two
  // workers overlap those waits; each file still has its own app and database.
  maxWorkers: 2,
  projects: [
    { ...shared, displayName: 'unit', roots: ['<rootDir>/test/unit'] },
    {
      ...shared,
      displayName: 'integration',
      roots: ['<rootDir>/test/integration'],
    },
  ],
};

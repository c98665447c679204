const { availableParallelism } = require('node:os');

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
  // Jest's default is one worker less than the cores: one on a 2-core machine, so every file
  // waited for the one before. The integration files spend most of their time waiting on I/O
  // (the database, child processes, HTTP), so three files run at once even on 2 cores: on
  // this 2-core machine the SQLite suite went from 149 s to 75 s, the MariaDB one to 110 s.
  maxWorkers: Math.max(3, availableParallelism()),
  projects: [
    { ...shared, displayName: 'unit', roots: ['<rootDir>/test/unit'] },
    {
      ...shared,
      displayName: 'integration',
      roots: ['<rootDir>/test/integration'],
    },
  ],
};

/** Unit tests: pages and components in jsdom with Apollo's MockedProvider. */
module.exports = {
  testEnvironment: 'jsdom',
  testTimeout: 30_000,
  roots: ['<rootDir>/src'],
  setupFiles: ['<rootDir>/test/polyfills.ts'],
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
  transform: {
    '^.+\\.(t|j)sx?$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', tsx: true },
          transform: { react: { runtime: 'automatic' } },
        },
      },
    ],
  },
  moduleNameMapper: {
    '\\.css$': '<rootDir>/test/style-stub.js',
    // shared/dist is a build output; test against the source like Vite does.
    '^@keyhold/shared$': '<rootDir>/../shared/src/index.ts',
  },
  testEnvironmentOptions: { customExportConditions: [''] },
};

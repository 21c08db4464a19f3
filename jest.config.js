// Jest runs the TypeScript sources directly through @swc/jest as native ESM (see ../shared/TOOLCHAIN.md).
export const swcTransform = {
  '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'es6' }, sourceMaps: 'inline' }],
};

export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: swcTransform,
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testMatch: ['<rootDir>/tests/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '\\.browser\\.test\\.ts$'],
  maxWorkers: 2,
  testTimeout: 60000,
  // Parses ../shared/corpus once per run for every suite that reads it (tests/helpers/corpus.ts says how).
  globalSetup: '<rootDir>/tests/helpers/global-setup.js',
};

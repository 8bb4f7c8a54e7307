// jest 30 in its default CommonJS mode, loading conductor-testkit the way a user's jest does:
// `conductor-testkit` and `conductor-testkit/jest` resolve through package.json "exports"
// (package self-reference, "require" condition) to the built dist/cjs, so run `npm run build`
// first (`npm run test:jest` does). Test files are TypeScript, compiled by @swc/jest
// (docs/decisions/jest.md). vitest never sees these files: examples/jest is excluded in
// vitest.config.ts and *.jest.ts does not match its include pattern.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/examples/jest', '<rootDir>/test/matchers'],
  testMatch: ['<rootDir>/examples/jest/**/*.test.ts', '<rootDir>/test/matchers/**/*.jest.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  // Nothing else: this is what a user's jest config needs. The package itself is never mapped to
  // src/: the build is what is under test here.
  testTimeout: 30000,
};

import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    // Examples import the package by name (STYLE 7.7); tests run against the sources.
    alias: [
      { find: /^conductor-testkit\/vitest$/, replacement: here('./matchers/vitest.ts') },
      { find: /^conductor-testkit\/jest$/, replacement: here('./matchers/jest.ts') },
      { find: /^conductor-testkit$/, replacement: here('./src/index.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts', 'examples/**/*.test.ts'],
    exclude: ['examples/jest/**', 'node_modules/**'],
    testTimeout: 30_000,
  },
});

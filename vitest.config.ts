import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (pkg: string): string => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

// Tests run the TypeScript sources directly: no build step before `pnpm test`.
export default defineConfig({
  resolve: {
    alias: {
      '@kubesim/core': src('core'),
      '@kubesim/controllers': src('controllers'),
      '@kubesim/scenarios': src('scenarios'),
      '@kubesim/cli': src('cli'),
    },
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'bench/src/**/*.test.ts'],
    testTimeout: 60_000,
    setupFiles: ['./vitest.setup.ts'],
  },
});

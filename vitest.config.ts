import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (pkg: string, entry = 'index'): string =>
  fileURLToPath(new URL(`./packages/${pkg}/src/${entry}.ts`, import.meta.url));

// Tests run the TypeScript sources directly: no build step before `pnpm test`.
export default defineConfig({
  resolve: {
    // Exact names: a prefix alias would turn `@kubesim/scenarios/verify` into a path under index.ts.
    alias: [
      { find: /^@kubesim\/core$/, replacement: src('core') },
      { find: /^@kubesim\/controllers$/, replacement: src('controllers') },
      { find: /^@kubesim\/scenarios$/, replacement: src('scenarios') },
      { find: /^@kubesim\/scenarios\/verify$/, replacement: src('scenarios', 'verify/index') },
      { find: /^@kubesim\/cli$/, replacement: src('cli') },
    ],
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'bench/src/**/*.test.ts'],
    testTimeout: 60_000,
    setupFiles: ['./vitest.setup.ts'],
  },
});

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { runExample } from './browser/example.js';

/**
 * @kubesim/core and @kubesim/controllers in a browser: an example bundled by esbuild for the
 * browser platform (where a `node:` import cannot resolve and fails the build), then run in
 * headless Chromium, where it must produce the log and state hashes it produces in Node.
 */

const dir = fileURLToPath(new URL('./browser/', import.meta.url));
const CHROMIUM = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
  (p): p is string => p !== undefined && existsSync(p),
);

async function bundle(): Promise<string> {
  const out = await build({
    stdin: {
      contents: "import { runExample } from './example.ts';\nglobalThis.kubesimResult = runExample();\n",
      resolveDir: dir,
      loader: 'ts',
    },
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    conditions: ['source'], // the workspace's TypeScript sources, as the tests use them
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = Object.keys(out.metafile.inputs);
  expect(inputs.filter((f) => f.startsWith('node:'))).toEqual([]);
  expect(inputs.some((f) => f.includes('packages/core/src/'))).toBe(true);
  expect(inputs.some((f) => f.includes('packages/controllers/src/'))).toBe(true);
  return out.outputFiles[0]?.text ?? '';
}

describe('browser bundle', () => {
  it('core and controllers bundle for platform=browser with no node: import', async () => {
    const code = await bundle();
    expect(code).not.toMatch(/["']node:[a-z]/);
    expect(code).not.toMatch(/\brequire\(["'](crypto|fs|path|os)["']\)/);
  });

  it.skipIf(CHROMIUM === undefined)(
    `the bundle runs in headless Chromium with the hashes it has in Node${CHROMIUM === undefined ? ' (skipped: no chromium binary; apt-get install chromium, or set CHROMIUM_PATH)' : ''}`,
    async () => {
      const code = await bundle();
      const { chromium } = await import('playwright-core');
      const browser = await chromium.launch({ executablePath: CHROMIUM as string, args: ['--no-sandbox'] });
      try {
        const page = await browser.newPage();
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(String(e)));
        await page.setContent('<!doctype html><title>kubesim</title>');
        await page.addScriptTag({ content: code, type: 'module' });
        await page.waitForFunction(() => 'kubesimResult' in globalThis, undefined, { timeout: 30_000 });
        const inBrowser = await page.evaluate(() => (globalThis as { kubesimResult?: unknown }).kubesimResult);
        expect(errors).toEqual([]);
        expect(inBrowser).toEqual(runExample());
      } finally {
        await browser.close();
      }
    },
  );
});

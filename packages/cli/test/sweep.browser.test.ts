import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mainAsync } from '../src/index.js';
import { io } from './capture.js';
import { removeFolders } from './helpers.js';
import { chromiumPath } from './reportHelpers.js';
import { GRID, rolloutFolder } from './sweepHelpers.js';

/**
 * `kubesim sweep --report` as a person sees it, in headless Chromium: a box per combination in
 * each metric's chart, the summary table, nothing fetched, and a parameter value holding markup
 * shown as text, never run. The screenshot goes to test/screenshots/ (gitignored).
 */
const CHROMIUM = chromiumPath();
if (CHROMIUM === undefined)
  console.warn('sweep.browser.test.ts: skipped, no Chromium (set CHROMIUM, or apt-get install chromium)');

let browser: Browser;
afterAll(async () => {
  await browser?.close();
  removeFolders();
});

describe.skipIf(CHROMIUM === undefined)('the sweep report in Chromium', () => {
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM as string, args: ['--no-sandbox'] });
  });

  it('draws each metric as a box per combination, fetches nothing, runs no injected markup', async () => {
    const dir = rolloutFolder();
    const evil = '<script>window.__pwned=1</script><img src="https://example.com/x.png" onerror="window.__pwned=2">';
    const c = io(dir);
    const code = await mainAsync(
      [
        'sweep',
        'rollout.yaml',
        ...GRID,
        '--param',
        `Deployment/nginx-deployment:metadata.annotations.note=${evil}`,
        '--jobs',
        '1',
        '--report',
        'sweep.html',
      ],
      c,
    );
    expect(c.err).toBe('');
    expect(code).toBe(0);
    const html = readFileSync(join(dir, 'sweep.html'), 'utf8');
    const tmp = mkdtempSync(join(tmpdir(), 'kubesim-sweep-report-'));
    writeFileSync(join(tmp, 'sweep.html'), html);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const requests: string[] = [];
    await page.route('**/*', async (route) => {
      const url = route.request().url();
      if (url.startsWith('file:') && url.endsWith('.html')) return route.continue();
      requests.push(url);
      return route.abort();
    });
    await page.goto(`file://${join(tmp, 'sweep.html')}`, { waitUntil: 'load' });
    // Five metrics, each a chart with a box for each of the 4 combinations.
    const charts = await page.$$eval('#distributions figure.chart', (figs) =>
      figs.map((f) => ({
        metric: f.getAttribute('data-metric'),
        boxes: Number(f.getAttribute('data-boxes')),
        width: f.querySelector('svg')?.getBoundingClientRect().width ?? 0,
        paths: f.querySelectorAll('svg path').length,
      })),
    );
    expect(charts.map((ch) => ch.metric)).toEqual(['rolloutMs', 'minAvailability', 'unavailableMs', 'peakPods', 'writes']);
    for (const ch of charts) {
      expect(ch.boxes).toBe(4);
      expect(ch.width).toBeGreaterThan(300);
      expect(ch.paths).toBeGreaterThanOrEqual(4);
    }
    expect(await page.locator('#summary tbody tr').count()).toBe(4);
    expect(await page.locator('#summary tbody tr').first().locator('td').first().textContent()).toBe('1');
    // The markup is a value in the table, as text.
    expect(await page.locator('#summary').textContent()).toContain(evil);
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    expect(await page.locator('script').count()).toBe(0);
    expect(requests).toEqual([]);
    expect(await page.locator('#violations').textContent()).toContain('Every invariant held in every run.');
    const shots = join(import.meta.dirname, 'screenshots');
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: join(shots, 'sweep-report.png'), fullPage: true });
    await page.close();
  }, 120_000);
});

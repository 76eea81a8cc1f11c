import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { htmlReport, MAX_POD_ROWS, type RunSeries, SeriesRecorder } from '@kubesim/scenarios';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/index.js';
import { chromiumPath, exampleScenarios, io } from './reportHelpers.js';

/**
 * The HTML report as a person sees it: each example's report opened in headless Chromium,
 * counted (charts drawn, one timeline row per pod, one table row per event), filtered,
 * screenshotted (packages/cli/test/screenshots/, gitignored), with every request the page
 * tries failed and recorded (there must be none).
 */
const CHROMIUM = chromiumPath();
const SHOTS = join(import.meta.dirname, 'screenshots');
if (CHROMIUM === undefined) {
  console.warn('report.browser.test.ts: skipped, no Chromium (set CHROMIUM, or apt-get install chromium)');
}

let browser: Browser;
let dir: string;
let pages = 0;

/** Opens an HTML file as a page whose every request fails and is recorded. */
async function open(html: string): Promise<{ page: Page; requests: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const requests: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith('file:')) requests.push(r.url());
  });
  await page.route('**/*', async (route) => {
    const url = route.request().url();
    if (url.startsWith('file:') && url.endsWith('.html')) return route.continue();
    requests.push(url);
    return route.abort();
  });
  const file = join(dir, `page-${++pages}.html`);
  writeFileSync(file, html);
  await page.goto(`file://${file}`, { waitUntil: 'load' });
  return { page, requests };
}

describe.skipIf(CHROMIUM === undefined)('the HTML report in Chromium', () => {
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM as string, args: ['--no-sandbox'] });
    dir = mkdtempSync(join(tmpdir(), 'kubesim-report-'));
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  for (const path of exampleScenarios()) {
    it(`${path}: charts, one row per pod, the events, no request`, async () => {
      const out = join(dir, `${basename(path, '.yaml')}.html`);
      const c = io();
      main(['run', path, '--json', '--report', out], c);
      const json = JSON.parse(c.out) as { series: RunSeries; invariants: unknown[] };
      const s = json.series;
      const { page, requests } = await open(readFileSync(out, 'utf8'));
      // A chart per workload, each an SVG with a drawn line; the nodes' pod counts.
      const workloadCharts = await page.locator('#workloads figure.chart > svg').count();
      expect(workloadCharts).toBe(s.workloads.length);
      const nodeCharts = await page.locator('#nodes figure.chart > svg').count();
      expect(nodeCharts).toBeGreaterThanOrEqual(s.nodes.length > 0 ? 1 : 0);
      const drawn = await page.$$eval('figure.chart > svg', (svgs) =>
        svgs.map((svg) => ({
          width: svg.getBoundingClientRect().width,
          paths: svg.querySelectorAll('path').length,
          texts: svg.querySelectorAll('text').length,
        })),
      );
      for (const d of drawn) {
        expect(d.width).toBeGreaterThan(300);
        expect(d.paths).toBeGreaterThan(3);
        expect(d.texts).toBeGreaterThan(3);
      }
      // The pod timeline: one row per pod, one bar per status it showed.
      expect(await page.locator('.pt-row').count()).toBe(Math.min(s.pods.length, MAX_POD_ROWS));
      expect(await page.locator('.pt-row rect').count()).toBe(s.pods.reduce((n, p) => n + p.spans.length, 0));
      // The events table and its filter.
      expect(await page.locator('#events tbody tr').count()).toBe(s.events.length);
      if (s.events.length > 0) {
        await page.selectOption('#f-type', 'Warning');
        expect(await page.locator('#events tbody tr:visible').count()).toBe(s.events.filter((e) => e.type === 'Warning').length);
        await page.selectOption('#f-type', '');
      }
      expect(await page.locator('.invariant').count()).toBe(json.invariants.length);
      await page.screenshot({
        path: join(
          SHOTS,
          `${path
            .replace(/^examples\//, '')
            .replace(/\//g, '__')
            .replace(/\.yaml$/, '')}.png`,
        ),
        fullPage: true,
      });
      expect(requests).toEqual([]);
      await page.close();
    });
  }

  it('renders a <script> in a name, a message or the title as text, and never runs it', async () => {
    const evil = `<script>window.__pwned = 1</script><img src="https://example.com/x.png" onerror="window.__pwned = 2">`;
    const r = new SeriesRecorder();
    r.observe(
      {
        seq: 1,
        time: 1000,
        by: 'user',
        event: {
          type: 'RecordEvent',
          involved: { kind: 'Pod', name: evil, uid: 'u' },
          eventType: 'Warning',
          reason: evil,
          message: evil,
          component: evil,
        },
      },
      [
        {
          kind: 'Pod',
          key: `default/${evil}`,
          new: {
            apiVersion: 'v1',
            kind: 'Pod',
            metadata: { name: evil, namespace: 'default', uid: 'u', labels: { app: evil } },
            spec: { containers: [], nodeName: evil },
          },
        },
      ],
    );
    const { page, requests } = await open(htmlReport({ title: evil, series: r.series(5000) }));
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    expect(await page.locator('.pt-row .pt-name').first().textContent()).toBe(evil);
    expect(await page.locator('#events tbody td').nth(3).textContent()).toBe(`Pod/${evil}`);
    expect(await page.title()).toBe(`kubesim: ${evil}`);
    expect(await page.locator('script').count()).toBe(1);
    expect(requests).toEqual([]);
    expect(dialogs).toEqual([]);
    await page.close();
  });

  it('caps the pod timeline for thousands of pods, with a note, and zooms', async () => {
    const r = new SeriesRecorder();
    const n = MAX_POD_ROWS + 500;
    for (let i = 0; i < n; i++) {
      const pod = {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `p-${i}`, namespace: 'default', uid: `u${i}` },
        spec: { containers: [] },
        status: { phase: 'Pending' },
      };
      r.observe({ seq: i + 1, time: i, by: 'user', event: { type: 'Create', object: pod as never } }, [
        { kind: 'Pod', key: `default/p-${i}`, new: pod as never },
      ]);
    }
    const { page } = await open(htmlReport({ title: 'many pods', series: r.series(60_000) }));
    expect(await page.locator('.pt-row').count()).toBe(MAX_POD_ROWS);
    expect(await page.locator('#pods .note').textContent()).toContain(`first ${MAX_POD_ROWS} of ${n} pods`);
    const width = (): Promise<number> =>
      page
        .locator('.pt-row .pt-bar')
        .first()
        .evaluate((e) => e.getBoundingClientRect().width);
    const before = await width();
    await page.click('[data-zoom="in"]');
    await page.click('[data-zoom="in"]');
    expect(await width()).toBeGreaterThan(before * 3.5);
    expect(await page.locator('.zoom-level').textContent()).toBe('4×');
    await page.close();
  });
});

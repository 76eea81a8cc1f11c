import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exitCodeOf, formatReport, runScenario } from '../src/index.js';
import { EXAMPLE_SCENARIOS, loadExample } from './examples.js';

/**
 * The report of every example, compared with its golden copy in test/golden. The goldens were
 * read line by line against the seeds' kubectl sessions; a change to them is a change to what
 * users see. `UPDATE_GOLDEN=1 pnpm test` rewrites them (then read the diff).
 */
const GOLDEN = join(import.meta.dirname, 'golden');
const update = process.env.UPDATE_GOLDEN === '1';

describe('example scenarios', () => {
  for (const path of EXAMPLE_SCENARIOS) {
    it(`${path} prints its golden report and every invariant holds`, () => {
      const report = runScenario(loadExample(path));
      const text = formatReport(report);
      const golden = join(GOLDEN, `${path.replace(/\//g, '__').replace(/\.yaml$/, '')}.txt`);
      if (update) writeFileSync(golden, text);
      expect(existsSync(golden), `${golden} is missing: run UPDATE_GOLDEN=1 pnpm test and read it`).toBe(true);
      expect(text).toBe(readFileSync(golden, 'utf8'));
      expect(report.invariants.filter((i) => !i.holds)).toEqual([]);
      expect(exitCodeOf(report)).toBe(0);
    });
  }
});

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario, runScenario } from '../src/index.js';

/**
 * Counterexamples the generated scenarios found (`kubesim check`, the verify toolkit), shrunk
 * and kept: each was a false alarm or a bug, and every invariant holds on it now.
 */
const DIR = join(import.meta.dirname, 'regressions');
const NO_FILES = {
  readFile: (name: string): string => {
    throw new Error(`no file ${name}`);
  },
};

describe('regressions found by kubesim check', () => {
  for (const file of readdirSync(DIR).filter((f) => f.endsWith('.yaml'))) {
    it(file, () => {
      const report = runScenario(loadScenario(readFileSync(join(DIR, file), 'utf8'), file, NO_FILES));
      const broken = report.invariants.filter((i) => !i.holds).map((i) => `${i.name}: ${i.violations[0]?.message}`);
      expect(broken).toEqual([]);
      expect(report.invariants.length).toBeGreaterThan(0);
    });
  }
});

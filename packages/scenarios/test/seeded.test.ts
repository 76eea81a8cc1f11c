import { defaultControllers } from '@kubesim/controllers';
import { describe, expect, it } from 'vitest';
import { checkScenarios, runDocument, scenarioDocumentArb } from '../src/verify/index.js';
import { SEEDED_BUGS } from './seeded/catalogue.js';

/** Many whole runs each: room for a loaded CI machine (the default is 60 s). */
const SLOW = 180_000;

/**
 * Seeded bugs (issue 13) against the generators alone: over kubesim's own random scenarios
 * (every workload kind, actions and faults: scenarioDocumentArb with its defaults),
 * checkScenarios finds each controller variant's bug within its default budget of 100 runs
 * and shrinks it to a scenario of at most three steps, which reproduces (the same log hash).
 */
const SEED = 5;
/**
 * A handful: the shrunk schedule after the workloads are applied at 0s, the steps that heal
 * the cluster included (with seed 5: 1, 0, 3, 0, 0 and 0 steps, found in runs 27, 4, 12, 6, 16
 * and 8).
 */
const MAX_STEPS = 3;

describe('seeded bugs are found by the generated scenarios and shrunk', () => {
  for (const bug of SEEDED_BUGS) {
    it(
      `${bug.module}: ${bug.invariant}`,
      () => {
        const controllers = [bug.variant(defaultControllers())];
        const result = checkScenarios(scenarioDocumentArb(), { seed: SEED, controllers });
        expect(result.ok).toBe(false);
        expect(result.runs).toBeLessThanOrEqual(100);
        const ce = result.counterexample;
        if (ce === undefined) throw new Error('no counterexample');
        expect(ce.failure).toContain(`${bug.invariant} violated`);
        expect(ce.document.steps?.length ?? 0).toBeLessThanOrEqual(MAX_STEPS);
        // It reproduces with the variant, and kubesim's own controller keeps the invariant.
        expect(runDocument(ce.document, undefined, undefined, controllers).logHash).toBe(ce.report.logHash);
        const real = runDocument(ce.document);
        expect(real.invariants.find((i) => i.name === bug.invariant)?.holds).toBe(true);
      },
      SLOW,
    );
  }
});

describe('maxShrinks bounds the shrinking', () => {
  it(
    'with none allowed, the counterexample is the first failing document, unshrunk',
    () => {
      const bug = SEEDED_BUGS[0];
      if (bug === undefined) throw new Error('no seeded bug');
      const controllers = [bug.variant(defaultControllers())];
      const runs: number[] = [];
      const bounded = checkScenarios(scenarioDocumentArb(), {
        seed: SEED,
        controllers,
        maxShrinks: 0,
        minimize: false,
        onRun: (n) => runs.push(n),
      });
      expect(bounded.ok).toBe(false);
      expect(bounded.shrinks).toBe(0);
      // No run after the failing one, bar the rerun that builds the counterexample's report.
      expect(runs.at(-1)).toBe(bounded.runs);
      expect(bounded.counterexample?.failure).toContain(`${bug.invariant} violated`);
    },
    SLOW,
  );
});

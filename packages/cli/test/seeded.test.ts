import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modulePath, SEEDED_BUGS } from '../../scenarios/test/seeded/catalogue.js';
import { main } from '../src/index.js';
import { io } from './capture.js';

/** Many whole runs each: room for a loaded CI machine (the default is 60 s). */
const SLOW = 180_000;

/**
 * Seeded bugs (issue 13): each controller variant with one deliberate bug, loaded with
 * `--controllers`, is caught by `kubesim check` within its default budget (no --runs), shrunk
 * to a scenario of a handful of steps, and the counterexample it writes reproduces with
 * `kubesim run --controllers` (the same log hash).
 */
describe('kubesim check --controllers: seeded bugs are caught and shrunk', () => {
  for (const bug of SEEDED_BUGS) {
    it(
      `${bug.module}: ${bug.invariant}`,
      () => {
        const dir = mkdtempSync(join(tmpdir(), 'kubesim-seeded-'));
        writeFileSync(join(dir, 'workload.yaml'), bug.manifest);
        writeFileSync(join(dir, 'bug.yaml'), bug.scenario);
        const c = io(dir);
        const module = modulePath(bug);
        expect(main(['check', 'bug.yaml', '--seed', '7', '--controllers', module], c), c.err).toBe(1);
        expect(c.out).toContain(`${bug.invariant} violated`);
        expect(c.out).toContain(`reproduce with: kubesim run --controllers ${module} bug.counterexample.yaml`);
        const written = readFileSync(join(dir, 'bug.counterexample.yaml'), 'utf8');
        // Shrunk to the scenario's own steps: every fault it tried is gone.
        expect(written.match(/^ *- at: /gm)).toHaveLength(bug.scenario.split('at: ').length - 1);
        const hash = /log hash ([0-9a-f]{64})/.exec(written)?.[1];
        const again = io(dir);
        expect(main(['run', 'bug.counterexample.yaml', '--json', '--controllers', module], again)).toBe(1);
        expect(JSON.parse(again.out).logHash).toBe(hash);
        // With kubesim's own controllers the same scenario holds.
        const plain = io(dir);
        expect(main(['run', 'bug.counterexample.yaml', '--quiet'], plain), plain.out).toBe(0);
      },
      SLOW,
    );
  }
});

import { controllerOf, isPodActive, type Job, type Pod } from '@kubesim/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cluster, FIXED } from './helpers.js';

/**
 * Job completion counts under random pod failures: pods exit 0 or 1 as drawn per run; the Job
 * must end Complete with exactly spec.completions successes (never more, the controller starts
 * no more pods than completions left), or Failed with BackoffLimitExceeded once failures pass
 * backoffLimit; its status counts match its pods, no pod keeps the tracking finalizer, and it
 * never runs more than parallelism active pods at once.
 */
function job(completions: number, parallelism: number, backoffLimit: number): Job {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'work' },
    spec: {
      completions,
      parallelism,
      backoffLimit,
      template: { spec: { containers: [{ name: 'w', image: 'worker:1' }], restartPolicy: 'Never' } },
    },
  };
}

describe('Job under random pod failures', () => {
  it('ends Complete with exactly completions successes or Failed past backoffLimit, with counts that match its pods', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 0, max: 3 }),
        (seed, completions, parallelism, backoffLimit, failWeight) => {
          const sim = cluster({
            seed,
            nodes: ['n0', 'n1'],
            objects: [job(completions, parallelism, backoffLimit)],
            imageProfiles: [
              {
                match: 'worker:*',
                profile: {
                  pull: { kind: 'fixed', value: 500 },
                  runFor: { kind: 'uniform', min: 2000, max: 8000 },
                  exitCodes: [
                    { code: 0, weight: 3 },
                    { code: 1, weight: failWeight },
                  ],
                },
              },
              FIXED,
            ],
          });
          let violation: string | undefined;
          sim.engine.onEntry((entry, _changes, state) => {
            if (violation !== undefined) return;
            const j = state.store.objects.Job.get('default/work');
            if (j === undefined) return;
            let active = 0;
            for (const p of state.store.objects.Pod.values())
              if (controllerOf(p)?.uid === j.metadata.uid && isPodActive(p)) active++;
            if (active > parallelism) violation = `at ${entry.time}ms ${active} active pods with parallelism ${parallelism}`;
          });
          sim.run('40m');
          expect(violation).toBeUndefined();
          const j = sim.get('Job', 'work') as Job;
          const s = j.status ?? {};
          const pods = sim.list('Pod').filter((p: Pod) => controllerOf(p)?.uid === j.metadata.uid);
          const done = (s.conditions ?? []).filter((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
          expect(done).toHaveLength(1);
          expect(s.active ?? 0).toBe(0);
          expect(s.terminating).toBe(0);
          expect(s.uncountedTerminatedPods).toEqual({});
          expect(pods.filter((p) => p.metadata.finalizers?.includes('batch.kubernetes.io/job-tracking'))).toEqual([]);
          expect(s.succeeded ?? 0).toBe(pods.filter((p) => p.status?.phase === 'Succeeded').length);
          if (done[0]?.type === 'Complete') {
            expect(s.succeeded).toBe(completions);
            expect(s.failed ?? 0).toBeLessThanOrEqual(backoffLimit);
            expect(s.completionTime).toBeDefined();
          } else {
            expect(done[0]?.reason).toBe('BackoffLimitExceeded');
            expect(s.failed ?? 0).toBeGreaterThan(backoffLimit);
            expect(s.succeeded ?? 0).toBeLessThan(completions);
          }
          const tooMany = sim.log
            .entries()
            .filter((e) => e.event.type === 'RecordEvent' && e.event.reason === 'TooManySucceededPods');
          expect(tooMany).toEqual([]);
        },
      ),
      { numRuns: 25 },
    );
  });
});

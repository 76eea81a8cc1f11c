import {
  defaultControllers,
  HORIZONTAL_POD_AUTOSCALER_CONTROLLER,
  horizontalPodAutoscalerController,
  podautoscaler,
} from '@kubesim/controllers';
import {
  type Controller,
  type Deployment,
  type HorizontalPodAutoscaler,
  type LoadSpec,
  type Millis,
  Simulation,
} from '@kubesim/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createInvariants } from '../src/index.js';
import { HpaOracle } from './hpaOracle.js';

/**
 * Under random load curves the HPA decides what a direct evaluation of the upstream formula
 * (hpaOracle.ts: workloads.md §3.2–3.5, 3.7) decides on the very view each of its syncs read;
 * and the HPA invariants hold throughout.
 */
const step = fc.record({ at: fc.integer({ min: 0, max: 20 * 60 }), value: fc.integer({ min: 0, max: 1500 }) });
const params = fc.record({
  target: fc.integer({ min: 30, max: 90 }),
  min: fc.integer({ min: 1, max: 3 }),
  extra: fc.integer({ min: 1, max: 10 }),
  replicas: fc.integer({ min: 1, max: 5 }),
  steps: fc.array(step, { minLength: 1, maxLength: 5 }),
  seed: fc.integer({ min: 1, max: 1_000_000 }),
});

function web(replicas: number): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'app', image: 'app:v1', resources: { requests: { cpu: '100m' } } }] },
      },
    },
  };
}

function hpa(min: number, max: number, target: number): HorizontalPodAutoscaler {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'web' },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      minReplicas: min,
      maxReplicas: max,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: target } } }],
    },
  };
}

describe('the HPA against the upstream formula', () => {
  it('decides on every sync what the formula decides on the view that sync read', () => {
    let rescales = 0;
    fc.assert(
      fc.property(params, (p) => {
        const load: LoadSpec = {
          target: { kind: 'Deployment', namespace: 'default', name: 'web' },
          pattern: {
            kind: 'steps',
            value: 0,
            steps: [...p.steps].sort((a, b) => a.at - b.at).map((s) => ({ at: s.at * 1000, value: s.value })),
          },
        };
        const oracle = new HpaOracle();
        const mismatches: string[] = [];
        let syncs = 0;
        let computed = false;
        const inner = horizontalPodAutoscalerController({
          calculator: (view, a, b) => {
            computed = true;
            return new podautoscaler.ReplicaCalculator(
              podautoscaler.viewMetricsClient(view),
              podautoscaler.viewPodLister(view),
              a,
              b,
            );
          },
        });
        const checked: Controller = {
          ...inner,
          reconcile(view, key, ctx) {
            computed = false;
            const effects = inner.reconcile(view, key, ctx);
            if (!computed) return effects;
            syncs++;
            const object = view.getByKey('HorizontalPodAutoscaler', key);
            if (object === undefined) return effects;
            const expected = oracle.decide(view, object, ctx.now as Millis);
            const scale = effects.find((e) => e.type === 'scale');
            const actual = scale?.type === 'scale' ? scale.replicas : undefined;
            if (actual !== undefined) rescales++;
            if (actual !== expected.scaleTo)
              mismatches.push(
                `at ${ctx.now}ms: the HPA scaled to ${actual}, the formula says ${expected.scaleTo} (${expected.why})`,
              );
            return effects;
          },
        };
        const controllers = defaultControllers({ metricsServer: { loads: [load], seed: String(p.seed) } }).map((c) =>
          c.name === HORIZONTAL_POD_AUTOSCALER_CONTROLLER ? checked : c,
        );
        const sim = new Simulation({
          seed: String(p.seed),
          controllers,
          nodes: ['node-1', 'node-2', 'node-3'],
          objects: [web(p.replicas), hpa(p.min, p.min + p.extra, p.target)],
          imageProfiles: [
            {
              match: '*',
              profile: {
                pull: { kind: 'uniform', min: 500, max: 2000 },
                start: { kind: 'uniform', min: 200, max: 800 },
                usage: { cpu: 1, cpuPerUnit: 1, memory: 8 << 20 },
              },
            },
          ],
          invariants: createInvariants(['hpa-replica-bounds', 'hpa-stabilization', 'hpa-rate-limits']),
        });
        sim.run(30 * 60_000);
        expect(mismatches).toEqual([]);
        expect(syncs).toBeGreaterThan(100);
        expect(sim.engine.violations).toEqual([]);
      }),
      { numRuns: Number(process.env.HPA_RUNS ?? 15) },
    );
    // The runs did scale: the property is not vacuous.
    expect(rescales).toBeGreaterThan(10);
  });
});

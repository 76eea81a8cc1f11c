import {
  type Deployment,
  type HorizontalPodAutoscaler,
  type HPAScalingRules,
  type KubeObject,
  parseDuration,
  Simulation,
} from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { createInvariants, runScenario, scenario } from '../src/index.js';
import { hpaStabilization } from '../src/invariants/hpaStabilization.js';

/**
 * The HPA invariants over hand-made logs: `Scale` events attributed to the HPA controller
 * (`horizontal-pod-autoscaler`), a user's own `kubectl scale`, and edits of the HPA — with no
 * controllers running, so the log holds exactly these writes.
 */

const HPA = 'horizontal-pod-autoscaler';
const ref = { kind: 'Deployment', namespace: 'default', name: 'web' } as const;

const web: Deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] } },
  },
};

function hpa(behavior?: { scaleUp?: HPAScalingRules; scaleDown?: HPAScalingRules }, min = 2, max = 10): HorizontalPodAutoscaler {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'web' },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      minReplicas: min,
      maxReplicas: max,
      ...(behavior !== undefined ? { behavior } : {}),
    },
  };
}

/** A cluster with no controllers: `steps` are [time, replicas, actor] scale writes. */
function run(names: string[], h: HorizontalPodAutoscaler, steps: [string, number, string][], edits: [string, unknown][] = []) {
  const sim = new Simulation({
    seed: 1,
    controllers: [],
    nodes: [],
    objects: [web as KubeObject, h as KubeObject],
    invariants: createInvariants(names),
  });
  for (const [at, replicas, by] of steps) sim.at(parseDuration(at), { type: 'Scale', ref, replicas }, by);
  for (const [at, patch] of edits) sim.patch({ kind: 'HorizontalPodAutoscaler', name: 'web' }, patch, 'merge', at);
  sim.run('1h');
  return sim.engine.violations.map((v) => `${v.invariant}: ${v.message}`);
}

describe('hpa-replica-bounds', () => {
  it('holds for HPA writes within [min, max]; a user scale outside them is not the HPA’s', () => {
    const steps: [string, number, string][] = [
      ['15s', 4, HPA],
      ['30s', 20, 'user'],
      ['45s', 10, HPA],
      ['1m', 1, 'user'],
      ['1m15s', 2, HPA],
    ];
    expect(run(['hpa-replica-bounds'], hpa(), steps)).toEqual([]);
  });

  it('catches an HPA write above maxReplicas', () => {
    expect(run(['hpa-replica-bounds'], hpa(), [['15s', 11, HPA]])).toEqual([
      'hpa-replica-bounds: horizontalpodautoscaler/web scaled deployment/web to 11, outside its bounds [2, 10]',
    ]);
  });

  it('catches an HPA write below minReplicas, even to 0', () => {
    expect(run(['hpa-replica-bounds'], hpa(), [['15s', 0, HPA]])).toEqual([
      'hpa-replica-bounds: horizontalpodautoscaler/web scaled deployment/web to 0, outside its bounds [2, 10]',
    ]);
  });

  it('race allowed: a write computed just before the user lowered maxReplicas', () => {
    const lowered: [string, unknown][] = [['30s', { spec: { maxReplicas: 5 } }]];
    expect(run(['hpa-replica-bounds'], hpa(), [['30.5s', 8, HPA]], lowered)).toEqual([]);
    // Long after the edit, the old bound no longer excuses it.
    expect(run(['hpa-replica-bounds'], hpa(), [['45s', 8, HPA]], lowered)).toEqual([
      'hpa-replica-bounds: horizontalpodautoscaler/web scaled deployment/web to 8, outside its bounds [2, 5]',
    ]);
  });
});

describe('hpa-replica-bounds: a target found outside the bounds is wanted back at the bound', () => {
  const withStatus = (currentReplicas: number, desiredReplicas: number, able = 'True') =>
    ({
      ...hpa(),
      status: {
        currentReplicas,
        desiredReplicas,
        conditions: [{ type: 'AbleToScale', status: able, reason: able === 'True' ? 'SucceededRescale' : 'FailedUpdateScale' }],
      },
    }) as unknown as KubeObject;
  function statusRun(status: KubeObject): string[] {
    const sim = new Simulation({
      seed: 1,
      controllers: [],
      nodes: [],
      objects: [web as KubeObject, hpa() as KubeObject],
      invariants: createInvariants(['hpa-replica-bounds']),
    });
    sim.at('15s', { type: 'UpdateStatus', object: status }, HPA);
    sim.run('1m');
    return sim.engine.violations.map((v) => `${v.invariant}: ${v.message}`);
  }

  it('holds for the bound, for 0 left at 0 (ScalingDisabled), and when the rescale failed', () => {
    expect(statusRun(withStatus(20, 10))).toEqual([]);
    expect(statusRun(withStatus(1, 2))).toEqual([]);
    expect(statusRun(withStatus(0, 0))).toEqual([]);
    expect(statusRun(withStatus(20, 7, 'False'))).toEqual([]);
    expect(statusRun(withStatus(5, 7))).toEqual([]);
  });

  it('catches a sync that found 20 above maxReplicas 10 and wants 12', () => {
    expect(statusRun(withStatus(20, 12))).toEqual([
      'hpa-replica-bounds: horizontalpodautoscaler/web found deployment/web at 20 replicas, outside its bounds [2, 10], and wants 12 (upstream: 10)',
    ]);
  });
});

const behavior: { scaleDown: HPAScalingRules } = {
  scaleDown: {
    stabilizationWindowSeconds: 60,
    selectPolicy: 'Max',
    policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
  },
};

describe('hpa-stabilization', () => {
  it('holds when the scale-down waits for the window to pass', () => {
    const steps: [string, number, string][] = [
      ['15s', 6, HPA],
      ['1m20s', 3, HPA],
    ];
    expect(run(['hpa-stabilization'], hpa(behavior), steps)).toEqual([]);
  });

  it('catches a scale-down below a recommendation made inside the window', () => {
    const steps: [string, number, string][] = [
      ['15s', 6, HPA],
      ['45s', 3, HPA],
    ];
    expect(run(['hpa-stabilization'], hpa(behavior), steps)).toEqual([
      'hpa-stabilization: horizontalpodautoscaler/web scaled deployment/web down from 6 to 3 at 45s, 30s after recommending 6 (its scale-up at 15s), inside its 1m0s scale-down stabilization window',
    ]);
  });

  it('a scale-down to a size the window allows (not below the recommendation) holds', () => {
    const steps: [string, number, string][] = [
      ['15s', 6, HPA],
      ['20s', 8, 'user'],
      ['45s', 6, HPA],
    ];
    expect(run(['hpa-stabilization'], hpa(behavior), steps)).toEqual([]);
  });

  it('race allowed: a user scale just before the HPA’s write; and the bound branch above maxReplicas', () => {
    const raced: [string, number, string][] = [
      ['15s', 6, HPA],
      ['44.9s', 9, 'user'],
      ['45s', 3, HPA],
    ];
    expect(run(['hpa-stabilization'], hpa(behavior), raced)).toEqual([]);
    const overMax: [string, number, string][] = [
      ['15s', 10, HPA],
      ['20s', 14, 'user'],
      ['35s', 10, HPA],
    ];
    expect(run(['hpa-stabilization'], hpa(behavior), overMax)).toEqual([]);
  });

  it('without behavior a scale-up may carry an older recommendation, so it is not judged', () => {
    const steps: [string, number, string][] = [
      ['15s', 6, HPA],
      ['45s', 3, HPA],
    ];
    expect(run(['hpa-stabilization'], hpa(), steps)).toEqual([]);
  });
});

describe('hpa-stabilization: the first recommendation', () => {
  /** The status the HPA's first reconcile that read the scale writes: the replicas it found. */
  const firstStatus = (replicas: number, reason = 'SucceededGetScale') =>
    ({
      ...hpa(),
      status: {
        currentReplicas: replicas,
        desiredReplicas: replicas,
        conditions: [{ type: 'AbleToScale', status: reason === 'FailedGetScale' ? 'False' : 'True', reason }],
      },
    }) as unknown as KubeObject;

  function runWithStatus(steps: [string, number, string][], status: KubeObject, at = '15s') {
    const sim = new Simulation({
      seed: 1,
      controllers: [],
      nodes: [],
      objects: [web as KubeObject, hpa() as KubeObject],
      invariants: createInvariants(['hpa-stabilization']),
    });
    sim.at('5s', { type: 'Scale', ref, replicas: 6 }, 'user');
    sim.at(at, { type: 'UpdateStatus', object: status }, HPA);
    for (const [t, replicas, by] of steps) sim.at(parseDuration(t), { type: 'Scale', ref, replicas }, by);
    sim.run('1h');
    return sim.engine.violations.map((v) => `${v.invariant}: ${v.message}`);
  }

  it('without behavior: no scale-down below the replicas it first found within 5m of its creation', () => {
    expect(runWithStatus([['2m', 3, HPA]], firstStatus(6))).toEqual([
      'hpa-stabilization: horizontalpodautoscaler/web scaled deployment/web down from 6 to 3 at 2m0s, 2m0s after its creation: its first recommendation, the 6 replicas it found, holds for its 5m0s scale-down stabilization window',
    ]);
    expect(runWithStatus([['5m', 3, HPA]], firstStatus(6))).toEqual([]);
    // Down to the first recommendation is allowed: a user's 9 brought back to 6.
    expect(
      runWithStatus(
        [
          ['2m', 9, 'user'],
          ['2m30s', 6, HPA],
        ],
        firstStatus(6),
      ),
    ).toEqual([]);
  });

  it('a reconcile that could not get the scale recorded nothing', () => {
    expect(runWithStatus([['2m', 3, HPA]], firstStatus(0, 'FailedGetScale'))).toEqual([]);
  });

  it('the controller’s window is an option (--horizontal-pod-autoscaler-downscale-stabilization)', () => {
    const sim = new Simulation({
      seed: 1,
      controllers: [],
      nodes: [],
      objects: [web as KubeObject, hpa() as KubeObject],
      invariants: [hpaStabilization({ downscaleStabilizationWindow: 60_000 })],
    });
    sim.at('15s', { type: 'UpdateStatus', object: firstStatus(2) }, HPA);
    sim.at('1m1s', { type: 'Scale', ref, replicas: 1 }, HPA);
    sim.run('2m');
    expect(sim.engine.violations).toEqual([]);
  });
});

describe('hpa-rate-limits', () => {
  const up: { scaleUp: HPAScalingRules } = {
    scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 2, periodSeconds: 60 }] },
  };

  it('holds while the policy’s allowance per period is respected', () => {
    const steps: [string, number, string][] = [
      ['15s', 4, HPA],
      ['1m16s', 6, HPA],
      ['2m17s', 8, HPA],
    ];
    expect(run(['hpa-rate-limits'], hpa(up), steps)).toEqual([]);
  });

  it('catches a second scale-up inside the period that goes past the policy', () => {
    const steps: [string, number, string][] = [
      ['15s', 4, HPA],
      ['30s', 5, HPA],
    ];
    expect(run(['hpa-rate-limits'], hpa(up), steps)).toEqual([
      'hpa-rate-limits: horizontalpodautoscaler/web scaled deployment/web up from 4 to 5; behavior.scaleUp (selectPolicy Max, policies Pods 2/60s) allows at most 4',
    ]);
  });

  it('race allowed: an addition at the edge of the period may have fallen out of the reconcile’s window', () => {
    const steps: [string, number, string][] = [
      ['15s', 4, HPA],
      ['1m14s', 6, HPA],
    ];
    expect(run(['hpa-rate-limits'], hpa(up), steps)).toEqual([]);
  });

  it('Min picks the smallest change; Disabled allows none', () => {
    const both = [
      { type: 'Pods', value: 4, periodSeconds: 15 },
      { type: 'Percent', value: 50, periodSeconds: 15 },
    ];
    const min = { scaleUp: { selectPolicy: 'Min', policies: both } } as unknown as { scaleUp: HPAScalingRules };
    // From 2: Pods allows 6, Percent ceil(2 × 1.5) = 3; Min takes 3.
    expect(run(['hpa-rate-limits'], hpa(min), [['15s', 4, HPA]])).toEqual([
      'hpa-rate-limits: horizontalpodautoscaler/web scaled deployment/web up from 2 to 4; behavior.scaleUp (selectPolicy Min, policies Pods 4/15s, Percent 50/15s) allows at most 3',
    ]);
    const disabled = { scaleDown: { selectPolicy: 'Disabled', policies: both } } as unknown as { scaleDown: HPAScalingRules };
    expect(
      run(['hpa-rate-limits'], hpa(disabled), [
        ['15s', 4, 'user'],
        ['30s', 3, HPA],
      ]),
    ).toEqual([
      'hpa-rate-limits: horizontalpodautoscaler/web scaled deployment/web down from 4 to 3; behavior.scaleDown (selectPolicy Disabled, policies Pods 4/15s, Percent 50/15s) allows no fewer than 4',
    ]);
  });

  it('scale-down Percent truncates: 100% of 5 in a period may remove all but minReplicas', () => {
    const down = {
      scaleDown: { selectPolicy: 'Max', policies: [{ type: 'Percent', value: 50, periodSeconds: 60 }] },
    } as unknown as {
      scaleDown: HPAScalingRules;
    };
    const steps: [string, number, string][] = [
      ['5s', 5, 'user'],
      ['15s', 2, HPA],
    ];
    // int(5 × 0.5) = 2: down to 2 is allowed.
    expect(run(['hpa-rate-limits'], hpa(down), steps)).toEqual([]);
    const twice: [string, number, string][] = [
      ['5s', 8, 'user'],
      ['15s', 4, HPA],
      ['30s', 3, HPA],
    ];
    // The period started at 8 (4 removed since): int(8 × 0.5) = 4, so 3 is one too many.
    expect(run(['hpa-rate-limits'], hpa(down), twice)).toEqual([
      'hpa-rate-limits: horizontalpodautoscaler/web scaled deployment/web down from 4 to 3; behavior.scaleDown (selectPolicy Max, policies Percent 50/60s) allows no fewer than 4',
    ]);
  });

  it('without behavior: a scale-up to at most max(2 × current, 4); the bound branch below minReplicas is not limited', () => {
    expect(
      run(['hpa-rate-limits'], hpa(undefined, 2, 20), [
        ['15s', 4, HPA],
        ['30s', 8, HPA],
      ]),
    ).toEqual([]);
    expect(run(['hpa-rate-limits'], hpa(undefined, 2, 20), [['15s', 5, HPA]])).toEqual([
      'hpa-rate-limits: horizontalpodautoscaler/web scaled deployment/web up from 2 to 5; without behavior the limit is max(2 × 2, 4) = 4',
    ]);
    expect(run(['hpa-rate-limits'], hpa(undefined, 12, 20), [['15s', 12, HPA]])).toEqual([]);
  });
});

describe('the HPA invariants judge a write on the spec the controller saw (found by review)', () => {
  it('hpa-replica-bounds allows a write decided on a spec its informers had not yet seen edited', () => {
    const s = scenario('lagging informers')
      .seed(1)
      .nodes(3)
      .controlPlane({ processes: { 'kube-controller-manager': { informerLag: 5000 } } })
      .image('nginx:*', { pull: '1s', start: '500ms', usage: { cpu: 1, cpuPerUnit: 1, memory: 8 << 20 } })
      .manifest('web.yaml', {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web' },
        spec: {
          replicas: 3,
          selector: { matchLabels: { app: 'web' } },
          template: {
            metadata: { labels: { app: 'web' } },
            spec: { containers: [{ name: 'web', image: 'nginx:1.25', resources: { requests: { cpu: '100m' } } }] },
          },
        },
      } as KubeObject)
      .load({ target: { kind: 'Deployment', namespace: 'default', name: 'web' }, pattern: { kind: 'constant', value: 600 } })
      .kubectl(0, 'apply -f web.yaml')
      .kubectl('1s', 'autoscale deployment web --cpu=50% --min=2 --max=10')
      // Lowered while a sync decided on the old spec is still to come (the informers lag 5s).
      .kubectl('47s', `patch hpa web -p '{"spec":{"maxReplicas":3}}'`)
      .until('3m')
      .invariants('hpa-replica-bounds')
      .build();
    const report = runScenario(s);
    const scales = report.view.list('Event').filter((e) => e.reason === 'SuccessfulRescale');
    expect(scales.length).toBeGreaterThan(0);
    expect(report.invariants[0]?.violations).toEqual([]);
  });
});

import type { ClusterView, Deployment, HorizontalPodAutoscaler, Pod } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { defaultControllers, HORIZONTAL_POD_AUTOSCALER_CONTROLLER, horizontalPodAutoscalerController } from '../src/index.js';
import { ReplicaCalculator, viewMetricsClient, viewPodLister } from '../src/podautoscaler/index.js';
import { cluster, eventsAbout } from './helpers.js';

/**
 * The HPA controller in a running cluster: a Deployment at 2 replicas requesting 100m each, an
 * autoscaling/v2 HPA at 50% CPU, and per-pod samples written into the world by hand (the
 * MetricSample world event). The metrics-server model is another part's; here the view the
 * calculator reads reports the metrics APIs as served.
 */

const web: Deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'web', image: 'nginx:1.25', resources: { requests: { cpu: '100m' } } }] },
    },
  },
};

const hpa: HorizontalPodAutoscaler = {
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: 'web' },
  spec: {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
    minReplicas: 1,
    maxReplicas: 10,
    metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
  },
};

/** The view with the metrics APIs served (what a running metrics-server gives). */
function served(view: ClusterView): ClusterView {
  return Object.assign(Object.create(view) as ClusterView, { metricsServerUp: () => true });
}

function sim(deployment: Deployment = web) {
  const hpaController = horizontalPodAutoscalerController({
    calculator: (view, cpuInit, delay) =>
      new ReplicaCalculator(viewMetricsClient(served(view)), viewPodLister(view), cpuInit, delay),
  });
  const controllers = [...defaultControllers().filter((c) => c.name !== HORIZONTAL_POD_AUTOSCALER_CONTROLLER), hpaController];
  return cluster({ nodes: ['node-1', 'node-2'], objects: [deployment, hpa], controllers });
}

describe('horizontal-pod-autoscaler', () => {
  it('is one of the default controllers, in kube-controller-manager with 5 workers', () => {
    const c = defaultControllers().find((x) => x.name === HORIZONTAL_POD_AUTOSCALER_CONTROLLER);
    expect(c?.component).toBe('horizontal-pod-autoscaler');
    expect(c?.runtime).toEqual({ process: 'kube-controller-manager', workers: 5 });
    expect(c?.watches.map((w) => w.kind)).toEqual(['HorizontalPodAutoscaler']);
  });

  it('scales a Deployment up through /scale, writes the status and records SuccessfulRescale', () => {
    const s = sim();
    s.run('50s');
    // No samples yet: every sync (15s, 30s, 45s after the HPA appeared) fails to get the metric.
    const before = s.get('HorizontalPodAutoscaler', 'web') as HorizontalPodAutoscaler;
    expect(before.status?.conditions?.map((c) => [c.type, c.status, c.reason])).toEqual([
      ['AbleToScale', 'True', 'SucceededGetScale'],
      ['ScalingActive', 'False', 'FailedGetResourceMetric'],
    ]);
    expect(s.get('Deployment', 'web')?.spec.replicas).toBe(2);
    const syncs = s.log
      .entries()
      .filter((e) => e.event.type === 'UpdateStatus' && e.event.object.kind === 'HorizontalPodAutoscaler');
    // One status write (the first sync's); the later syncs change nothing. The instant profile lands writes 1ms later.
    expect(syncs.map((e) => e.time)).toEqual([15_001]);

    // Both pods at 150m of their 100m request: 150% against 50%, ratio 3 → 6, capped at max(2×2, 4) = 4.
    const pods = s.list('Pod').filter((p: Pod) => p.metadata.labels?.app === 'web');
    expect(pods).toHaveLength(2);
    for (const p of pods)
      s.at('60s', { type: 'MetricSample', pods: { [`default/${p.metadata.name}`]: [15_000, [['web', 150, 8 << 20]]] } }, 'world');
    s.run('70s');

    expect(s.get('Deployment', 'web')?.spec.replicas).toBe(4);
    const scale = s.log.entries().find((e) => e.event.type === 'Scale');
    // The samples land at 60s; the next sync, 60s after the HPA appeared, reads them.
    expect(scale?.time).toBe(60_001);
    expect(scale?.by).toBe(HORIZONTAL_POD_AUTOSCALER_CONTROLLER);
    const after = s.get('HorizontalPodAutoscaler', 'web') as HorizontalPodAutoscaler;
    expect(after.status).toMatchObject({
      currentReplicas: 2,
      desiredReplicas: 4,
      lastScaleTime: 60_000,
      currentMetrics: [
        { type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 150, averageValue: '150m' } } },
      ],
    });
    expect(after.status?.conditions?.map((c) => [c.type, c.status, c.reason])).toEqual([
      ['AbleToScale', 'True', 'SucceededRescale'],
      ['ScalingActive', 'True', 'ValidMetricFound'],
      ['ScalingLimited', 'True', 'ScaleUpLimit'],
    ]);
    expect(eventsAbout(s, 'web').filter((e) => e.includes('Rescale'))).toEqual([
      '60002 SuccessfulRescale: New size: 4; reason: cpu resource utilization (percentage of request) above target',
    ]);

    // 15s later the two new pods have no sample yet: on a scale-up they count as using nothing,
    // (150 + 150 + 0 + 0) / 400 = 75% against 50% → ceil(1.5 × 4) = 6.
    s.run('80s');
    expect(s.get('Deployment', 'web')?.spec.replicas).toBe(6);
    expect(eventsAbout(s, 'web').filter((e) => e.includes('Rescale'))).toEqual([
      '60002 SuccessfulRescale: New size: 4; reason: cpu resource utilization (percentage of request) above target',
      '75002 SuccessfulRescale: New size: 6; reason: cpu resource utilization (percentage of request) above target',
    ]);
  });

  it('scales down only once the 5-minute stabilisation window has passed', () => {
    const s = sim({ ...web, spec: { ...web.spec, replicas: 4 } });
    s.run('19s');
    const pods = s.list('Pod').filter((p: Pod) => p.metadata.labels?.app === 'web');
    expect(pods).toHaveLength(4);
    // 10m of 100m: 10% against 50% → ceil(0.2 × 4) = 1; the first sync (15s) recorded 4.
    for (const p of pods)
      s.at('20s', { type: 'MetricSample', pods: { [`default/${p.metadata.name}`]: [15_000, [['web', 10, 8 << 20]]] } }, 'world');
    s.run('320s');
    expect(s.get('Deployment', 'web')?.spec.replicas).toBe(4);
    const held = s.get('HorizontalPodAutoscaler', 'web') as HorizontalPodAutoscaler;
    expect(held.status?.conditions?.find((c) => c.type === 'AbleToScale')?.reason).toBe('ScaleDownStabilized');
    expect(held.status?.desiredReplicas).toBe(4);
    // At 330s the 15s recommendation is older than 5 minutes.
    s.run('340s');
    expect(s.get('Deployment', 'web')?.spec.replicas).toBe(1);
    expect(eventsAbout(s, 'web').filter((e) => e.includes('Rescale'))).toEqual([
      '330002 SuccessfulRescale: New size: 1; reason: All metrics below target',
    ]);
  });
});

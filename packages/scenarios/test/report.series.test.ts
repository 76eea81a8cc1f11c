import type { Change, HorizontalPodAutoscaler, LogEntry, Pod } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { htmlReport, runScenario, SeriesRecorder } from '../src/index.js';
import { SeriesBuilder } from '../src/report/series/builder.js';
import { loadExample } from './examples.js';

const KEY = 'default/web';

function hpa(status: HorizontalPodAutoscaler['status']): HorizontalPodAutoscaler {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'web', namespace: 'default', uid: 'u-hpa' },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      minReplicas: 2,
      maxReplicas: 10,
      metrics: [
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } },
        { type: 'Pods', pods: { metric: { name: 'rps' }, target: { type: 'AverageValue', averageValue: '500m' } } },
      ],
    },
    ...(status !== undefined ? { status } : {}),
  };
}

function entry(seq: number, time: number, object: HorizontalPodAutoscaler): LogEntry {
  return { seq, time, by: 'horizontal-pod-autoscaler', event: { type: 'UpdateStatus', object } };
}

describe('the series of a run', () => {
  it('draws an HPA: replicas, and each metric current against its target, from status.currentMetrics', () => {
    const r = new SeriesRecorder();
    const created = hpa(undefined);
    r.observe(entry(1, 0, created), [{ kind: 'HorizontalPodAutoscaler', key: KEY, new: created }] as Change[]);
    const scaled = hpa({
      currentReplicas: 2,
      desiredReplicas: 4,
      currentMetrics: [
        { type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 95, averageValue: '190m' } } },
        { type: 'Pods', pods: { metric: { name: 'rps' }, current: { averageValue: '1500m' } } },
      ],
    });
    r.observe(entry(2, 15_000, scaled), [{ kind: 'HorizontalPodAutoscaler', key: KEY, old: created, new: scaled }] as Change[]);
    const settled = hpa({
      currentReplicas: 4,
      desiredReplicas: 4,
      currentMetrics: [
        { type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 48 } } },
        { type: 'Pods', pods: { metric: { name: 'rps' }, current: { averageValue: '750m' } } },
      ],
    });
    r.observe(entry(3, 30_000, settled), [{ kind: 'HorizontalPodAutoscaler', key: KEY, old: scaled, new: settled }] as Change[]);
    const [h] = r.series(60_000).hpas;
    expect(h?.target).toBe('Deployment/web');
    expect(h?.metrics.map((m) => [m.name, m.unit])).toEqual([
      ['resource cpu', '%'],
      ['pods rps', ''],
    ]);
    expect(h?.lines).toEqual([
      'desired',
      'current',
      'min',
      'max',
      'resource cpu current',
      'resource cpu target',
      'pods rps current',
      'pods rps target',
    ]);
    expect(h?.points).toEqual([
      [0, null, null, 2, 10, null, 50, null, 0.5],
      [15_000, 4, 2, 2, 10, 95, 50, 1.5, 0.5],
      [30_000, 4, 4, 2, 10, 48, 50, 0.75, 0.5],
    ]);
    const html = htmlReport({ title: 'hpa', series: r.series(60_000) });
    expect(html).toContain('HPA web → Deployment/web: replicas');
    expect(html).toContain('HPA web → Deployment/web: resource cpu (% of request)');
  });

  it('keeps a point only when a value changes, the last at an instant winning', () => {
    const b = new SeriesBuilder();
    b.set(0, { a: 1 });
    b.set(5, { a: 1 });
    b.set(7, { a: 2 });
    b.set(7, { a: 3, b: 1 });
    expect(b.series()).toEqual({
      lines: ['a', 'b'],
      points: [
        [0, 1, null],
        [7, 3, 1],
      ],
    });
  });

  it('tracks each pod status as kubectl shows it, and what each node holds', () => {
    const pod = (status: Pod['status'], extra: Partial<Pod['spec']> = {}): Pod => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'default', uid: 'u-p' },
      spec: { containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu: '250m', memory: '64Mi' } } }], ...extra },
      ...(status !== undefined ? { status } : {}),
    });
    const r = new SeriesRecorder();
    const put = (seq: number, time: number, p: Pod | undefined, old?: Pod): void =>
      r.observe({ seq, time, by: 'kubelet', event: { type: 'UpdateStatus', object: (p ?? old) as Pod } }, [
        { kind: 'Pod', key: 'default/p', ...(old !== undefined ? { old } : {}), ...(p !== undefined ? { new: p } : {}) },
      ] as Change[]);
    const pending = pod({ phase: 'Pending' });
    const bound = pod({ phase: 'Pending' }, { nodeName: 'n1' });
    const creating = pod(
      {
        phase: 'Pending',
        containerStatuses: [
          {
            name: 'c',
            ready: false,
            restartCount: 0,
            image: 'nginx',
            imageID: '',
            lastState: {},
            state: { waiting: { reason: 'ContainerCreating' } },
          },
        ],
      },
      { nodeName: 'n1' },
    );
    const backoff = pod(
      {
        phase: 'Pending',
        containerStatuses: [
          {
            name: 'c',
            ready: false,
            restartCount: 0,
            image: 'nginx',
            imageID: '',
            lastState: {},
            state: { waiting: { reason: 'ImagePullBackOff' } },
          },
        ],
      },
      { nodeName: 'n1' },
    );
    put(1, 0, pending);
    put(2, 1000, bound, pending);
    put(3, 2000, creating, bound);
    put(4, 5000, backoff, creating);
    put(5, 9000, undefined, backoff);
    const s = r.series(10_000);
    expect(s.pods[0]?.spans).toEqual([
      { from: 0, to: 2000, status: 'Pending', category: 'pending' },
      { from: 2000, to: 5000, status: 'ContainerCreating', category: 'creating' },
      { from: 5000, to: 9000, status: 'ImagePullBackOff', category: 'failed' },
    ]);
    expect(s.nodes[0]?.name).toBe('n1');
    expect(s.nodes[0]?.points).toEqual([
      [1000, 1, 250, 64 * 1024 * 1024],
      [9000, 0, 0, 0],
    ]);
  });

  it('escapes every name: a <script> in a name or message renders as text', () => {
    const r = new SeriesRecorder();
    const evil = '<script>alert(1)</script>';
    r.observe(
      {
        seq: 1,
        time: 0,
        by: 'user',
        event: {
          type: 'RecordEvent',
          involved: { kind: 'Pod', name: evil, uid: 'u' },
          eventType: 'Warning',
          reason: `<img src=x onerror=alert(1)>`,
          message: evil,
          component: 'x',
        },
      },
      [],
    );
    const html = htmlReport({ title: evil, series: r.series(1000) });
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    // The page's own script is the only one.
    expect(html.match(/<script/g)).toHaveLength(1);
  });

  it('draws a Deployment with its surge and unavailability bounds from a run', () => {
    const report = runScenario(loadExample('nginx-deployment/rolling-update.yaml'), { series: true });
    const d = report.series?.workloads.find((w) => w.kind === 'Deployment');
    expect(d?.lines).toEqual(['desired', 'total', 'updated', 'ready', 'available', 'surge bound', 'unavailability bound']);
    const at = (i: number): number[] => (d?.points ?? []).map((p) => p[i + 1] as number);
    // 3 replicas, maxSurge 25% rounds up to 1, maxUnavailable 25% down to 0.
    expect(new Set(at(5))).toEqual(new Set([4]));
    expect(new Set(at(6))).toEqual(new Set([3]));
    expect(Math.max(...at(1))).toBeLessThanOrEqual(4);
    expect(report.series?.pods).toHaveLength(6);
    expect(report.series?.events.some((e) => e.reason === 'ScalingReplicaSet')).toBe(true);
    expect(report.series?.marks.map((m) => m.text)).toEqual([
      'Apply Deployment/nginx-deployment',
      'Patch Deployment/nginx-deployment',
    ]);
  });
});

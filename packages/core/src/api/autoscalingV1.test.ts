import { describe, expect, it } from 'vitest';
import {
  BEHAVIOR_SPECS_ANNOTATION,
  convertAutoscalingV1,
  HPA_CONDITIONS_ANNOTATION,
  METRIC_SPECS_ANNOTATION,
  METRIC_STATUSES_ANNOTATION,
} from './autoscalingV1.js';

/** Convert_v1_HorizontalPodAutoscaler_To_autoscaling_HorizontalPodAutoscaler (pkg/apis/autoscaling/v1/conversion.go). */

const ref = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'php-apache' };
const v1 = (spec: Record<string, unknown>, annotations?: Record<string, string>, status?: Record<string, unknown>) => ({
  apiVersion: 'autoscaling/v1',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: 'php-apache', ...(annotations !== undefined ? { annotations } : {}) },
  spec: { scaleTargetRef: ref, maxReplicas: 10, ...spec },
  ...(status !== undefined ? { status } : {}),
});
const cpu = (averageUtilization: number) => ({
  type: 'Resource',
  resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization } },
});

describe('autoscaling/v1 → v2', () => {
  it('targetCPUUtilizationPercentage becomes a CPU Utilization metric', () => {
    expect(convertAutoscalingV1(v1({ minReplicas: 1, targetCPUUtilizationPercentage: 50 }))).toEqual({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'php-apache' },
      spec: { scaleTargetRef: ref, minReplicas: 1, maxReplicas: 10, metrics: [cpu(50)] },
    });
  });

  it('no target at all: the 80% CPU default v1 had in its controller', () => {
    expect(convertAutoscalingV1(v1({})).spec.metrics).toEqual([cpu(80)]);
  });

  it('the metrics annotation comes first, then the CPU target; every round-trip annotation is dropped', () => {
    const others = [
      { type: 'Pods', pods: { metricName: 'packets-per-second', targetAverageValue: '1k' } },
      {
        type: 'Object',
        object: {
          target: { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', name: 'main-route' },
          metricName: 'requests-per-second',
          targetValue: '10k',
        },
      },
      {
        type: 'External',
        external: {
          metricName: 'queue_messages_ready',
          metricSelector: { matchLabels: { queue: 'worker_tasks' } },
          targetAverageValue: '30',
        },
      },
      { type: 'Resource', resource: { name: 'memory', targetAverageValue: '100Mi' } },
    ];
    const behavior = { scaleDown: { stabilizationWindowSeconds: 60 } };
    const hpa = convertAutoscalingV1(
      v1(
        { targetCPUUtilizationPercentage: 50 },
        {
          [METRIC_SPECS_ANNOTATION]: JSON.stringify(others),
          [BEHAVIOR_SPECS_ANNOTATION]: JSON.stringify(behavior),
          team: 'web',
        },
      ),
    );
    expect(hpa.metadata.annotations).toEqual({ team: 'web' });
    expect(hpa.spec.behavior).toEqual(behavior);
    expect(hpa.spec.metrics).toEqual([
      { type: 'Pods', pods: { metric: { name: 'packets-per-second' }, target: { type: 'AverageValue', averageValue: '1k' } } },
      {
        type: 'Object',
        object: {
          describedObject: { kind: 'Ingress', name: 'main-route', apiVersion: 'networking.k8s.io/v1' },
          target: { type: 'Value', value: '10k' },
          metric: { name: 'requests-per-second' },
        },
      },
      {
        type: 'External',
        external: {
          metric: { name: 'queue_messages_ready', selector: { matchLabels: { queue: 'worker_tasks' } } },
          target: { type: 'AverageValue', averageValue: '30' },
        },
      },
      { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '100Mi' } } },
      cpu(50),
    ]);
  });

  it('status: the CPU utilization, or the full list and the conditions from their annotations', () => {
    const plain = convertAutoscalingV1(
      v1({}, undefined, { currentReplicas: 2, desiredReplicas: 3, currentCPUUtilizationPercentage: 40 }),
    );
    expect(plain.status).toEqual({
      currentReplicas: 2,
      desiredReplicas: 3,
      currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 40 } } }],
    });
    const conditions = [{ type: 'AbleToScale', status: 'True', reason: 'ReadyForNewScale' }];
    const full = convertAutoscalingV1(
      v1(
        {},
        {
          [METRIC_STATUSES_ANNOTATION]: JSON.stringify([
            { type: 'Resource', resource: { name: 'cpu', currentAverageUtilization: 40, currentAverageValue: '80m' } },
          ]),
          [HPA_CONDITIONS_ANNOTATION]: JSON.stringify(conditions),
        },
        { currentReplicas: 2, desiredReplicas: 3, currentCPUUtilizationPercentage: 40 },
      ),
    );
    expect(full.metadata.annotations).toBeUndefined();
    expect(full.status).toEqual({
      currentReplicas: 2,
      desiredReplicas: 3,
      currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageValue: '80m', averageUtilization: 40 } } }],
      conditions,
    });
  });

  it('an annotation that does not parse is skipped, as upstream skips it', () => {
    const hpa = convertAutoscalingV1(v1({ targetCPUUtilizationPercentage: 70 }, { [METRIC_SPECS_ANNOTATION]: '{not json' }));
    expect(hpa.spec.metrics).toEqual([cpu(70)]);
    expect(hpa.metadata.annotations).toBeUndefined();
  });
});

import type { Kind } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { type AutoscaleOptions, createHorizontalPodAutoscalerV2, validateAutoscale } from './autoscale.js';

/** k8s.io/kubectl v0.34 pkg/cmd/autoscale/autoscale_test.go. */

const opts = (o: Partial<AutoscaleOptions>): AutoscaleOptions => ({ min: -1, max: -1, cpuPercent: -1, ...o });

describe('TestAutoscaleValidate', () => {
  // Upstream's options leave CPUPercent at Go's zero, not the flag's -1: kept as written.
  const cases: [string, Partial<AutoscaleOptions>, string | undefined][] = [
    ['valid options', { max: 10, min: 1, cpuPercent: 0 }, undefined],
    ['max less than 1', { max: 0, min: 1, cpuPercent: 0 }, '--max=MAXPODS is required and must be at least 1, max: 0'],
    [
      'min greater than max',
      { max: 1, min: 2, cpuPercent: 0 },
      '--max=MAXPODS must be larger or equal to --min=MINPODS, max: 1, min: 2',
    ],
    ['zero min replicas', { max: 5, min: 0, cpuPercent: 0 }, undefined],
    ['negative min replicas', { max: 5, min: -2, cpuPercent: 0 }, undefined],
    [
      'CPUPercent appears with CPU',
      { max: 5, min: 0, cpu: '800', cpuPercent: 20 },
      '--cpu-percent and --cpu are mutually exclusive',
    ],
    ['CPUPercent default (-1) with CPU', { max: 5, min: 0, cpu: '800', cpuPercent: -1 }, undefined],
    ['valid CPU percentage', { max: 5, min: 0, cpuPercent: 0, cpu: '70%' }, undefined],
    ['valid CPU numeric without unit', { max: 5, min: 0, cpuPercent: 0, cpu: '500' }, undefined],
    ['valid CPU with unit', { max: 5, min: 0, cpuPercent: 0, cpu: '500m' }, undefined],
    ['invalid CPU value (non-numeric)', { max: 5, min: 0, cpuPercent: 0, cpu: 'abc' }, 'invalid resource cpu value: abc'],
    [
      'invalid CPU value (malformed unit)',
      { max: 5, min: 0, cpuPercent: 0, cpu: '500xyz' },
      'invalid resource cpu value: 500xyz',
    ],
    ['valid memory percentage', { max: 5, min: 0, cpuPercent: 0, memory: '60%' }, undefined],
    ['valid memory numeric without unit', { max: 5, min: 0, cpuPercent: 0, memory: '512' }, undefined],
    ['valid memory with unit', { max: 5, min: 0, cpuPercent: 0, memory: '512Mi' }, undefined],
    [
      'invalid memory value (non-numeric)',
      { max: 5, min: 0, cpuPercent: 0, memory: 'xyz' },
      'invalid resource memory value: xyz',
    ],
    [
      'invalid memory value (MiB unit)',
      { max: 5, min: 0, cpuPercent: 0, memory: '512MiB' },
      'invalid resource memory value: 512MiB',
    ],
  ];
  for (const [name, o, want] of cases) it(name, () => expect(validateAutoscale(opts(o))).toBe(want));
  it('a negative percentage is not a percentage', () => {
    expect(validateAutoscale(opts({ max: 5, cpu: '-5%' }))).toBe('invalid percentage value: -5');
  });
});

const util = (name: string, averageUtilization: number) => ({
  type: 'Resource',
  resource: { name, target: { type: 'Utilization', averageUtilization } },
});
const avg = (name: string, averageValue: string) => ({
  type: 'Resource',
  resource: { name, target: { type: 'AverageValue', averageValue } },
});

describe('TestCreateHorizontalPodAutoscalerV2', () => {
  const cases: [string, Partial<AutoscaleOptions>, string, Kind, Record<string, unknown>][] = [
    [
      'create with all options',
      { name: 'custom-name', max: 10, min: 2, cpuPercent: 80 },
      'deployment-1',
      'Deployment',
      { minReplicas: 2, maxReplicas: 10, metrics: [util('cpu', 80)] },
    ],
    [
      'create without min replicas',
      { name: 'custom-name-2', max: 10, min: -1, cpuPercent: 80 },
      'deployment-2',
      'Deployment',
      { maxReplicas: 10, metrics: [util('cpu', 80)] },
    ],
    [
      'create without max replicas',
      { name: 'custom-name-3', max: -1, min: 2, cpuPercent: 80 },
      'deployment-3',
      'Deployment',
      { minReplicas: 2, maxReplicas: -1, metrics: [util('cpu', 80)] },
    ],
    [
      'create without cpu utilization',
      { name: 'custom-name-4', max: 10, min: 2, cpuPercent: -1 },
      'deployment-4',
      'Deployment',
      { minReplicas: 2, maxReplicas: 10 },
    ],
    [
      'create with replicaset reference',
      { name: 'replicaset-hpa', max: 5, min: 1, cpuPercent: 70 },
      'frontend',
      'ReplicaSet',
      { minReplicas: 1, maxReplicas: 5, metrics: [util('cpu', 70)] },
    ],
    [
      'create with statefulset reference',
      { name: 'statefulset-hpa', max: 8, min: 2, cpuPercent: 60 },
      'web',
      'StatefulSet',
      { minReplicas: 2, maxReplicas: 8, metrics: [util('cpu', 60)] },
    ],
    [
      'create with memory(use %) options',
      { name: 'custom-name', max: 10, min: 2, memory: '50%' },
      'deployment-1',
      'Deployment',
      { minReplicas: 2, maxReplicas: 10, metrics: [util('memory', 50)] },
    ],
    [
      'create with both cpu(use %) and memory(use %) options',
      { name: 'custom-name', max: 10, min: 2, cpu: '70%', memory: '50%' },
      'deployment-1',
      'Deployment',
      { minReplicas: 2, maxReplicas: 10, metrics: [util('cpu', 70), util('memory', 50)] },
    ],
    [
      'create with both cpu(use m unit) and memory(use %) options',
      { name: 'custom-name', max: 10, min: 2, cpu: '500m', memory: '50%' },
      'deployment-1',
      'Deployment',
      { minReplicas: 2, maxReplicas: 10, metrics: [avg('cpu', '500m'), util('memory', 50)] },
    ],
    [
      'create with both cpu(no use unit) and memory(use %) options',
      { name: 'custom-name', max: 10, min: 2, cpu: '500', memory: '50%' },
      'deployment-1',
      'Deployment',
      { minReplicas: 2, maxReplicas: 10, metrics: [avg('cpu', '500m'), util('memory', 50)] },
    ],
    [
      'create with memory(no use unit) options',
      { name: 'custom-name', max: 10, min: 2, memory: '512' },
      'deployment-1',
      'Deployment',
      { minReplicas: 2, maxReplicas: 10, metrics: [avg('memory', '512Mi')] },
    ],
    [
      'create with cpu(no use unit) and memory(no use unit) options',
      { name: 'custom-name', max: 10, min: 2, cpu: '500', memory: '512' },
      'deployment-1',
      'Deployment',
      { minReplicas: 2, maxReplicas: 10, metrics: [avg('cpu', '500m'), avg('memory', '512Mi')] },
    ],
    [
      // Quantities are compared as Quantity.String() gives them: 2000m is `2`.
      'create with both cpu(use m unit) and memory(use Gi unit) options',
      { name: 'custom-name', max: 10, min: 2, cpu: '2000m', memory: '3Gi' },
      'deployment-1',
      'Deployment',
      { minReplicas: 2, maxReplicas: 10, metrics: [avg('cpu', '2'), avg('memory', '3Gi')] },
    ],
  ];
  for (const [name, o, refName, kind, spec] of cases) {
    it(name, () => {
      const apiVersion = 'apps/v1';
      expect(createHorizontalPodAutoscalerV2(opts(o), refName, kind)).toEqual({
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: o.name },
        spec: { scaleTargetRef: { apiVersion, kind, name: refName }, ...spec },
      });
    });
  }
  it('names the HPA after its target without --name', () => {
    expect(createHorizontalPodAutoscalerV2(opts({ max: 3 }), 'nginx', 'ReplicationController').metadata).toEqual({
      name: 'nginx',
    });
    expect(
      (
        createHorizontalPodAutoscalerV2(opts({ max: 3 }), 'nginx', 'ReplicationController') as {
          spec: { scaleTargetRef: unknown };
        }
      ).spec.scaleTargetRef,
    ).toEqual({ apiVersion: 'v1', kind: 'ReplicationController', name: 'nginx' });
  });
});

// TestCreateHorizontalPodAutoscalerV1 is not ported: kubesim's API server serves autoscaling/v2,
// so the v1 object is never built (the fallback after a failed v2 create meets the same
// AlreadyExists, which kubectl.autoscale.test in test/ covers).

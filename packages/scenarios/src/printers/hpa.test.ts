import type { ClusterView, HorizontalPodAutoscaler } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { PRINTERS } from './get.js';
import {
  avg100m,
  container,
  containerStatus,
  external,
  externalStatus,
  type Metric,
  object,
  objectStatus,
  pods,
  podsStatus,
  resource,
  resourceStatus,
  util50,
  util80,
  value100m,
} from './hpa.fixture.js';

/**
 * TestPrintHPA (pkg/printers/internalversion/printers_test.go): the row of `kubectl get hpa`,
 * one case per metric source type, with and without a current value. Quantities are written as
 * the API serialises resource.NewMilliQuantity(100, DecimalSI): `100m`.
 */

function hpa(metrics: Metric[] | undefined, currentMetrics: Metric[] | undefined, minReplicas: number | null = 2) {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'some-hpa' },
    spec: {
      scaleTargetRef: { name: 'some-rc', kind: 'ReplicationController' },
      ...(minReplicas !== null ? { minReplicas } : {}),
      maxReplicas: 10,
      ...(metrics !== undefined ? { metrics } : {}),
    },
    status: { currentReplicas: 4, desiredReplicas: 5, ...(currentMetrics !== undefined ? { currentMetrics } : {}) },
  } as unknown as HorizontalPodAutoscaler;
}

const CASES: [string, HorizontalPodAutoscaler, string, string][] = [
  ['minReplicas unset', hpa(undefined, undefined, null), '<none>', '<unset>'],
  ['external source type, target average value (no current)', hpa([external(avg100m)], undefined), '<unknown>/100m (avg)', '2'],
  [
    'external source type, target average value',
    hpa([external(avg100m)], [externalStatus({ averageValue: '50m' })]),
    '50m/100m (avg)',
    '2',
  ],
  [
    'external source type, target value (no current)',
    hpa([external({ type: 'Value', value: '100m' })], undefined),
    '<unknown>/100m',
    '2',
  ],
  [
    'external source type, target value',
    hpa([external({ type: 'Value', value: '100m' })], [externalStatus({ value: '50m' })]),
    '50m/100m',
    '2',
  ],
  ['pods source type (no current)', hpa([pods('some-pods-metric', '100m')], undefined), '<unknown>/100m', '2'],
  ['pods source type', hpa([pods('some-pods-metric', '100m')], [podsStatus('some-pods-metric', '50m')]), '50m/100m', '2'],
  ['object source type (no current)', hpa([object(value100m)], undefined), '<unknown>/100m', '2'],
  ['object source type', hpa([object(value100m)], [objectStatus({ value: '50m' })]), '50m/100m', '2'],
  ['resource source type, targetVal (no current)', hpa([resource(avg100m)], undefined), 'cpu: <unknown>/100m', '2'],
  ['resource source type, targetVal', hpa([resource(avg100m)], [resourceStatus({ averageValue: '50m' })]), 'cpu: 50m/100m', '2'],
  ['resource source type, targetUtil (no current)', hpa([resource(util80)], undefined), 'cpu: <unknown>/80%', '2'],
  ['resource source type, targetUtil', hpa([resource(util80)], [resourceStatus(util50)]), 'cpu: 50%/80%', '2'],
  ['container resource source type, targetVal (no current)', hpa([container(avg100m)], undefined), 'cpu: <unknown>/100m', '2'],
  [
    'container resource source type, targetVal',
    hpa([container(avg100m)], [containerStatus({ averageValue: '50m' })]),
    'cpu: 50m/100m',
    '2',
  ],
  ['container resource source type, targetUtil (no current)', hpa([container(util80)], undefined), 'cpu: <unknown>/80%', '2'],
  ['container resource source type, targetUtil', hpa([container(util80)], [containerStatus(util50)]), 'cpu: 50%/80%', '2'],
  [
    'multiple specs',
    hpa(
      [pods('some-pods-metric', '100m'), resource(util80), pods('other-pods-metric', '400m')],
      [podsStatus('some-pods-metric', '50m'), resourceStatus(util50)],
    ),
    '50m/100m, cpu: 50%/80% + 1 more...',
    '2',
  ],
];

describe('TestPrintHPA', () => {
  const view = {} as ClusterView;
  for (const [name, obj, targets, minPods] of CASES) {
    it(name, () => {
      // Columns: Name, Reference, Targets, MinPods, MaxPods, Replicas, Age (no creationTimestamp: <unknown>).
      expect(PRINTERS.HorizontalPodAutoscaler.row(obj, 0, view)).toEqual({
        cells: ['some-hpa', 'ReplicationController/some-rc', targets, minPods, '10', '4', '<unknown>'],
        wide: [],
      });
    });
  }

  it('a utilization target left unset prints <auto>; an unknown type <unknown type>; quantities canonical', () => {
    const row = (metrics: Metric[], current?: Metric[]) =>
      PRINTERS.HorizontalPodAutoscaler.row(hpa(metrics, current), 0, view).cells[2];
    expect(row([resource({ type: 'Utilization' })])).toBe('cpu: <unknown>/<auto>');
    expect(row([{ type: 'Custom' }])).toBe('<unknown type>');
    expect(row([resource({ type: 'AverageValue', averageValue: '0.5' })], [resourceStatus({ averageValue: '1536Mi' })])).toBe(
      'cpu: 1536Mi/500m',
    );
    expect(row([resource(util80), resource(util80), resource(util80), resource(util80)])).toBe(
      'cpu: <unknown>/80%, cpu: <unknown>/80% + 2 more...',
    );
  });
});

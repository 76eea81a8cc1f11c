import type { ClusterView, HorizontalPodAutoscaler } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
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
  util80,
  value100m,
} from '../hpa.fixture.js';
import { describeHorizontalPodAutoscaler } from './hpa.js';

/**
 * TestDescribeHorizontalPodAutoscaler (k8s.io/kubectl pkg/describe/describe_test.go) runs each
 * case and only checks the text is not empty; here each case's `Metrics:` block is compared
 * with what describeHorizontalPodAutoscalerV2's format strings give (the tabwriter aligns the
 * column after the colon across the block).
 */

const view = { eventsFor: () => [], startTime: undefined } as unknown as ClusterView;

function hpa(metrics: Metric[] | undefined, currentMetrics: Metric[] | undefined, extra: Record<string, unknown> = {}) {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'bar', namespace: 'foo' },
    spec: {
      scaleTargetRef: { name: 'some-rc', kind: 'ReplicationController' },
      minReplicas: 2,
      maxReplicas: 10,
      ...(metrics !== undefined ? { metrics } : {}),
      ...extra,
    },
    status: { currentReplicas: 4, desiredReplicas: 5, ...(currentMetrics !== undefined ? { currentMetrics } : {}) },
  } as unknown as HorizontalPodAutoscaler;
}

/**
 * The lines from `Metrics:` up to `Min replicas:`, trailing spaces cut. The cases compare them
 * with runs of spaces squeezed: the column width depends on the whole block (Name: to
 * `ReplicationController pods:`), which test/kubectl.hpa.test.ts checks exactly.
 */
function metricsBlock(h: HorizontalPodAutoscaler): string[] {
  const lines = describeHorizontalPodAutoscaler(view, h, 0).split('\n');
  const from = lines.findIndex((l) => l.startsWith('Metrics:'));
  const to = lines.findIndex((l) => l.startsWith('Min replicas:'));
  return lines.slice(from, to).map((l) => l.replace(/ +$/, ''));
}

const CASES: [string, HorizontalPodAutoscaler, string[]][] = [
  [
    'external source type, target average value (no current)',
    hpa([external(avg100m)], undefined),
    [
      'Metrics:                                                 ( current / target )',
      '  "some-external-metric" (target average value):  <unknown> / 100m',
    ],
  ],
  [
    'external source type, target average value (with current)',
    hpa([external(avg100m)], [externalStatus({ averageValue: '50m' })]),
    [
      'Metrics:                                                 ( current / target )',
      '  "some-external-metric" (target average value):  50m / 100m',
    ],
  ],
  [
    'external source type, target value (with current)',
    hpa([external(value100m)], [externalStatus({ value: '50m' })]),
    [
      'Metrics:                                         ( current / target )',
      '  "some-external-metric" (target value):  50m / 100m',
    ],
  ],
  [
    'pods source type (with current)',
    hpa(
      [{ type: 'Pods', pods: { metric: { name: 'some-pods-metric' }, target: avg100m } }],
      [{ type: 'Pods', pods: { metric: { name: 'some-pods-metric' }, current: { averageValue: '50m' } } }],
    ),
    ['Metrics:                          ( current / target )', '  "some-pods-metric" on pods:  50m / 100m'],
  ],
  [
    'object source type target average value (no current)',
    hpa([object(avg100m)], undefined),
    [
      'Metrics:                                                                 ( current / target )',
      '  "some-service-metric" on Service/some-service (target average value):  <unknown> / 100m',
    ],
  ],
  [
    'object source type target value (with current)',
    hpa([object(value100m)], [objectStatus({ value: '50m' })]),
    [
      'Metrics:                                                         ( current / target )',
      '  "some-service-metric" on Service/some-service (target value):  50m / 100m',
    ],
  ],
  [
    'resource source type, target average value (with current)',
    hpa([resource(avg100m)], [resourceStatus({ averageValue: '50m' })]),
    ['Metrics:                   ( current / target )', '  resource cpu on pods:  50m / 100m'],
  ],
  [
    'resource source type, target utilization (no current)',
    hpa([resource(util80)], undefined),
    [
      'Metrics:                                               ( current / target )',
      '  resource cpu on pods  (as a percentage of request):  <unknown> / 80%',
    ],
  ],
  [
    'resource source type, target utilization (with current)',
    hpa([resource(util80)], [resourceStatus({ averageUtilization: 50, averageValue: '40m' })]),
    [
      'Metrics:                                               ( current / target )',
      '  resource cpu on pods  (as a percentage of request):  50% (40m) / 80%',
    ],
  ],
  [
    'container resource source type, target average value (no current)',
    hpa([container(avg100m)], undefined),
    [
      'Metrics:                                              ( current / target )',
      '  resource cpu of container "application" on pods:  <unknown> / 100m',
    ],
  ],
  [
    'container resource source type, target utilization (with current)',
    hpa([container(util80)], [containerStatus({ averageUtilization: 50, averageValue: '40m' })]),
    [
      'Metrics:                                                                          ( current / target )',
      '  resource cpu of container "application" on pods  (as a percentage of request):  50% (40m) / 80%',
    ],
  ],
  [
    'external source type, target value (no current)',
    hpa([external(value100m)], undefined),
    ['Metrics:  ( current / target )', '  "some-external-metric" (target value):  <unknown> / 100m'],
  ],
  [
    'pods source type (no current)',
    hpa([pods('some-pods-metric', '100m')], undefined),
    ['Metrics:  ( current / target )', '  "some-pods-metric" on pods:  <unknown> / 100m'],
  ],
  [
    'object source type target average value (with current)',
    hpa([object(avg100m)], [objectStatus({ averageValue: '50m' })]),
    ['Metrics:  ( current / target )', '  "some-service-metric" on Service/some-service (target average value):  50m / 100m'],
  ],
  [
    'object source type target value (no current)',
    hpa([object(value100m)], undefined),
    ['Metrics:  ( current / target )', '  "some-service-metric" on Service/some-service (target value):  <unknown> / 100m'],
  ],
  [
    'resource source type, target average value (no current)',
    hpa([resource(avg100m)], undefined),
    ['Metrics:  ( current / target )', '  resource cpu on pods:  <unknown> / 100m'],
  ],
  [
    'container resource source type, target average value (with current)',
    hpa([container(avg100m)], [containerStatus({ averageValue: '50m' })]),
    ['Metrics:  ( current / target )', '  resource cpu of container "application" on pods:  50m / 100m'],
  ],
  [
    'container resource source type, target utilization (no current)',
    hpa([container(util80)], undefined),
    [
      'Metrics:  ( current / target )',
      '  resource cpu of container "application" on pods  (as a percentage of request):  <unknown> / 80%',
    ],
  ],
  [
    'multiple metrics',
    hpa(
      [pods('some-pods-metric', '100m'), resource(util80), pods('other-pods-metric', '400m')],
      [podsStatus('some-pods-metric', '50m'), resourceStatus({ averageUtilization: 50, averageValue: '40m' })],
    ),
    [
      'Metrics:  ( current / target )',
      '  "some-pods-metric" on pods:  50m / 100m',
      '  resource cpu on pods  (as a percentage of request):  50% (40m) / 80%',
      '  "other-pods-metric" on pods:  <unknown> / 400m',
    ],
  ],
];

describe('TestDescribeHorizontalPodAutoscaler', () => {
  const squeeze = (lines: string[]): string[] => lines.map((l) => l.replace(/ {2,}/g, '  '));
  for (const [name, h, want] of CASES) it(name, () => expect(squeeze(metricsBlock(h))).toEqual(squeeze(want)));

  it('minReplicas unset', () => {
    const h = hpa(undefined, undefined);
    delete (h.spec as { minReplicas?: number }).minReplicas;
    const text = describeHorizontalPodAutoscaler(view, h, 0);
    expect(text).toContain('\nMetrics:                     ( current / target )\nMin replicas:                <unset>\n');
    expect(text).toContain('\nReplicationController pods:  4 current / 5 desired\n');
    expect(text).not.toContain('Behavior:');
    expect(text).not.toContain('Conditions:');
  });

  it('scale up behavior specified', () => {
    const scaleUp = {
      stabilizationWindowSeconds: 30,
      selectPolicy: 'Max',
      policies: [
        { type: 'Pods', value: 10, periodSeconds: 10 },
        { type: 'Percent', value: 10, periodSeconds: 10 },
      ],
    };
    const text = describeHorizontalPodAutoscaler(view, hpa([resource(util80)], undefined, { behavior: { scaleUp } }), 0);
    expect(text).toContain(
      [
        'Behavior:',
        '  Scale Up:',
        '    Stabilization Window: 30 seconds',
        '    Select Policy: Max',
        '    Policies:',
        // The policy lines and the pods line after them are one tabwriter block.
        '      - Type: Pods           Value: 10  Period: 10 seconds',
        '      - Type: Percent        Value: 10  Period: 10 seconds',
        'ReplicationController pods:  4 current / 5 desired',
      ].join('\n'),
    );
  });

  it('scale down behavior specified (no select policy: Max; no window: none printed)', () => {
    const scaleDown = { policies: [{ type: 'Pods', value: 10, periodSeconds: 10 }] };
    const text = describeHorizontalPodAutoscaler(view, hpa([resource(util80)], undefined, { behavior: { scaleDown } }), 0);
    expect(text).toContain(
      [
        'Behavior:',
        '  Scale Down:',
        '    Select Policy: Max',
        '    Policies:',
        '      - Type: Pods           Value: 10  Period: 10 seconds',
        'ReplicationController pods:  4 current / 5 desired',
      ].join('\n'),
    );
  });
});

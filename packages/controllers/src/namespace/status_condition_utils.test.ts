import type { NamespaceCondition } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { newSuccessfulCondition, processContentTotals, updateConditions } from './status_condition_utils.js';

const now = 1000;
const ok = (type: string): NamespaceCondition => newSuccessfulCondition(type, now);
const DISCOVERY = 'NamespaceDeletionDiscoveryFailure';
const GV_PARSING = 'NamespaceDeletionGroupVersionParsingFailure';
const CONTENT = 'NamespaceDeletionContentFailure';
const REMAINING = 'NamespaceContentRemaining';
const FINALIZERS = 'NamespaceFinalizersRemaining';

/** Upstream compares everything but lastTransitionTime. */
const withoutTime = (cs: readonly NamespaceCondition[]): unknown[] => cs.map(({ lastTransitionTime: _t, ...c }) => c);

describe('TestUpdateConditions', () => {
  const cases: {
    name: string;
    newConditions: NamespaceCondition[];
    starting: NamespaceCondition[];
    expecteds: NamespaceCondition[];
  }[] = [
    {
      name: 'leave unknown',
      newConditions: [],
      starting: [{ type: 'unknown', status: 'True' }],
      expecteds: [{ type: 'unknown', status: 'True' }, ok(DISCOVERY), ok(GV_PARSING), ok(CONTENT), ok(REMAINING), ok(FINALIZERS)],
    },
    {
      name: 'replace with success',
      newConditions: [],
      starting: [{ type: DISCOVERY, status: 'True' }],
      expecteds: [ok(DISCOVERY), ok(GV_PARSING), ok(CONTENT), ok(REMAINING), ok(FINALIZERS)],
    },
    {
      name: 'leave different order',
      newConditions: [],
      starting: [
        { type: GV_PARSING, status: 'True' },
        { type: DISCOVERY, status: 'True' },
      ],
      expecteds: [ok(GV_PARSING), ok(DISCOVERY), ok(CONTENT), ok(REMAINING), ok(FINALIZERS)],
    },
    {
      name: 'overwrite with failure',
      newConditions: [{ type: GV_PARSING, status: 'True', reason: 'foo', message: 'bar' }],
      starting: [
        { type: GV_PARSING, status: 'False' },
        { type: DISCOVERY, status: 'True' },
      ],
      expecteds: [
        { type: GV_PARSING, status: 'True', reason: 'foo', message: 'bar' },
        ok(DISCOVERY),
        ok(CONTENT),
        ok(REMAINING),
        ok(FINALIZERS),
      ],
    },
    {
      name: 'write new failure',
      newConditions: [{ type: GV_PARSING, status: 'True', reason: 'foo', message: 'bar' }],
      starting: [{ type: DISCOVERY, status: 'True' }],
      expecteds: [
        ok(DISCOVERY),
        { type: GV_PARSING, status: 'True', reason: 'foo', message: 'bar' },
        ok(CONTENT),
        ok(REMAINING),
        ok(FINALIZERS),
      ],
    },
  ];
  it.each(cases)('$name', ({ newConditions, starting, expecteds }) => {
    const { conditions, changed } = updateConditions(starting, newConditions, now);
    expect(withoutTime(conditions)).toEqual(withoutTime(expecteds));
    expect(changed).toBe(true);
  });

  it('reports no change when every condition is already as computed', () => {
    const all = [ok(DISCOVERY), ok(GV_PARSING), ok(CONTENT), ok(REMAINING), ok(FINALIZERS)];
    expect(updateConditions(all, [], now + 5).changed).toBe(false);
  });
});

describe('TestProcessContentTotals', () => {
  const gvrs = new Map([
    ['daemonsets.apps.k8s.io', 5],
    ['deployments.apps.k8s.io', 5],
  ]);
  const finalizers = new Map([
    ['service-catalog', 6],
    ['kubedb', 5],
  ]);
  const remaining = {
    type: REMAINING,
    status: 'True',
    reason: 'SomeResourcesRemain',
    message:
      'Some resources are remaining: daemonsets.apps.k8s.io has 5 resource instances, deployments.apps.k8s.io has 5 resource instances',
  };
  const stuck = {
    type: FINALIZERS,
    status: 'True',
    reason: 'SomeFinalizerRemain',
    message: 'Some finalizers are remaining: kubedb in 5 resource instances, service-catalog in 6 resource instances',
  };
  const cases = [
    { name: 'nothing', gvrToNumRemaining: new Map(), finalizersToNumRemaining: new Map(), expecteds: [] },
    { name: 'just remaining', gvrToNumRemaining: gvrs, finalizersToNumRemaining: new Map(), expecteds: [remaining] },
    { name: 'just finalizers', gvrToNumRemaining: new Map(), finalizersToNumRemaining: finalizers, expecteds: [stuck] },
    { name: 'both', gvrToNumRemaining: gvrs, finalizersToNumRemaining: finalizers, expecteds: [remaining, stuck] },
  ];
  it.each(cases)('$name', ({ gvrToNumRemaining, finalizersToNumRemaining, expecteds }) => {
    expect(withoutTime(processContentTotals({ gvrToNumRemaining, finalizersToNumRemaining }, now))).toEqual(expecteds);
  });
});

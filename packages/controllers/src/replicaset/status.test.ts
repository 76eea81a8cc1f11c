import type { Millis, Pod, PodPhase, ReplicaSet, ReplicaSetCondition, ReplicaSetStatus } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { calculateStatus, type ManageError, statusChanged } from './status.js';
import { replicated } from './workload.js';

/**
 * Ports of TestCalculateStatus and TestCalculateStatusConditions
 * (pkg/controller/replicaset/replica_set_utils_test.go). Upstream computes the failure reason
 * from len(filteredPods) - spec.replicas inside calculateStatus; kubesim's caller passes it in
 * ManageError, so each row passes the reason that diff gives.
 */

const NOW: Millis = 10 * 3600 * 1000;

function newReplicaSet(
  replicas: number,
  selector: Record<string, string>,
  o: { minReadySeconds?: number; generation?: number; status?: ReplicaSetStatus } = {},
): ReplicaSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: 'foobar',
      namespace: 'default',
      uid: 'rs-uid',
      ...(o.generation !== undefined ? { generation: o.generation } : {}),
    },
    spec: {
      replicas,
      ...(o.minReadySeconds !== undefined ? { minReadySeconds: o.minReadySeconds } : {}),
      selector: { matchLabels: selector },
      template: {
        metadata: { labels: { name: 'foo', type: 'production' } },
        spec: { containers: [{ name: 'c', image: 'foo/bar' }] },
      },
    },
    ...(o.status !== undefined ? { status: o.status } : {}),
  };
}

/** newPod(name, rs, phase, lastTransitionTime, true): labelled with the selector; Running pods are Ready. */
function newPod(name: string, rs: ReplicaSet, phase: PodPhase, readySince?: Millis): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'default',
      uid: `uid-${name}`,
      labels: { ...rs.spec.selector.matchLabels },
      ownerReferences: [
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs.metadata.name ?? '', uid: rs.metadata.uid ?? '', controller: true },
      ],
    },
    spec: { containers: [{ name: 'c', image: 'foo/bar' }] },
    status: {
      phase,
      ...(phase === 'Running'
        ? {
            conditions: [
              { type: 'Ready', status: 'True', ...(readySince !== undefined ? { lastTransitionTime: readySince } : {}) },
            ],
          }
        : {}),
    },
  };
}

describe('TestCalculateStatus', () => {
  const labelMap = { name: 'foo' };
  const fullLabelMap = { name: 'foo', type: 'production' };
  const notFullyLabelledRS = newReplicaSet(1, labelMap);
  // Two replicas, for the condition rows (diff < 0, diff > 0).
  const fullyLabelledRS = newReplicaSet(2, fullLabelMap);
  const longMinReadySecondsRS = newReplicaSet(1, fullLabelMap, { minReadySeconds: 3600 });

  const counts = (
    replicas: number,
    fullyLabeledReplicas: number,
    readyReplicas: number,
    availableReplicas: number,
  ): ReplicaSetStatus => ({
    replicas,
    fullyLabeledReplicas,
    readyReplicas,
    availableReplicas,
  });

  it.each([
    ['1 fully labelled pod', fullyLabelledRS, [newPod('pod1', fullyLabelledRS, 'Running')], counts(1, 1, 1, 1)],
    ['1 not fully labelled pod', notFullyLabelledRS, [newPod('pod1', notFullyLabelledRS, 'Running')], counts(1, 0, 1, 1)],
    [
      '2 fully labelled pods',
      fullyLabelledRS,
      [newPod('pod1', fullyLabelledRS, 'Running'), newPod('pod2', fullyLabelledRS, 'Running')],
      counts(2, 2, 2, 2),
    ],
    [
      '2 not fully labelled pods',
      notFullyLabelledRS,
      [newPod('pod1', notFullyLabelledRS, 'Running'), newPod('pod2', notFullyLabelledRS, 'Running')],
      counts(2, 0, 2, 2),
    ],
    [
      '1 fully labelled pod, 1 not fully labelled pod',
      notFullyLabelledRS,
      [newPod('pod1', notFullyLabelledRS, 'Running'), newPod('pod2', fullyLabelledRS, 'Running')],
      counts(2, 1, 2, 2),
    ],
    ['1 non-ready pod', fullyLabelledRS, [newPod('pod1', fullyLabelledRS, 'Pending')], counts(1, 1, 0, 0)],
    [
      '1 ready but non-available pod',
      longMinReadySecondsRS,
      [newPod('pod1', longMinReadySecondsRS, 'Running')],
      counts(1, 1, 1, 0),
    ],
    // With a transition time (kubesim rows): Ready for less than minReadySeconds, then for more.
    [
      '1 pod ready for 3599 s of 3600',
      longMinReadySecondsRS,
      [newPod('pod1', longMinReadySecondsRS, 'Running', NOW - 3599_000)],
      counts(1, 1, 1, 0),
    ],
    [
      '1 pod ready for 3601 s of 3600',
      longMinReadySecondsRS,
      [newPod('pod1', longMinReadySecondsRS, 'Running', NOW - 3601_000)],
      counts(1, 1, 1, 1),
    ],
  ] as const)('%s', (_, rs, pods, want) => {
    expect(calculateStatus(replicated(rs), pods, undefined, NOW)).toStrictEqual(want);
  });

  it('records the generation it acted on as observedGeneration', () => {
    const rs = newReplicaSet(1, fullLabelMap, { generation: 4 });
    expect(calculateStatus(replicated(rs), [newPod('pod1', rs, 'Running')], undefined, NOW)).toStrictEqual({
      ...counts(1, 1, 1, 1),
      observedGeneration: 4,
    });
  });
});

describe('TestCalculateStatusConditions', () => {
  const labelMap = { name: 'foo' };
  const rs = newReplicaSet(2, labelMap);
  const replicaFailureRS = newReplicaSet(10, labelMap, {
    status: { replicas: 0, conditions: [{ type: 'ReplicaFailure', status: 'True' }] },
  });
  const fakeErr = 'fake manageReplicasErr';
  /** The reason upstream derives from the diff. */
  const errFor = (r: ReplicaSet, pods: readonly Pod[]): ManageError => ({
    reason: pods.length - (r.spec.replicas ?? 1) > 0 ? 'FailedDelete' : 'FailedCreate',
    message: fakeErr,
  });

  const rows: [string, ReplicaSet, Pod[], boolean, ReplicaSetCondition[] | undefined][] = [
    [
      'manageReplicasErr != nil && failureCond == nil, diff < 0',
      rs,
      [newPod('pod1', rs, 'Running')],
      true,
      [{ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: fakeErr, lastTransitionTime: NOW }],
    ],
    [
      'manageReplicasErr != nil && failureCond == nil, diff > 0',
      rs,
      [newPod('pod1', rs, 'Running'), newPod('pod2', rs, 'Running'), newPod('pod3', rs, 'Running')],
      true,
      [{ type: 'ReplicaFailure', status: 'True', reason: 'FailedDelete', message: fakeErr, lastTransitionTime: NOW }],
    ],
    [
      'manageReplicasErr == nil && failureCond != nil',
      replicaFailureRS,
      [newPod('pod1', replicaFailureRS, 'Running')],
      false,
      undefined,
    ],
    [
      'manageReplicasErr != nil && failureCond != nil',
      replicaFailureRS,
      [newPod('pod1', replicaFailureRS, 'Running')],
      true,
      [{ type: 'ReplicaFailure', status: 'True' }],
    ],
    ['manageReplicasErr == nil && failureCond == nil', rs, [newPod('pod1', rs, 'Running')], false, undefined],
  ];
  it.each(rows)('%s', (_, r, pods, failed, want) => {
    const status = calculateStatus(replicated(r), pods, failed ? errFor(r, pods) : undefined, NOW);
    expect(status.conditions).toStrictEqual(want);
  });

  // RemoveCondition and a kept failure leave the other conditions where they were (kubesim rows).
  const other: ReplicaSetCondition = { type: 'Other', status: 'True', reason: 'Something' };
  const failure: ReplicaSetCondition = { type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: 'quota' };
  const withBoth = newReplicaSet(10, labelMap, { status: { replicas: 1, conditions: [failure, other] } });

  it('keeps a failure that goes on in place, so the status does not change', () => {
    const r = replicated(withBoth);
    const pods = [newPod('pod1', withBoth, 'Running')];
    const status = calculateStatus(r, pods, { reason: 'FailedCreate', message: 'quota again' }, NOW);
    expect(status.conditions).toStrictEqual([failure, other]);
  });
  it('removes only the ReplicaFailure condition after a clean sync', () => {
    const status = calculateStatus(replicated(withBoth), [newPod('pod1', withBoth, 'Running')], undefined, NOW);
    expect(status.conditions).toStrictEqual([other]);
  });
  it('appends a new ReplicaFailure after the existing conditions (SetCondition)', () => {
    const withOther = newReplicaSet(10, labelMap, { status: { replicas: 1, conditions: [other] } });
    const pods = [newPod('pod1', withOther, 'Running')];
    const status = calculateStatus(replicated(withOther), pods, errFor(withOther, pods), NOW);
    expect(status.conditions).toStrictEqual([
      other,
      { type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: fakeErr, lastTransitionTime: NOW },
    ]);
  });
});

describe('updateReplicaSetStatus steady state (statusChanged; replica_set_utils.go)', () => {
  const labels = { name: 'foo', type: 'production' };
  const settled: ReplicaSetStatus = {
    replicas: 2,
    fullyLabeledReplicas: 2,
    readyReplicas: 2,
    availableReplicas: 2,
    observedGeneration: 3,
  };

  it('skips the write when the counts, the conditions and the observed generation are unchanged', () => {
    const rs = newReplicaSet(2, labels, { generation: 3, status: settled });
    const pods = [newPod('pod1', rs, 'Running'), newPod('pod2', rs, 'Running')];
    expect(statusChanged(replicated(rs), calculateStatus(replicated(rs), pods, undefined, NOW))).toBe(false);
  });
  it('writes when a new generation has not been observed, even with the same counts', () => {
    const rs = newReplicaSet(2, labels, { generation: 4, status: settled });
    const pods = [newPod('pod1', rs, 'Running'), newPod('pod2', rs, 'Running')];
    const next = calculateStatus(replicated(rs), pods, undefined, NOW);
    expect(statusChanged(replicated(rs), next)).toBe(true);
    expect(next.observedGeneration).toBe(4);
  });
  it.each([
    ['replicas', { replicas: 3 }],
    ['fullyLabeledReplicas', { fullyLabeledReplicas: 1 }],
    ['readyReplicas', { readyReplicas: 1 }],
    ['availableReplicas', { availableReplicas: 1 }],
    ['conditions', { conditions: [{ type: 'ReplicaFailure', status: 'True' as const }] }],
  ])('writes when %s differ', (_, change) => {
    const rs = newReplicaSet(2, labels, { generation: 3, status: settled });
    expect(statusChanged(replicated(rs), { ...settled, ...change })).toBe(true);
  });
  it('keeps writing nothing while the same failure goes on', () => {
    const failing: ReplicaSetStatus = {
      ...settled,
      conditions: [
        { type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: 'quota', lastTransitionTime: 5 },
        { type: 'Other', status: 'True' },
      ],
    };
    const rs = newReplicaSet(3, labels, { generation: 3, status: failing });
    const pods = [newPod('pod1', rs, 'Running'), newPod('pod2', rs, 'Running')];
    const next = calculateStatus(replicated(rs), pods, { reason: 'FailedCreate', message: 'quota' }, NOW);
    expect(statusChanged(replicated(rs), next)).toBe(false);
  });
});

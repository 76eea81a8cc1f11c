import type { ControllerRevision, IntOrString, ReconcileContext, StatefulSet } from '@kubesim/core';
import { Simulation } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { newStatefulSet, withStatus } from '../../test/fixtures/statefulset.js';
import { equalRevision } from '../history/history.js';
import { StatefulSetSync } from './context.js';
import { getStatefulSetRevisions } from './control.js';
import { newStatefulSetPod } from './identity.js';
import { applyRevision, newRevision, revisionTemplate } from './revision.js';
import {
  completeRollingUpdate,
  computeReplicaStatus,
  getStatefulSetMaxUnavailable,
  inconsistentStatus,
  type StatefulSetStatus,
} from './status.js';

/**
 * Ports of TestGetStatefulSetMaxUnavailable, TestCreateApplyRevision,
 * TestRollingUpdateApplyRevision (stateful_set_utils_test.go), TestStatefulSetAvailability and
 * TestStatefulSetControl_getSetRevisions (stateful_set_control_test.go).
 */

const MINUTE = 60_000;

describe('TestGetStatefulSetMaxUnavailable', () => {
  it.each([
    [undefined, 10, 1],
    [3, 10, 3],
    [3, 0, 3],
    [0, 0, 1],
    ['10%', 25, 2],
    ['100%', 5, 5],
    ['50%', 5, 2],
    ['10%', 5, 1],
    ['1%', 0, 1],
    ['0%', 0, 1],
    // The metric cases of the reference: 20% of 10, 25% of 8, 80% of 5.
    ['20%', 10, 2],
    ['25%', 8, 2],
    ['80%', 5, 4],
  ] as [IntOrString | undefined, number, number][])('maxUnavailable %j of %i replicas → %i', (max, replicas, want) => {
    expect(getStatefulSetMaxUnavailable(max, replicas)).toBe(want);
  });
});

describe('TestStatefulSetAvailability (computeReplicaStatus with minReadySeconds)', () => {
  const set = newStatefulSet(1);
  const rev = newRevision(set, 1, 0);
  const now = 200 * MINUTE;
  it.each([
    ['Ready for 120 min, minReadySeconds 3600 → available', 3600, now - 120 * MINUTE, 1],
    ['Ready for 30 min, minReadySeconds 3600 → not yet', 3600, now - 30 * MINUTE, 0],
    ['Ready 10 s ago, minReadySeconds 30 → not yet', 30, now - 10_000, 0],
    ['Ready 60 s ago, minReadySeconds 30 → available', 30, now - 60_000, 1],
    ['minReadySeconds 0: Ready is available', 0, now, 1],
  ] as const)('%s', (_name, minReady, since, want) => {
    const pod = withStatus(newStatefulSetPod(set, 0), 'Running', since);
    const s = computeReplicaStatus([pod], minReady, rev, rev, now);
    expect(s.readyReplicas).toBe(1);
    expect(s.availableReplicas).toBe(want);
  });

  it('counts created pods, terminating ones included, but revisions only for pods not terminating', () => {
    const a = newRevision(set, 1, 0);
    const b = newRevision(
      { ...set, spec: { ...set.spec, template: { ...set.spec.template, metadata: { labels: { foo: 'bar', x: 'y' } } } } },
      2,
      0,
    );
    const label = (p: ReturnType<typeof newStatefulSetPod>, r: ControllerRevision) => ({
      ...p,
      metadata: { ...p.metadata, labels: { ...p.metadata.labels, 'controller-revision-hash': r.metadata.name as string } },
    });
    const p0 = withStatus(label(newStatefulSetPod(set, 0), a), 'Running', 0);
    const p1 = withStatus(label(newStatefulSetPod(set, 1), b), 'Pending');
    const p2 = {
      ...withStatus(label(newStatefulSetPod(set, 2), b), 'Running', 0),
      metadata: { ...label(newStatefulSetPod(set, 2), b).metadata, deletionTimestamp: 5 },
    };
    const planned = label(newStatefulSetPod(set, 3), b);
    expect(computeReplicaStatus([p0, p1, p2, planned], 0, a, b, 10)).toEqual({
      replicas: 3,
      readyReplicas: 2,
      availableReplicas: 2,
      currentReplicas: 1,
      updatedReplicas: 1,
    });
  });
});

describe('completeRollingUpdate and inconsistentStatus', () => {
  const base = (over: Partial<StatefulSetStatus>): StatefulSetStatus => ({
    observedGeneration: 2,
    replicas: 3,
    readyReplicas: 3,
    currentReplicas: 1,
    updatedReplicas: 3,
    availableReplicas: 3,
    currentRevision: 'web-a',
    updateRevision: 'web-b',
    collisionCount: 0,
    ...over,
  });
  it('all replicas updated and ready: the update revision becomes current', () => {
    const s = base({});
    completeRollingUpdate(newStatefulSet(3), s);
    expect([s.currentRevision, s.currentReplicas]).toEqual(['web-b', 3]);
  });
  it.each([
    ['one not ready', base({ readyReplicas: 2 })],
    ['one not updated (a partition)', base({ updatedReplicas: 2 })],
    ['a surplus pod still there', base({ replicas: 4 })],
  ])('%s: nothing changes', (_name, s) => {
    completeRollingUpdate(newStatefulSet(3), s);
    expect(s.currentRevision).toBe('web-a');
  });
  it('OnDelete never completes', () => {
    const set = newStatefulSet(3);
    const s = base({});
    completeRollingUpdate({ ...set, spec: { ...set.spec, updateStrategy: { type: 'OnDelete' } } }, s);
    expect(s.currentRevision).toBe('web-a');
  });
  it('a status equal in every compared field is consistent; a newer generation is not', () => {
    const set = newStatefulSet(3);
    const s = base({});
    const written = { ...set, status: { ...s } };
    expect(inconsistentStatus(written, s)).toBe(false);
    expect(inconsistentStatus(written, { ...s, observedGeneration: 3 })).toBe(true);
    expect(inconsistentStatus(written, { ...s, availableReplicas: 2 })).toBe(true);
  });
});

describe('TestCreateApplyRevision and TestRollingUpdateApplyRevision', () => {
  it('restoring a revision restores the template it was made from, keeping the other fields', () => {
    const set = { ...newStatefulSet(1), metadata: { ...newStatefulSet(1).metadata, annotations: { foo: 'bar' } } };
    const revision = newRevision(set, 1, 0);
    expect(revision.metadata.annotations).toEqual({ foo: 'bar' });
    const changed: StatefulSet = {
      ...set,
      spec: {
        ...set.spec,
        template: { ...set.spec.template, spec: { ...set.spec.template.spec, containers: [{ name: 'foo', image: 'nginx' }] } },
      },
    };
    const restored = applyRevision(changed, revision);
    expect(restored.spec.template).toEqual(set.spec.template);
    expect(restored.spec.replicas).toBe(1);
    expect(equalRevision(revision, newRevision(restored, 2, 0))).toBe(true);
    expect(revisionTemplate(revision)).toEqual(set.spec.template);
  });
  it('current and update revisions each restore their own template', () => {
    const set = newStatefulSet(1);
    const current = newRevision(set, 1, 0);
    const updateSet: StatefulSet = {
      ...set,
      spec: {
        ...set.spec,
        template: {
          ...set.spec.template,
          spec: {
            ...set.spec.template.spec,
            containers: [{ name: 'nginx', image: 'nginx', env: [{ name: 'foo', value: 'bar' }] }],
          },
        },
      },
    };
    const update = newRevision(updateSet, 2, 0);
    expect(applyRevision(updateSet, current).spec.template).toEqual(set.spec.template);
    expect(applyRevision(set, update).spec.template).toEqual(updateSet.spec.template);
  });
});

describe('TestStatefulSetControl_getSetRevisions', () => {
  const ctx: ReconcileContext = {
    now: 0,
    random: () => {
      throw new Error('not used');
    },
    memory: () => undefined,
    inFlight: () => 0,
    failures: () => [],
    generateName: (b) => b,
  };
  const withImage = (s: StatefulSet, image: string, currentRevision?: string): StatefulSet => ({
    ...s,
    spec: {
      ...s.spec,
      template: { ...s.spec.template, spec: { ...s.spec.template.spec, containers: [{ name: 'nginx', image }] } },
    },
    status: { replicas: 0, collisionCount: 0, ...(currentRevision !== undefined ? { currentRevision } : {}) },
  });
  const set = { ...newStatefulSet(3), status: { replicas: 0, collisionCount: 0 } };
  const rev0 = newRevision(set, 1, 0);
  const set1 = withImage(set, 'foo', rev0.metadata.name);
  const rev1 = newRevision(set1, 2, 0);
  const set2: StatefulSet = {
    ...set1,
    spec: { ...set1.spec, template: { ...set1.spec.template, metadata: { labels: { foo: 'bar', new: 'label' } } } },
  };
  const rev2 = newRevision(set2, 3, 0);

  /** The existing revisions in a cluster, then getStatefulSetRevisions over them. */
  function run(existing: readonly ControllerRevision[], s: StatefulSet) {
    const sim = new Simulation({ seed: 1 });
    for (const r of existing) sim.create(r);
    sim.run();
    const revisions = sim.list('ControllerRevision');
    const sync = new StatefulSetSync(sim.view, ctx, s, false);
    const result = getStatefulSetRevisions(sync, s, revisions);
    const creates = sync.effects().filter((e) => e.type === 'create').length;
    return { result, count: revisions.length + creates, effects: sync.effects() };
  }

  it.each([
    ['creates initial revision', [], set, 1, rev0, rev0],
    ['creates revision on update', [rev0], set1, 2, rev0, rev1],
    ['must not recreate a new revision of same set', [rev0, rev1], set1, 2, rev0, rev1],
    ['must rollback to a previous revision', [rev0, rev1, rev2], set1, 3, rev0, { ...rev1, revision: 4 }],
  ] as const)('%s', (_name, existing, s, count, current, update) => {
    const { result, count: got } = run(existing, s);
    expect(got).toBe(count);
    expect(equalRevision(result.currentRevision, current)).toBe(true);
    expect(equalRevision(result.updateRevision, update)).toBe(true);
    expect(result.currentRevision.revision).toBe(current.revision);
    expect(result.updateRevision.revision).toBe(update.revision);
  });

  it('a name taken by other data bumps the collision count and renames the revision', () => {
    const squatter = { ...rev2, metadata: { ...rev2.metadata, name: rev0.metadata.name as string } };
    const { result, effects } = run([squatter], set);
    expect(result.collisionCount).toBe(1);
    expect(result.updateRevision.metadata.name).not.toBe(rev0.metadata.name);
    expect(effects.some((e) => e.type === 'create' && e.object.metadata.name === result.updateRevision.metadata.name)).toBe(true);
  });
});

import type { DaemonSet, IntOrString, Pod } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import {
  addNodes,
  daemonApi,
  expectSyncDaemonSets,
  markPodsReady,
  newDaemonSet,
  newNode,
  podsOf,
  setReady,
  updateSpec,
} from '../../test/fixtures/daemonset.js';
import { getTargetNodeName } from './util/daemonset_util.js';

/**
 * Ports of pkg/controller/daemon/update_test.go. Upstream's fake pod control observes its own
 * creations and deletions at once, so its rolling update runs in the same sync as a manage
 * that wrote pods; in kubesim (as in a cluster) the informers have not seen them yet, the
 * expectations are not satisfied, and the rolling update waits for the next sync. Rows where
 * that splits one upstream sync in two say so.
 */

const newUpdateSurge = (value: IntOrString): NonNullable<DaemonSet['spec']['updateStrategy']> => ({
  type: 'RollingUpdate',
  rollingUpdate: { maxUnavailable: 0, maxSurge: value },
});
const newUpdateUnavailable = (value: IntOrString): NonNullable<DaemonSet['spec']['updateStrategy']> => ({
  type: 'RollingUpdate',
  rollingUpdate: { maxUnavailable: value },
});

/** The set `foo` on five nodes, its five pods created and Ready, then a new image and strategy. */
function rolledOut(strategy: NonNullable<DaemonSet['spec']['updateStrategy']>, nodes = 5, ready = true) {
  const api = daemonApi(newDaemonSet('foo'), addNodes(0, nodes));
  expectSyncDaemonSets(api, nodes, 0);
  if (ready) markPodsReady(api);
  const ds = newDaemonSet('foo');
  updateSpec(api, 'foo', {
    updateStrategy: strategy,
    template: { ...ds.spec.template, spec: { ...ds.spec.template.spec, containers: [{ name: 'foo', image: 'foo2/bar2' }] } },
  });
  return api;
}

describe('TestDaemonSetUpdatesPods', () => {
  it('replaces maxUnavailable pods a round, deleting first', () => {
    const api = rolledOut(newUpdateUnavailable(2));
    for (const n of [2, 2, 1]) {
      expectSyncDaemonSets(api, 0, n);
      expectSyncDaemonSets(api, n, 0);
      markPodsReady(api);
    }
    expectSyncDaemonSets(api, 0, 0);
  });
});

describe('TestDaemonSetUpdatesPodsWithMaxSurge', () => {
  it('surges maxSurge new pods, deleting each old one once its new one is available', () => {
    const api = rolledOut(newUpdateSurge(2));
    expectSyncDaemonSets(api, 2, 0);
    expectSyncDaemonSets(api, 0, 0);
    markPodsReady(api);
    // Upstream (2, 2) in one sync: manage deletes the two replaced pods, the rolling update
    // surges two more once those deletions are seen.
    expectSyncDaemonSets(api, 0, 2);
    expectSyncDaemonSets(api, 2, 0);
    expectSyncDaemonSets(api, 0, 0);
    markPodsReady(api);
    // Upstream (5 % 2, 2).
    expectSyncDaemonSets(api, 0, 2);
    expectSyncDaemonSets(api, 1, 0);
    expectSyncDaemonSets(api, 0, 0);
    markPodsReady(api);
    expectSyncDaemonSets(api, 0, 1);
    expectSyncDaemonSets(api, 0, 0);
  });
});

describe('TestDaemonSetUpdatesPodsNotMatchTainstWithMaxSurge', () => {
  it('moves off a node whose taint the new template no longer tolerates, once another pod is available', () => {
    const ds = newDaemonSet('foo');
    const tolerating: DaemonSet = {
      ...ds,
      spec: {
        ...ds.spec,
        updateStrategy: newUpdateSurge(1),
        template: {
          ...ds.spec.template,
          spec: { ...ds.spec.template.spec, tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists' }] },
        },
      },
    };
    const nodes = addNodes(1, 4);
    nodes.unshift(newNode('node-0', undefined, [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }]));
    const api = daemonApi(tolerating, nodes);
    expectSyncDaemonSets(api, 5, 0);
    markPodsReady(api);
    updateSpec(api, 'foo', { template: { ...ds.spec.template, spec: { ...ds.spec.template.spec, tolerations: null as never } } });
    // Upstream (1, 1): a surge on node-1, and node-0's pod goes as 5 are available of 4 desired.
    expectSyncDaemonSets(api, 1, 1);
    expectSyncDaemonSets(api, 0, 0);
    markPodsReady(api);
    for (let i = 0; i < 3; i++) {
      // Upstream (1, 1) each round: here manage deletes the replaced pod, then the next surge.
      expectSyncDaemonSets(api, 0, 1);
      expectSyncDaemonSets(api, 1, 0);
      expectSyncDaemonSets(api, 0, 0);
      markPodsReady(api);
    }
    expectSyncDaemonSets(api, 0, 1);
    expectSyncDaemonSets(api, 0, 0);
  });
});

describe('TestDaemonSetUpdatesWhenNewPodIsNotReady', () => {
  it('stops while the new pods are unavailable', () => {
    const api = rolledOut(newUpdateUnavailable(3));
    expectSyncDaemonSets(api, 0, 3);
    expectSyncDaemonSets(api, 3, 0);
    expectSyncDaemonSets(api, 0, 0);
  });
});

describe('TestDaemonSetUpdatesSomeOldPodsNotReady', () => {
  it('replaces maxUnavailable pods, and again on a second update, leaving the rest Ready', () => {
    const api = rolledOut(newUpdateUnavailable(2));
    expectSyncDaemonSets(api, 0, 2);
    expectSyncDaemonSets(api, 2, 0);
    expectSyncDaemonSets(api, 0, 0);
    const ds = newDaemonSet('foo');
    updateSpec(api, 'foo', {
      template: { ...ds.spec.template, spec: { ...ds.spec.template.spec, containers: [{ name: 'foo', image: 'foo2/bar3' }] } },
    });
    expectSyncDaemonSets(api, 0, 2);
    expectSyncDaemonSets(api, 2, 0);
    expectSyncDaemonSets(api, 0, 0);
    const ready = podsOf(api).filter((p) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
    expect(ready).toHaveLength(5 - 2);
  });
});

describe('TestDaemonSetUpdatesSaveOldHealthyPods', () => {
  it('never touches the available old pods while unavailable ones fill maxUnavailable', () => {
    const api = daemonApi(newDaemonSet('foo'), addNodes(0, 20));
    expectSyncDaemonSets(api, 20, 0);
    markPodsReady(api);
    const ds = newDaemonSet('foo');
    const image = (img: string) => ({
      ...ds.spec.template,
      spec: { ...ds.spec.template.spec, containers: [{ name: 'foo', image: img }] },
    });
    // First update, to get 10 old pods that must never be touched.
    updateSpec(api, 'foo', { updateStrategy: newUpdateUnavailable(10), template: image('foo2/bar2') });
    expectSyncDaemonSets(api, 0, 10);
    expectSyncDaemonSets(api, 10, 0);
    expectSyncDaemonSets(api, 0, 0);
    const ready = () =>
      podsOf(api)
        .filter((p) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'))
        .map((p) => p.metadata.name);
    const oldReady = ready();
    expect(oldReady).toHaveLength(10);
    // Upstream draws maxUnavailable with rand.Intn(10); a fixed draw here, and no 0 (the API
    // server refuses maxUnavailable 0 without maxSurge; upstream's fake store does not check).
    [3, 7, 1, 9, 5, 2, 8, 4, 6, 1].forEach((maxUnavailable, i) => {
      updateSpec(api, 'foo', { updateStrategy: newUpdateUnavailable(maxUnavailable), template: image(`foo2/bar3-${i}`) });
      expectSyncDaemonSets(api, 0, 10);
      expectSyncDaemonSets(api, 10, 0);
      expectSyncDaemonSets(api, 0, 0);
      expect(ready()).toEqual(expect.arrayContaining(oldReady));
    });
    updateSpec(api, 'foo', { updateStrategy: newUpdateUnavailable(11), template: image('foo2/bar4') });
    expectSyncDaemonSets(api, 0, 11);
    expectSyncDaemonSets(api, 11, 0);
    expectSyncDaemonSets(api, 0, 0);
    expect(ready()).toHaveLength(9);
  });
});

describe('TestDaemonSetUpdatesAllOldNotReadyPodsAndNewNotReadyPods', () => {
  it('replaces the unavailable old pods even when the new ones use up maxUnavailable', () => {
    const api = daemonApi(newDaemonSet('foo'), addNodes(0, 100));
    expectSyncDaemonSets(api, 100, 0);
    markPodsReady(api);
    const hash1 = podsOf(api)[0]?.metadata.labels?.['controller-revision-hash'] as string;
    const ds = newDaemonSet('foo');
    updateSpec(api, 'foo', {
      updateStrategy: newUpdateUnavailable(10),
      template: { ...ds.spec.template, spec: { ...ds.spec.template.spec, containers: [{ name: 'foo', image: 'foo2/bar2' }] } },
    });
    for (let i = 0; i < 10; i++) {
      expectSyncDaemonSets(api, 0, 10);
      expectSyncDaemonSets(api, 10, 0);
      markPodsReady(api);
    }
    expectSyncDaemonSets(api, 0, 0);
    // 88 unavailable new pods, 2 unavailable old pods, 10 available old pods.
    const oldUnavailable: string[] = [];
    podsOf(api).forEach((pod, i) => {
      if (i >= 10) setReady(api, pod, false);
      if (i < 12) {
        api.write({
          type: 'Patch',
          ref: { kind: 'Pod', namespace: 'default', name: pod.metadata.name as string },
          patchType: 'merge',
          // Both revision labels: kubesim's API server keeps the template generation too.
          patch: { metadata: { labels: { 'controller-revision-hash': hash1, 'pod-template-generation': '1' } } },
        });
        if (i >= 10) oldUnavailable.push(pod.metadata.name as string);
      }
    });
    expectSyncDaemonSets(api, 0, 2);
    expectSyncDaemonSets(api, 2, 0);
    expectSyncDaemonSets(api, 0, 0);
    expect(podsOf(api).filter((p) => oldUnavailable.includes(p.metadata.name as string))).toEqual([]);
  });
});

describe('TestDaemonSetUpdatesAllOldPodsNotReady', () => {
  it('replaces every unavailable old pod at once', () => {
    const api = rolledOut(newUpdateUnavailable(3), 5, false);
    expectSyncDaemonSets(api, 0, 5);
    expectSyncDaemonSets(api, 5, 0);
    expectSyncDaemonSets(api, 0, 0);
  });
});

describe('TestDaemonSetUpdatesAllOldPodsNotReadyMaxSurge', () => {
  it('surges onto every node whose old pod is unavailable, then deletes the old ones', () => {
    const api = rolledOut(newUpdateSurge(3), 5, false);
    api.sim.run(100_000);
    expectSyncDaemonSets(api, 5, 0);
    // The new pods are not ready either: manage keeps the new and drops the old not-ready pod.
    api.sim.run(200_000);
    expectSyncDaemonSets(api, 0, 5);

    // All five Ready at 200s; then minReadySeconds 15 and another image.
    markPodsReady(api);
    const ds = newDaemonSet('foo');
    updateSpec(api, 'foo', {
      minReadySeconds: 15,
      template: { ...ds.spec.template, spec: { ...ds.spec.template.spec, containers: [{ name: 'foo', image: 'foo3/bar3' }] } },
    });
    api.sim.run(300_000);
    const r = expectSyncDaemonSets(api, 3, 0);
    const created = r.sent.map((c) => c.effect).find((e) => e.type === 'create' && e.object.kind === 'Pod');
    const hash = created?.type === 'create' ? created.object.metadata.labels?.['controller-revision-hash'] : undefined;
    const isNew = (p: Pod) => p.metadata.labels?.['controller-revision-hash'] === hash;
    const newNodes = new Set(
      podsOf(api)
        .filter(isNew)
        .map((p) => getTargetNodeName(p)),
    );
    // Two updated pods Ready at 300s; one old pod, on a node without an updated one, not ready.
    for (const p of podsOf(api).filter(isNew).slice(0, 2)) setReady(api, p, true);
    const lone = podsOf(api).find((p) => !isNew(p) && !newNodes.has(getTargetNodeName(p))) as Pod;
    setReady(api, lone, false);
    // The new pods are not available until 315s: only the not-ready old pod's node gets one.
    api.sim.run(310_000);
    expectSyncDaemonSets(api, 1, 0);
    // Upstream (1, 3) in one sync: manage deletes the two old pods whose new pods are available
    // and the not-ready old one beside its new pod; the rolling update then surges once more.
    api.sim.run(320_000);
    expectSyncDaemonSets(api, 0, 3);
    expectSyncDaemonSets(api, 1, 0);
    markPodsReady(api, (p) => isNew(p) && !p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
    api.sim.run(340_000);
    expectSyncDaemonSets(api, 0, 2);
    api.sim.run(350_000);
    expectSyncDaemonSets(api, 0, 0);
  });
});

describe('TestDaemonSetUpdatesNoTemplateChanged', () => {
  it('deletes nothing when only the strategy changed', () => {
    const api = daemonApi(newDaemonSet('foo'), addNodes(0, 5));
    expectSyncDaemonSets(api, 5, 0);
    updateSpec(api, 'foo', { updateStrategy: newUpdateUnavailable(3) });
    expectSyncDaemonSets(api, 0, 0);
  });
});

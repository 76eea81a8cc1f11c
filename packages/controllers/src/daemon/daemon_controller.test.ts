import {
  computeHash,
  type DaemonSet,
  type KubeObject,
  type Node,
  type Pod,
  type PodSpec,
  type Taint,
  type Toleration,
} from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import type { FakeApi, SyncResult } from '../../test/fixtures/calls.js';
import {
  addNodes,
  daemonApi,
  expectSyncDaemonSets,
  markPodsReady,
  newDaemonSet,
  newNode,
  podsOf,
  simpleDaemonSetLabel,
  simpleDaemonSetLabel2,
  simpleNodeLabel,
} from '../../test/fixtures/daemonset.js';
import { daemonSetController } from './daemon_controller.js';
import { getTargetNodeName } from './util/daemonset_util.js';

/**
 * Ports of daemon_controller_test.go's sync tests, each for every one of upstream's
 * updateStrategies() (OnDelete, and RollingUpdate with maxUnavailable 1).
 */

const STRATEGIES: [string, NonNullable<DaemonSet['spec']['updateStrategy']>][] = [
  ['OnDelete', { type: 'OnDelete' }],
  ['RollingUpdate', { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } }],
];

function ds(strategy: NonNullable<DaemonSet['spec']['updateStrategy']>, spec: Partial<PodSpec> = {}): DaemonSet {
  const d = newDaemonSet('foo');
  return {
    ...d,
    spec: { ...d.spec, updateStrategy: strategy, template: { ...d.spec.template, spec: { ...d.spec.template.spec, ...spec } } },
  };
}

let podCount = 0;
/**
 * addPods: pods of the set on a node, as upstream's newPod makes them: labelled with the
 * set's current hash; not owned unless asked (the set adopts them).
 */
function addPods(
  api: FakeApi,
  node: string,
  n: number,
  labels: Record<string, string> = simpleDaemonSetLabel,
  owned = false,
): Pod[] {
  const stored = api.sim.get('DaemonSet', 'foo', 'default') as DaemonSet;
  const hash = computeHash(stored.spec.template, stored.status?.collisionCount);
  const ref = { apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'foo', uid: stored.metadata.uid as string, controller: true };
  const out: Pod[] = Array.from({ length: n }, () => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `pod-${podCount++}`,
      namespace: 'default',
      labels: { ...labels, 'controller-revision-hash': hash },
      ...(owned ? { ownerReferences: [ref] } : {}),
    },
    spec: { nodeName: node, containers: [{ name: 'foo', image: 'foo/bar' }] },
  }));
  for (const pod of out) api.write({ type: 'Create', object: pod });
  return out;
}

function failPods(api: FakeApi, list: readonly Pod[]): void {
  for (const p of list) {
    api.write({
      type: 'Patch',
      ref: { kind: 'Pod', namespace: 'default', name: p.metadata.name as string },
      patchType: 'merge',
      subresource: 'status',
      patch: { status: { phase: 'Failed' } },
    });
  }
}

describe.each(STRATEGIES)('%s', (_s, strategy) => {
  it('TestSimpleDaemonSetLaunchesPods', () => {
    const api = daemonApi(ds(strategy), addNodes(0, 5));
    expectSyncDaemonSets(api, 5, 0);
    // Each pod is pinned to its node by a required node affinity, and not bound.
    const targets = podsOf(api).map((p) => [p.spec.nodeName, getTargetNodeName(p)]);
    expect(targets.sort()).toEqual(['node-0', 'node-1', 'node-2', 'node-3', 'node-4'].map((n) => [undefined, n]));
  });

  it('TestNoNodesDoesNothing', () => {
    expectSyncDaemonSets(daemonApi(ds(strategy), []), 0, 0);
  });

  it('TestOneNodeDaemonLaunchesPod', () => {
    expectSyncDaemonSets(daemonApi(ds(strategy), [newNode('only-node')]), 1, 0);
  });

  it('TestDealsWithExistingPods', () => {
    const api = daemonApi(ds(strategy), addNodes(0, 5));
    addPods(api, 'node-1', 1);
    addPods(api, 'node-2', 2);
    addPods(api, 'node-3', 5);
    addPods(api, 'node-4', 2, simpleDaemonSetLabel2);
    expectSyncDaemonSets(api, 2, 5);
  });

  it('TestSelectorDaemonLaunchesPods', () => {
    const nodes = [...addNodes(0, 4), ...addNodes(4, 3, simpleNodeLabel)];
    expectSyncDaemonSets(daemonApi(ds(strategy, { nodeSelector: simpleNodeLabel }), nodes), 3, 0);
  });

  it('TestSelectorDaemonDeletesUnselectedPods', () => {
    const nodes = [...addNodes(0, 5), ...addNodes(5, 5, simpleNodeLabel)];
    const api = daemonApi(ds(strategy, { nodeSelector: simpleNodeLabel }), nodes);
    addPods(api, 'node-0', 2, simpleDaemonSetLabel2);
    addPods(api, 'node-1', 3);
    addPods(api, 'node-1', 1, simpleDaemonSetLabel2);
    addPods(api, 'node-4', 1);
    expectSyncDaemonSets(api, 5, 4);
  });

  it('TestNodeAffinityDaemonLaunchesPods', () => {
    const nodes = [...addNodes(0, 4), ...addNodes(4, 3, simpleNodeLabel)];
    const affinity = {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: [{ key: 'color', operator: 'In', values: ['blue'] }] }],
        },
      },
    };
    expectSyncDaemonSets(daemonApi(ds(strategy, { affinity }), nodes), 3, 0);
  });

  it('TestDaemonSetRespectsTermination', () => {
    const api = daemonApi(ds(strategy), [newNode('node-0', simpleNodeLabel)]);
    const [pod] = addPods(api, 'node-0', 1, simpleDaemonSetLabel, true);
    // Bound to its node, the pod is deleted gracefully: it stays, terminating.
    api.write({ type: 'Delete', ref: { kind: 'Pod', namespace: 'default', name: pod?.metadata.name as string } });
    expect(podsOf(api)[0]?.metadata.deletionTimestamp).toBeDefined();
    expectSyncDaemonSets(api, 0, 0);
  });

  describe('taints', () => {
    const cases: [string, Node, Toleration[], number][] = [
      ['TestTaintedNodeDaemonDoesNotLaunchIntolerantPods', newNode('tainted', undefined, [noSchedule]), [], 0],
      [
        'TestTaintedNodeDaemonLaunchesToleratePod',
        newNode('tainted', undefined, [noSchedule]),
        [{ key: 'dedicated', operator: 'Equal', value: 'user1', effect: 'NoSchedule' }],
        1,
      ],
      [
        'TestNotReadyNodeDaemonLaunchesPod',
        newNode('tainted', undefined, [{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }]),
        [],
        1,
      ],
      [
        'TestUnreachableNodeDaemonLaunchesPod',
        newNode('tainted', undefined, [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }]),
        [],
        1,
      ],
      [
        'TestTaintPressureNodeDaemonLaunchesPod',
        newNode(
          'tainted',
          undefined,
          ['disk', 'memory', 'pid'].map((p) => ({ key: `node.kubernetes.io/${p}-pressure`, effect: 'NoSchedule' })),
        ),
        [],
        1,
      ],
    ];
    it.each(cases)('%s', (_name, node, tolerations, creates) => {
      expectSyncDaemonSets(daemonApi(ds(strategy, { tolerations }), [node]), creates, 0);
    });
  });

  it('TestInsufficientCapacityNodeDaemonLaunchesPod (the scheduler leaves it Pending)', () => {
    const node = { ...newNode('too-much-mem'), status: { allocatable: { memory: '75M', cpu: '75m', pods: '110' } } };
    const spec: Partial<PodSpec> = {
      nodeName: 'too-much-mem',
      containers: [{ name: 'foo', image: 'foo/bar', resources: { requests: { memory: '75M', cpu: '75m' } } }],
    };
    expectSyncDaemonSets(daemonApi(ds(strategy, spec), [node]), 1, 0);
  });

  describe('TestDaemonKillFailedPods', () => {
    it.each([
      ['normal (do nothing)', 0, 1, 0, 0, 0],
      ['no pods (create 1)', 0, 0, 1, 0, 0],
      ['1 failed pod (kill 1), 0 normal pod (create 0; will create in the next sync)', 1, 0, 0, 1, 1],
      ['1 failed pod (kill 1), 3 normal pods (kill 2)', 1, 3, 0, 3, 1],
    ])('%s', (_name, numFailed, numNormal, creates, deletes, events) => {
      const api = daemonApi(ds(strategy), addNodes(0, 1));
      const failed = addPods(api, 'node-0', numFailed);
      addPods(api, 'node-0', numNormal);
      failPods(api, failed);
      const r = expectSyncDaemonSets(api, creates, deletes, events);
      if (events > 0)
        expect(r.events).toContain(
          `Warning FailedDaemonPod Found failed daemon pod default/${failed[0]?.metadata.name} on node node-0, will try to kill it`,
        );
    });
  });
});

describe('TestDaemonKillFailedPodsBackoff', () => {
  it.each(STRATEGIES)('%s', (_s, strategy) => {
    const api = daemonApi(ds(strategy), addNodes(0, 1));
    // The set's own pod, and its first status (the back-off key carries observedGeneration).
    expectSyncDaemonSets(api, 1, 0);
    expectSyncDaemonSets(api, 0, 0);
    // The kubelet keeps rejecting the daemon pod: each time, a failed pod on node-0.
    failPods(api, podsOf(api));
    const first = expectSyncDaemonSets(api, 0, 1, 1);
    const start = api.sim.now;
    // Upstream's fake keeps the pod it could not delete; here the kubelet's next rejection does.
    failPods(api, addPods(api, 'node-0', 1));
    const limited = expectSyncDaemonSets(api, 0, 0, 0);
    expect(limited.effects).toContainEqual({ type: 'requeueAfter', after: 1000 });
    api.sim.run(start + 999);
    expectSyncDaemonSets(api, 0, 0, 0);
    api.sim.run(start + 1000);
    const again = expectSyncDaemonSets(api, 0, 1, 1);
    // The next failure waits twice as long.
    failPods(api, addPods(api, 'node-0', 1));
    expect(expectSyncDaemonSets(api, 0, 0, 0).effects).toContainEqual({ type: 'requeueAfter', after: 2000 });
    expect(first.events.concat(again.events).filter((e) => e.includes('FailedDaemonPod'))).toHaveLength(2);
  });
});

describe('TestControlledHistories', () => {
  const revision = (name: string, namespace: string, owner?: DaemonSet): KubeObject =>
    ({
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: {
        name,
        namespace,
        labels: { ...simpleDaemonSetLabel },
        ...(owner
          ? {
              ownerReferences: [
                {
                  apiVersion: 'apps/v1',
                  kind: 'DaemonSet',
                  name: 'foo',
                  uid: owner.metadata.uid,
                  controller: true,
                  blockOwnerDeletion: true,
                },
              ],
            }
          : {}),
      },
      data: {},
      revision: 1,
    }) as KubeObject;
  const adoptions = (r: SyncResult): string[] =>
    r.sent.flatMap((c) => (c.effect.type === 'patch' && c.effect.ref.kind === 'ControllerRevision' ? [c.effect.ref.name] : []));

  it.each([
    ['controller revision in the same namespace', 'default', ['foo-x2']],
    ['Skip adopting the controller revision in namespace other than the one in which DS lives', 'default-other', []],
  ])('%s', (_name, orphanNamespace, adopted) => {
    const api = daemonApi(ds({ type: 'OnDelete' }), []);
    const owner = api.sim.get('DaemonSet', 'foo', 'default') as DaemonSet;
    api.write({ type: 'Create', object: revision('foo-x1', 'default', owner) });
    api.write({ type: 'Create', object: revision('foo-x2', orphanNamespace) });
    const r = api.sync(daemonSetController(), 'default/foo');
    expect(adoptions(r)).toEqual(adopted);
    // The adoption goes after an uncached GET of the set (canAdoptFunc).
    for (const c of r.sent) if (c.effect.type === 'patch') expect(c.effect.getFirst).toBe(true);
  });
});

const noSchedule: Taint = { key: 'dedicated', value: 'user1', effect: 'NoSchedule' };

describe('TestNumberReadyStatus', () => {
  it('counts the ready pods, and observes the generation', () => {
    const api = daemonApi(ds({ type: 'OnDelete' }), addNodes(0, 2));
    expectSyncDaemonSets(api, 2, 0);
    expectSyncDaemonSets(api, 0, 0);
    const status = () => api.sim.get('DaemonSet', 'foo', 'default')?.status;
    expect(status()).toMatchObject({
      desiredNumberScheduled: 2,
      currentNumberScheduled: 2,
      numberReady: 0,
      observedGeneration: 1,
    });
    markPodsReady(api);
    expectSyncDaemonSets(api, 0, 0);
    expect(status()).toMatchObject({ numberReady: 2, numberAvailable: 2, updatedNumberScheduled: 2 });
    // numberUnavailable is omitempty: at 0 it is left out.
    expect(status()?.numberUnavailable).toBeUndefined();
  });
});

describe('TestObservedGeneration', () => {
  it('is not raised while expectations are pending', () => {
    const api = daemonApi(ds({ type: 'OnDelete' }), addNodes(0, 1));
    const r = api.sync(daemonSetController(), 'default/foo', undefined, { inFlight: 1 });
    const write = r.sent.find((s) => s.effect.type === 'updateStatus');
    expect((write?.effect as { object: DaemonSet } | undefined)?.object.status?.observedGeneration).toBeUndefined();
    expect(r.sent.filter((s) => s.effect.type === 'create' && s.effect.object.kind === 'Pod')).toHaveLength(0);
  });
});

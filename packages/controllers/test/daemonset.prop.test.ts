import { type DaemonSet, isPodReady, type Pod, type Simulation } from '@kubesim/core';
import { createInvariants } from '@kubesim/scenarios';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nodeShouldRunDaemonPod } from '../src/daemon/nodeShouldRunDaemonPod.js';
import { daemonutil, defaultControllers } from '../src/index.js';
import { cluster } from './helpers.js';

/**
 * A DaemonSet under random node joins, failures and recoveries, taints, relabels and image
 * changes, with each update strategy. Every pod the controller creates is checked by the
 * scenario library's daemonset-one-pod-per-node invariant; once the run has been quiet long
 * enough, every node that should run the daemon runs exactly one updated pod (Running and
 * Ready on a live node), and no other node runs one.
 */

type Action =
  | { t: number; op: 'join' }
  | { t: number; op: 'fail' | 'recover' | 'untaint' | 'label' | 'unlabel'; node: number }
  | { t: number; op: 'taint'; node: number; effect: 'NoSchedule' | 'NoExecute' }
  | { t: number; op: 'image'; image: string };

const at = fc.integer({ min: 1, max: 90_000 });
const node = fc.integer({ min: 0, max: 5 });
const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ t: at, op: fc.constant('join' as const) }),
  fc.record({ t: at, op: fc.constantFrom('fail' as const, 'recover' as const, 'untaint' as const), node }),
  fc.record({ t: at, op: fc.constantFrom('label' as const, 'unlabel' as const), node }),
  fc.record({
    t: at,
    op: fc.constant('taint' as const),
    node,
    effect: fc.constantFrom('NoSchedule' as const, 'NoExecute' as const),
  }),
  {
    weight: 3,
    arbitrary: fc.record({ t: at, op: fc.constant('image' as const), image: fc.constantFrom('nginx:1.9.1', 'nginx:1.25') }),
  },
);

const STRATEGIES: Record<string, NonNullable<DaemonSet['spec']['updateStrategy']>> = {
  unavailable1: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
  unavailable50: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '50%' } },
  surge1: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
  onDelete: { type: 'OnDelete' },
};

function daemonSet(strategy: NonNullable<DaemonSet['spec']['updateStrategy']>, selector: boolean): DaemonSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent', namespace: 'default' },
    spec: {
      updateStrategy: strategy,
      selector: { matchLabels: { app: 'agent' } },
      template: {
        metadata: { labels: { app: 'agent' } },
        spec: { containers: [{ name: 'agent', image: 'nginx:1.7.9' }], ...(selector ? { nodeSelector: { pool: 'a' } } : {}) },
      },
    },
  };
}

function perform(sim: Simulation, a: Action, nodes: string[], down: Set<string>): void {
  if (a.op === 'join') {
    const name = `n${nodes.length}`;
    nodes.push(name);
    sim.addNode({ name, labels: { pool: 'a' } });
    return;
  }
  if (a.op === 'image') {
    sim.patch(
      { kind: 'DaemonSet', name: 'agent' },
      { spec: { template: { spec: { containers: [{ name: 'agent', image: a.image }] } } } },
    );
    return;
  }
  const name = nodes[a.node % nodes.length] as string;
  const ref = { kind: 'Node' as const, name };
  switch (a.op) {
    case 'fail':
      if (!down.has(name)) sim.failNode(name);
      down.add(name);
      return;
    case 'recover':
      if (down.has(name)) sim.recoverNode(name);
      down.delete(name);
      return;
    case 'taint':
      sim.patch(ref, { spec: { taints: [{ key: 'dedicated', value: 'x', effect: a.effect }] } }, 'merge');
      return;
    case 'untaint':
      sim.patch(ref, { spec: { taints: null } }, 'merge');
      return;
    case 'label':
      sim.label(ref, { pool: 'a' });
      return;
    case 'unlabel':
      sim.label(ref, { pool: null });
      return;
  }
}

describe('DaemonSet under node joins, failures, taints, relabels and rolling updates', () => {
  it('never doubles a pod on a node, and converges to one updated pod on every eligible node', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: 1, max: 4 }),
        fc.constantFrom(...Object.keys(STRATEGIES)),
        fc.boolean(),
        fc.array(action, { maxLength: 6 }),
        fc.boolean(),
        (seed, nodeCount, strategy, selector, actions, upstream) => {
          const nodes = Array.from({ length: nodeCount }, (_, i) => `n${i}`);
          const invariants = createInvariants(['daemonset-one-pod-per-node']);
          const sim = cluster({
            seed,
            nodes: nodes.map((name) => ({ name, labels: { pool: 'a' } })),
            controllers: defaultControllers(),
            invariants,
            // The upstream timing (informer lag, client limits, sync costs) in half the runs.
            ...(upstream ? { controlPlane: { profile: 'upstream' as const } } : {}),
            objects: [daemonSet(STRATEGIES[strategy] ?? { type: 'OnDelete' }, selector)],
          });
          const down = new Set<string>();
          for (const a of [...actions].sort((x, y) => x.t - y.t)) {
            sim.run(a.t);
            perform(sim, a, nodes, down);
          }
          sim.run(90_000 + 10 * 60_000);
          expect(sim.engine.violations).toEqual([]);
          const ds = sim.get('DaemonSet', 'agent') as DaemonSet;
          const hash = ds.status && sim.list('ControllerRevision').sort((a, b) => b.revision - a.revision)[0];
          const updatedHash = hash?.metadata.labels?.['controller-revision-hash'] ?? '';
          const live = (p: Pod) => p.metadata.deletionTimestamp === undefined && daemonutil.getTargetNodeName(p);
          for (const n of sim.list('Node')) {
            const name = n.metadata.name as string;
            const { shouldRun, shouldContinueRunning } = nodeShouldRunDaemonPod(n, ds);
            const pods = sim.list('Pod').filter((p) => live(p) === name);
            if (shouldRun) {
              expect(pods, `${name} should run one pod`).toHaveLength(1);
              const pod = pods[0] as Pod;
              if (!down.has(name)) {
                expect(isPodReady(pod), `${name}'s pod is ready`).toBe(true);
                // A node that is down keeps its old pod terminating, and upstream's rolling update
                // counts that node unavailable: the rollout waits for it (as in a cluster).
                if (strategy !== 'onDelete' && down.size === 0) {
                  expect(pod.metadata.labels?.['controller-revision-hash'], `${name}'s pod is updated`).toBe(updatedHash);
                }
              }
            } else if (!shouldContinueRunning) expect(pods, `${name} runs no pod`).toHaveLength(0);
            else expect(pods.length).toBeLessThanOrEqual(1);
          }
          expect(ds.status?.observedGeneration).toBe(ds.metadata.generation);
        },
      ),
      { numRuns: Number(process.env.PROP_RUNS ?? 40) },
    );
  });
});

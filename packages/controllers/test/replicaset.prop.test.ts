import { controllerOf, isPodActive, type Pod, type ReplicaSet } from '@kubesim/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cluster, pod, replicaSet } from './helpers.js';

type Disturbance =
  | { t: number; op: 'scale'; n: number }
  | { t: number; op: 'kill'; i: number }
  | { t: number; op: 'relabel'; i: number }
  | { t: number; op: 'stray' }
  | { t: number; op: 'fail'; node: number }
  | { t: number; op: 'recover'; node: number };

const disturbance: fc.Arbitrary<Disturbance> = fc.oneof(
  fc.record({ t: fc.integer({ min: 1, max: 300_000 }), op: fc.constant('scale' as const), n: fc.nat(8) }),
  fc.record({ t: fc.integer({ min: 1, max: 300_000 }), op: fc.constant('kill' as const), i: fc.nat(9) }),
  fc.record({ t: fc.integer({ min: 1, max: 300_000 }), op: fc.constant('relabel' as const), i: fc.nat(9) }),
  fc.record({ t: fc.integer({ min: 1, max: 300_000 }), op: fc.constant('stray' as const) }),
  fc.record({ t: fc.integer({ min: 1, max: 300_000 }), op: fc.constant('fail' as const), node: fc.nat(1) }),
  fc.record({ t: fc.integer({ min: 1, max: 300_000 }), op: fc.constant('recover' as const), node: fc.nat(1) }),
);

const SET = 'web';
const QUIET = 300_000;

function owned(pods: readonly Pod[], uid: string): Pod[] {
  return pods.filter((p) => controllerOf(p)?.uid === uid);
}

describe('ReplicaSet under scale changes, pod kills, label changes and node failures', () => {
  it('never over-creates, and once the disturbances stop converges to exactly spec.replicas with status to match', () => {
    fc.assert(
      fc.property(fc.integer(), fc.nat(6), fc.array(disturbance, { maxLength: 12 }), (seed, initial, disturbances) => {
        const sim = cluster({ seed, nodes: ['n0', 'n1', 'n2'], objects: [replicaSet(SET, initial)] });
        // The largest spec.replicas in effect over the last 10ms: a scale-down can meet pods
        // already on their way, which the set then deletes.
        const history: [number, number][] = [[0, initial]];
        let violation: string | undefined;
        sim.engine.onEntry((entry, _changes, state) => {
          if (violation !== undefined) return;
          const rs = state.store.objects.ReplicaSet.get(`default/${SET}`);
          if (rs === undefined) return;
          const replicas = rs.spec.replicas ?? 1;
          if (history.at(-1)?.[1] !== replicas) history.push([entry.time, replicas]);
          const recent = Math.max(
            ...history
              .filter(
                ([t], i) => t >= entry.time - 10 || history[i + 1] === undefined || (history[i + 1]?.[0] ?? 0) >= entry.time - 10,
              )
              .map(([, r]) => r),
          );
          // Pods it adopted (strays) it may hold until its delete lands; the ones it made, never too many.
          const made = owned([...state.store.objects.Pod.values()], rs.metadata.uid as string).filter(
            (p) => isPodActive(p) && p.metadata.name?.startsWith(`${SET}-`),
          ).length;
          if (made > recent)
            violation = `at ${entry.time}ms the set had ${made} active pods of its own with spec.replicas ${recent}`;
        });
        let strays = 0;
        for (const d of [...disturbances].sort((a, b) => a.t - b.t)) {
          sim.run(d.t);
          const rs = sim.get('ReplicaSet', SET) as ReplicaSet;
          const mine = owned(sim.list('Pod'), rs.metadata.uid as string).filter(isPodActive);
          const target = mine[d.op === 'kill' || d.op === 'relabel' ? d.i % Math.max(1, mine.length) : 0];
          switch (d.op) {
            case 'scale':
              sim.scale({ kind: 'ReplicaSet', name: SET }, d.n);
              break;
            case 'kill':
              if (target) sim.delete({ kind: 'Pod', name: target.metadata.name as string });
              break;
            case 'relabel':
              if (target) sim.label({ kind: 'Pod', name: target.metadata.name as string }, { app: 'elsewhere' });
              break;
            case 'stray':
              sim.create({ ...pod(`stray-${strays++}`), metadata: { name: `stray-${strays}`, labels: { app: SET } } });
              break;
            case 'fail':
              sim.failNode(`n${d.node}`);
              break;
            case 'recover':
              sim.recoverNode(`n${d.node}`);
              break;
          }
        }
        sim.run(QUIET);
        for (const n of ['n0', 'n1']) if (sim.view.nodeRuntime(n)?.up === false) sim.recoverNode(n);
        sim.run(QUIET + 20 * 60_000);
        expect(violation).toBeUndefined();
        const rs = sim.get('ReplicaSet', SET) as ReplicaSet;
        const replicas = rs.spec.replicas ?? 1;
        const active = owned(sim.list('Pod'), rs.metadata.uid as string).filter(isPodActive);
        expect(active).toHaveLength(replicas);
        expect(active.every((p) => p.metadata.labels?.app === SET)).toBe(true);
        expect(rs.status).toMatchObject({
          replicas,
          fullyLabeledReplicas: replicas,
          readyReplicas: replicas,
          availableReplicas: replicas,
          observedGeneration: rs.metadata.generation,
        });
        // And it stays there.
        const hash = sim.stateHash();
        sim.run(QUIET + 25 * 60_000);
        expect(sim.stateHash()).toBe(hash);
      }),
      { numRuns: 30 },
    );
  });
});

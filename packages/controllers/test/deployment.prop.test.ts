import {
  controllerOf,
  type Deployment,
  isPodActive,
  isPodAvailable,
  isPodReady,
  type ReplicaSet,
  type Simulation,
} from '@kubesim/core';
import { rolloutPause, rolloutResume, rolloutUndo } from '@kubesim/scenarios';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deploymentutil } from '../src/index.js';
import { cluster, nginxDeployment, setImage } from './helpers.js';

const D = 'nginx-deployment';

type Action =
  | { t: number; op: 'image'; image: string }
  | { t: number; op: 'scale'; n: number }
  | { t: number; op: 'pause' }
  | { t: number; op: 'resume' }
  | { t: number; op: 'undo' };

const at = fc.integer({ min: 1, max: 240_000 });
const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      t: at,
      op: fc.constant('image' as const),
      image: fc.constantFrom('nginx:1.9.1', 'nginx:1.16.1', 'nginx:1.25'),
    }),
  },
  fc.record({ t: at, op: fc.constant('scale' as const), n: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ t: at, op: fc.constant('pause' as const) }),
  fc.record({ t: at, op: fc.constant('resume' as const) }),
  fc.record({ t: at, op: fc.constant('undo' as const) }),
);

const intOrPercent = fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom('0%', '10%', '25%', '50%'));

function perform(sim: Simulation, a: Action): void {
  const out =
    a.op === 'image'
      ? setImage(sim, D, a.image)
      : a.op === 'pause'
        ? rolloutPause(sim.view, D)
        : a.op === 'resume'
          ? rolloutResume(sim.view, D)
          : a.op === 'undo'
            ? rolloutUndo(sim.view, D)
            : undefined;
  if (a.op === 'scale') sim.scale({ kind: 'Deployment', name: D }, a.n);
  for (const w of out?.writes ?? []) sim.at(undefined, w.event);
}

describe('Deployment under image changes, scales, pauses, resumes and undos', () => {
  it('keeps availability and surge within bounds during rollouts, and completes after the last action', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: 1, max: 6 }),
        intOrPercent,
        intOrPercent,
        fc.constantFrom(0, 0, 3),
        fc.constantFrom(200, 1000, 4000),
        fc.array(action, { maxLength: 8 }),
        (seed, replicas, maxSurge, maxUnavailable, minReadySeconds, startup, actions) => {
          fc.pre(
            deploymentutil.resolveFenceposts(maxSurge, maxUnavailable, 100)[0] +
              deploymentutil.resolveFenceposts(maxSurge, maxUnavailable, 100)[1] >
              0,
          );
          fc.pre(!(maxSurge === 0 || maxSurge === '0%') || !(maxUnavailable === 0 || maxUnavailable === '0%'));
          const dep = nginxDeployment({
            replicas,
            minReadySeconds,
            strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge, maxUnavailable } },
          });
          const sim = cluster({
            seed,
            nodes: ['n0', 'n1'],
            objects: [dep],
            imageProfiles: [
              {
                match: '*',
                profile: {
                  pull: { kind: 'uniform', min: 100, max: startup },
                  start: { kind: 'uniform', min: 50, max: startup },
                  stop: { kind: 'fixed', value: 500 },
                },
              },
            ],
          });
          let violation: string | undefined;
          let everAvailable = false;
          let scaledDuringRollout = false;
          sim.engine.onEntry((entry, _changes, state) => {
            if (violation !== undefined) return;
            if (entry.event.type === 'Scale') scaledDuringRollout = true;
            const d = state.store.objects.Deployment.get(`default/${D}`) as Deployment | undefined;
            if (d === undefined) return;
            const sets = [...state.store.objects.ReplicaSet.values()].filter(
              (rs: ReplicaSet) => controllerOf(rs)?.uid === d.metadata.uid,
            );
            const uids = new Set(sets.map((rs) => rs.metadata.uid));
            const pods = [...state.store.objects.Pod.values()].filter((p) => uids.has(controllerOf(p)?.uid) && isPodActive(p));
            // The surge bound is on the sets' sizes (NewRSNewReplicas sums spec.replicas): a set
            // scaled down may still run pods its ReplicaSet controller has not deleted yet while
            // the new set's pods are created, so the pods themselves may exceed it by that much.
            const notYetDeleted = sets.reduce(
              (n, rs) =>
                n + Math.max(0, pods.filter((p) => controllerOf(p)?.uid === rs.metadata.uid).length - (rs.spec.replicas ?? 0)),
              0,
            );
            // With minReadySeconds, upstream's cleanupUnhealthyReplicas takes Ready-but-not-yet-available
            // old pods for unhealthy, while the ReplicaSet's deletion ranking does not prefer them (it
            // ranks by node before ready time): an available pod can go instead, so upstream itself can
            // dip below the floor in available pods. What it keeps is the floor in Ready pods.
            const counted = (d.spec.minReadySeconds ?? 0) === 0 ? 0 : -1;
            const available = pods.filter((p) => (counted === 0 ? isPodAvailable(p, 0, entry.time) : isPodReady(p))).length;
            const want = d.spec.replicas ?? 1;
            // "Available" as the Deployment itself first reports it: its status counts every replica.
            if ((d.status?.availableReplicas ?? 0) >= want) everAvailable = true;
            const complete = d.status !== undefined && deploymentutil.deploymentComplete(d, d.status);
            if (complete) scaledDuringRollout = false;
            if (!everAvailable || scaledDuringRollout) return;
            const floor = want - deploymentutil.maxUnavailable(d);
            const ceiling = want + deploymentutil.maxSurge(d);
            if (available < floor) violation = `at ${entry.time}ms only ${available} of ${want} pods available (floor ${floor})`;
            else if (pods.length - notYetDeleted > ceiling)
              violation = `at ${entry.time}ms ${pods.length} pods exist, ${notYetDeleted} of them still to be deleted (ceiling ${ceiling})`;
          });
          for (const a of [...actions].sort((x, y) => x.t - y.t)) {
            sim.run(a.t);
            perform(sim, a);
          }
          // The last action is followed by a resume, so that the rollout can finish.
          sim.run(250_000);
          if (sim.get('Deployment', D)?.spec.paused) perform(sim, { t: 250_000, op: 'resume' });
          sim.run(250_000 + 10 * 60_000);
          expect(violation).toBeUndefined();
          const d = sim.get('Deployment', D) as Deployment;
          const want = d.spec.replicas ?? 1;
          expect(d.status).toMatchObject({
            observedGeneration: d.metadata.generation,
            replicas: want,
            updatedReplicas: want,
            availableReplicas: want,
          });
          const newRS = deploymentutil.findNewReplicaSet(
            d,
            sim.list('ReplicaSet').filter((rs) => controllerOf(rs)?.uid === d.metadata.uid),
          ) as ReplicaSet;
          const active = sim.list('Pod').filter(isPodActive);
          expect(active).toHaveLength(want);
          expect(active.every((p) => controllerOf(p)?.uid === newRS.metadata.uid)).toBe(true);
          expect(active.every((p) => p.spec.containers[0]?.image === d.spec.template.spec.containers[0]?.image)).toBe(true);
        },
      ),
      { numRuns: 40 },
    );
  });
});

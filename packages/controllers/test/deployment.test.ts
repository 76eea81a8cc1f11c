import {
  controllerOf,
  type Deployment,
  getCondition,
  isPodActive,
  isPodAvailable,
  type Pod,
  type ReplicaSet,
} from '@kubesim/core';
import { rolloutHistory, rolloutPause, rolloutRestart, rolloutResume, rolloutStatus, rolloutUndo } from '@kubesim/scenarios';
import { describe, expect, it } from 'vitest';
import { cluster, FIVE_SECONDS, nginxDeployment, scalingSequence, setImage } from './helpers.js';

const D = 'nginx-deployment';

function run(
  sim: ReturnType<typeof cluster>,
  outcome: { writes: readonly { event: import('@kubesim/core').SimEvent }[]; error?: string },
): void {
  expect(outcome.error).toBeUndefined();
  for (const w of outcome.writes) sim.at(undefined, w.event);
}

/** Pods of the deployment's sets that are available right now, and all its non-terminating pods. */
function podCounts(sim: ReturnType<typeof cluster>): { available: number; total: number } {
  const d = sim.get('Deployment', D) as Deployment;
  const sets = new Set(
    sim
      .list('ReplicaSet')
      .filter((rs) => controllerOf(rs)?.uid === d.metadata.uid)
      .map((rs) => rs.metadata.uid),
  );
  const pods = sim.list('Pod').filter((p) => sets.has(controllerOf(p)?.uid) && isPodActive(p));
  return { available: pods.filter((p) => isPodAvailable(p, d.spec.minReadySeconds ?? 0, sim.now)).length, total: pods.length };
}

function watchAvailability(sim: ReturnType<typeof cluster>, from: number): { min: number; max: number } {
  const seen = { min: Number.POSITIVE_INFINITY, max: 0 };
  sim.engine.onEntry((entry) => {
    if (entry.time < from) return;
    const { available, total } = podCounts(sim);
    seen.min = Math.min(seen.min, available);
    seen.max = Math.max(seen.max, total);
  });
  return seen;
}

describe('Deployment rolling update (the worked trace)', () => {
  it('3 replicas at 25%/25%: B→1, A→2, B→2, A→1, B→3, A→0, never fewer than 3 available nor more than 4 pods', () => {
    const sim = cluster({ nodes: ['node-1', 'node-2'], objects: [nginxDeployment()], imageProfiles: [FIVE_SECONDS] });
    sim.run('1m');
    expect(rolloutStatus(sim.view, D).stdout).toBe(`deployment "${D}" successfully rolled out\n`);
    const seen = watchAvailability(sim, 60_000);
    run(sim, setImage(sim, D, 'nginx:1.9.1'));
    // The sync creates the new ReplicaSet (landing at +1ms), then getNewReplicaSet writes the
    // revision and Progressing (+2ms), then syncRolloutStatus writes the status over the
    // version the sync read: a Conflict (+3ms), as upstream's first sync of a new revision
    // meets. The next sync writes it.
    sim.run('1m0.003s');
    expect(rolloutStatus(sim.view, D).stdout).toBe('Waiting for deployment spec update to be observed...\n');
    const statusWrites = sim.log
      .entries()
      .filter((e) => e.time >= 60_000 && e.time <= 60_003 && e.by === 'deployment' && e.event.type === 'UpdateStatus');
    expect(statusWrites.map((e) => e.error?.reason ?? 'ok')).toEqual(['ok', 'Conflict']);
    sim.run('1m0.004s');
    expect(rolloutStatus(sim.view, D).stdout).toBe(
      `Waiting for deployment "${D}" rollout to finish: 0 out of 3 new replicas have been updated...\n`,
    );
    sim.run('2m');
    expect(scalingSequence(sim, D)).toEqual(['A→3', 'B→1', 'A→2', 'B→2', 'A→1', 'B→3', 'A→0']);
    expect(seen.min).toBe(3);
    expect(seen.max).toBe(4);
    const d = sim.get('Deployment', D) as Deployment;
    expect(d.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
    expect(d.status).toMatchObject({
      observedGeneration: 2,
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
    });
    expect(getCondition(d.status?.conditions, 'Progressing')).toMatchObject({ status: 'True', reason: 'NewReplicaSetAvailable' });
    expect(getCondition(d.status?.conditions, 'Available')).toMatchObject({ status: 'True', reason: 'MinimumReplicasAvailable' });
    expect(rolloutStatus(sim.view, D).stdout).toBe(`deployment "${D}" successfully rolled out\n`);
  });

  it('maxSurge 0, maxUnavailable 1: old pods go first (A→2, B→1, A→1, B→2, A→0, B→3)', () => {
    const sim = cluster({
      nodes: ['node-1'],
      objects: [nginxDeployment({ strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } } })],
      imageProfiles: [FIVE_SECONDS],
    });
    sim.run('1m');
    const seen = watchAvailability(sim, 60_000);
    run(sim, setImage(sim, D, 'nginx:1.9.1'));
    sim.run('2m');
    expect(scalingSequence(sim, D)).toEqual(['A→3', 'A→2', 'B→1', 'A→1', 'B→2', 'A→0', 'B→3']);
    expect(seen.min).toBe(2);
    expect(seen.max).toBe(3);
  });

  it('proportional scaling mid-rollout: 10 replicas (surge 3, unavailable 2) scaled to 15 gives the sets 11 and 7', () => {
    const sim = cluster({
      nodes: ['node-1', 'node-2'],
      objects: [
        nginxDeployment({ replicas: 10, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 3, maxUnavailable: 2 } } }),
      ],
      imageProfiles: [{ match: 'nginx:broken', profile: { neverReady: true } }, FIVE_SECONDS],
    });
    sim.run('1m');
    run(sim, setImage(sim, D, 'nginx:broken'));
    sim.run('2m');
    const sizes = (): number[] =>
      sim
        .list('ReplicaSet')
        .map((rs) => rs.spec.replicas ?? 0)
        .sort((a, b) => b - a);
    // The new set is stuck at 5 unready pods; the old one at 8 (13 = 10 + 3).
    expect(sizes()).toEqual([8, 5]);
    sim.scale({ kind: 'Deployment', name: D }, 15, '2m');
    sim.run('2m1s');
    expect(sizes()).toEqual([11, 7]);
    const d = sim.get('Deployment', D) as Deployment;
    expect(d.spec.replicas).toBe(15);
    for (const rs of sim.list('ReplicaSet')) {
      expect(rs.metadata.annotations?.['deployment.kubernetes.io/desired-replicas']).toBe('15');
      expect(rs.metadata.annotations?.['deployment.kubernetes.io/max-replicas']).toBe('18');
    }
  });
});

describe('the mistyped image (nginx:1.91)', () => {
  it('stops with one new pod in ImagePullBackOff and three old pods available; times out; undo completes the rollout', () => {
    const sim = cluster({
      nodes: ['node-1', 'node-2'],
      objects: [nginxDeployment({ image: 'nginx:1.9.1' })],
      imageProfiles: [
        { match: 'nginx:1.91', profile: { pullError: 'manifest for nginx:1.91 not found: manifest unknown' } },
        FIVE_SECONDS,
      ],
    });
    sim.run('1m');
    run(sim, setImage(sim, D, 'nginx:1.91'));
    sim.run('2m');
    const sets = sim.list('ReplicaSet').sort((a, b) => (a.metadata.creationTimestamp ?? 0) - (b.metadata.creationTimestamp ?? 0));
    expect(sets.map((rs) => [rs.spec.replicas, rs.status?.readyReplicas ?? 0])).toEqual([
      [3, 3],
      [1, 0],
    ]);
    const stuck = sim.list('Pod').filter((p) => controllerOf(p)?.uid === sets[1]?.metadata.uid);
    expect(stuck).toHaveLength(1);
    expect(stuck[0]?.status?.containerStatuses?.[0]?.state.waiting?.reason).toMatch(/^(ImagePullBackOff|ErrImagePull)$/);
    expect(rolloutStatus(sim.view, D).stdout).toBe(
      `Waiting for deployment "${D}" rollout to finish: 1 out of 3 new replicas have been updated...\n`,
    );

    // progressDeadlineSeconds (600) after the last progress: ProgressDeadlineExceeded.
    sim.run('11m');
    expect(getCondition(sim.get('Deployment', D)?.status?.conditions, 'Progressing')?.status).toBe('True');
    sim.run('12m');
    const timedOut = getCondition(sim.get('Deployment', D)?.status?.conditions, 'Progressing');
    expect(timedOut).toMatchObject({ status: 'False', reason: 'ProgressDeadlineExceeded' });
    expect(timedOut?.message).toBe(`ReplicaSet "${sets[1]?.metadata.name}" has timed out progressing.`);
    expect(rolloutStatus(sim.view, D).error).toBe(`deployment "${D}" exceeded its progress deadline`);

    const undo = rolloutUndo(sim.view, D);
    expect(undo.writes[0]?.printed).toBe(`deployment.apps/${D} rolled back\n`);
    run(sim, undo);
    sim.run('13m');
    const d = sim.get('Deployment', D) as Deployment;
    expect(d.spec.template.spec.containers[0]?.image).toBe('nginx:1.9.1');
    expect(d.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
    expect(getCondition(d.status?.conditions, 'Progressing')?.reason).toBe('NewReplicaSetAvailable');
    expect(rolloutStatus(sim.view, D).stdout).toBe(`deployment "${D}" successfully rolled out\n`);
    // The first set came back as revision 3; revision 1 is in its history.
    const first = sim.get('ReplicaSet', sets[0]?.metadata.name as string) as ReplicaSet;
    expect(first.spec.replicas).toBe(3);
    expect(first.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
    expect(first.metadata.annotations?.['deployment.kubernetes.io/revision-history']).toBe('1');
    expect(rolloutHistory(sim.view, D).stdout).toBe(
      `deployment.apps/${D} \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n\n`,
    );
  });

  it('undo to a revision that does not exist fails with kubectl’s message', () => {
    const sim = cluster({ nodes: ['node-1'], objects: [nginxDeployment()], imageProfiles: [FIVE_SECONDS] });
    sim.run('30s');
    expect(rolloutUndo(sim.view, D).error).toBe(`no rollout history found for deployment "${D}"`);
    expect(rolloutUndo(sim.view, D, 'default', 7).error).toBe('unable to find specified revision 7 in history');
  });
});

describe('pause and resume', () => {
  it('two template changes while paused roll out as one new revision on resume', () => {
    const sim = cluster({ nodes: ['node-1', 'node-2'], objects: [nginxDeployment()], imageProfiles: [FIVE_SECONDS] });
    sim.run('1m');
    run(sim, rolloutPause(sim.view, D));
    sim.run('1m0.01s');
    expect(getCondition(sim.get('Deployment', D)?.status?.conditions, 'Progressing')).toMatchObject({
      status: 'Unknown',
      reason: 'DeploymentPaused',
    });
    run(sim, setImage(sim, D, 'nginx:1.16.1'));
    sim.run('1m10s');
    sim.patch(
      { kind: 'Deployment', name: D },
      {
        spec: {
          template: { spec: { containers: [{ name: 'nginx', resources: { limits: { cpu: '200m', memory: '512Mi' } } }] } },
        },
      },
    );
    sim.run('2m');
    expect(sim.list('ReplicaSet')).toHaveLength(1);
    expect(rolloutPause(sim.view, D).error).toBe(`deployments.apps "${D}" is already paused`);
    run(sim, rolloutResume(sim.view, D));
    sim.run('3m');
    const sets = sim.list('ReplicaSet');
    expect(sets).toHaveLength(2);
    const newest = sets.find((rs) => (rs.spec.replicas ?? 0) === 3) as ReplicaSet;
    expect(newest.spec.template.spec.containers[0]).toMatchObject({
      image: 'nginx:1.16.1',
      resources: { limits: { cpu: '200m', memory: '512Mi' } },
    });
    expect(newest.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
    expect(rolloutStatus(sim.view, D).stdout).toBe(`deployment "${D}" successfully rolled out\n`);
  });

  it('scaling while paused changes replicas but starts no rollout', () => {
    const sim = cluster({ nodes: ['node-1'], objects: [nginxDeployment()], imageProfiles: [FIVE_SECONDS] });
    sim.run('1m');
    run(sim, rolloutPause(sim.view, D));
    run(sim, setImage(sim, D, 'nginx:1.16.1'));
    sim.scale({ kind: 'Deployment', name: D }, 5);
    sim.run('2m');
    const sets = sim.list('ReplicaSet');
    expect(sets).toHaveLength(1);
    expect(sets[0]?.spec.replicas).toBe(5);
    expect(sets[0]?.spec.template.spec.containers[0]?.image).toBe('nginx:1.7.9');
  });
});

describe('Recreate', () => {
  it('no new pod exists while an old one is running', () => {
    const sim = cluster({
      nodes: ['node-1', 'node-2'],
      objects: [nginxDeployment({ strategy: { type: 'Recreate' } })],
      imageProfiles: [FIVE_SECONDS],
    });
    sim.run('1m');
    let overlap = false;
    sim.engine.onEntry((_e, _c, state) => {
      const pods = [...state.store.objects.Pod.values()];
      const images = new Set(pods.map((p: Pod) => p.spec.containers[0]?.image));
      if (images.size > 1) overlap = true;
    });
    run(sim, setImage(sim, D, 'nginx:1.9.1'));
    sim.run('2m');
    expect(overlap).toBe(false);
    expect(scalingSequence(sim, D)).toEqual(['A→3', 'A→0', 'B→3']);
    expect(rolloutStatus(sim.view, D).stdout).toBe(`deployment "${D}" successfully rolled out\n`);
  });
});

describe('revisions and history', () => {
  it('rollout restart starts a new revision; history lists revisions with their change cause; the limit deletes the oldest', () => {
    const dep = nginxDeployment();
    dep.spec.revisionHistoryLimit = 2;
    dep.metadata.annotations = { 'kubernetes.io/change-cause': 'kubectl apply --filename=nginx-deployment.yaml' };
    const sim = cluster({ nodes: ['node-1', 'node-2'], objects: [dep], imageProfiles: [FIVE_SECONDS] });
    sim.run('1m');
    for (const [i, image] of ['nginx:1.9.1', 'nginx:1.16.1', 'nginx:1.25'].entries()) {
      sim.patch(
        { kind: 'Deployment', name: D },
        { metadata: { annotations: { 'kubernetes.io/change-cause': `set image ${image}` } } },
        'merge',
      );
      run(sim, setImage(sim, D, image));
      sim.run(`${2 + i}m`);
    }
    run(sim, rolloutRestart(sim.view, D, 'default', sim.now));
    sim.run('6m');
    const sets = sim.list('ReplicaSet');
    // Revisions 1 and 2 deleted (limit 2 old sets): 3, 4 and the new 5 remain.
    expect(sets.map((rs) => rs.metadata.annotations?.['deployment.kubernetes.io/revision']).sort()).toEqual(['3', '4', '5']);
    const restarted = sets.find((rs) => rs.metadata.annotations?.['deployment.kubernetes.io/revision'] === '5') as ReplicaSet;
    expect(restarted.spec.template.metadata?.annotations?.['kubectl.kubernetes.io/restartedAt']).toBe('2026-01-01T00:04:00Z');
    expect(rolloutHistory(sim.view, D).stdout).toBe(
      `deployment.apps/${D} \nREVISION  CHANGE-CAUSE\n3         set image nginx:1.16.1\n4         set image nginx:1.25\n5         set image nginx:1.25\n\n`,
    );
  });
});

describe('deleting a Deployment', () => {
  it('cascades to its sets and pods; --cascade=orphan keeps them', () => {
    const sim = cluster({ nodes: ['node-1'], objects: [nginxDeployment()], imageProfiles: [FIVE_SECONDS] });
    sim.run('1m');
    sim.delete({ kind: 'Deployment', name: D }, { propagationPolicy: 'Orphan' });
    sim.run('1m10s');
    expect(sim.get('Deployment', D)).toBeUndefined();
    expect(sim.list('ReplicaSet').map((rs) => rs.metadata.ownerReferences ?? [])).toEqual([[]]);
    expect(sim.list('Pod').filter(isPodActive)).toHaveLength(3);
    // A new deployment with the same template adopts the set and its pods: no new pods.
    sim.apply(nginxDeployment(), '1m10s');
    sim.run('1m20s');
    expect(sim.list('Pod')).toHaveLength(3);
    sim.delete({ kind: 'Deployment', name: D });
    sim.run('2m');
    expect(sim.list('ReplicaSet')).toEqual([]);
    expect(sim.list('Pod')).toEqual([]);
  });
});

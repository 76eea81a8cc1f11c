import type { ImageProfileRule, Job, Pod } from '@kubesim/core';
import { controllerOf } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { cluster, eventsAbout, FIXED } from './helpers.js';

/** The Job and TTL-after-finished controllers with the kubelet, scheduler and garbage collector. */

function job(name: string, spec: Partial<Job['spec']> = {}, restartPolicy: 'Never' | 'OnFailure' = 'Never'): Job {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name },
    spec: {
      ...spec,
      template: { spec: { containers: [{ name: 'main', image: 'worker:1' }], restartPolicy } },
    },
  };
}

const runs = (runFor: number, exitCode: number, extra: Partial<ImageProfileRule['profile']> = {}): ImageProfileRule => ({
  match: 'worker:*',
  profile: { pull: { kind: 'fixed', value: 1000 }, runFor: { kind: 'fixed', value: runFor }, exitCode, ...extra },
});

function podsOf(sim: ReturnType<typeof cluster>, j: Job | undefined): Pod[] {
  return sim.list('Pod').filter((p) => controllerOf(p)?.uid === j?.metadata.uid);
}

describe('Job controller in a cluster', () => {
  it('a Job gets the generated selector and labels, its pods the tracking finalizer until counted', () => {
    const sim = cluster({ nodes: ['n1'], objects: [job('one')], imageProfiles: [runs(5000, 0), FIXED] });
    sim.run('3s');
    const j = sim.get('Job', 'one') as Job;
    const uid = j.metadata.uid as string;
    expect(j.spec.selector).toEqual({ matchLabels: { 'batch.kubernetes.io/controller-uid': uid } });
    expect(j.spec.template.metadata?.labels).toEqual({
      'batch.kubernetes.io/controller-uid': uid,
      'batch.kubernetes.io/job-name': 'one',
      'controller-uid': uid,
      'job-name': 'one',
    });
    expect(j.metadata.labels).toEqual(j.spec.template.metadata?.labels);
    const [pod] = podsOf(sim, j);
    expect(pod?.metadata.finalizers).toEqual(['batch.kubernetes.io/job-tracking']);
    sim.run('30s');
    const done = sim.get('Job', 'one') as Job;
    expect(done.status?.conditions?.map((c) => [c.type, c.reason])).toEqual([
      ['SuccessCriteriaMet', 'CompletionsReached'],
      ['Complete', 'CompletionsReached'],
    ]);
    expect(done.status).toMatchObject({ succeeded: 1, ready: 0, terminating: 0, uncountedTerminatedPods: {} });
    expect(done.status?.active).toBeUndefined(); // omitempty, as the API server's JSON has it
    expect(podsOf(sim, done)[0]?.metadata.finalizers ?? []).toEqual([]);
    expect(eventsAbout(sim, 'one').map((e) => e.replace(/^\d+ /, ''))).toEqual([
      `SuccessfulCreate: Created pod: ${pod?.metadata.name}`,
      'Completed: Job completed',
    ]);
  });

  it('ttlSecondsAfterFinished: the Job and its pods are deleted that long after it finished', () => {
    const sim = cluster({
      nodes: ['n1'],
      objects: [job('ttl', { ttlSecondsAfterFinished: 20 })],
      imageProfiles: [runs(5000, 0), FIXED],
    });
    sim.run('15s');
    const j = sim.get('Job', 'ttl') as Job;
    const finishedAt = j.status?.conditions?.find((c) => c.type === 'Complete')?.lastTransitionTime as number;
    expect(finishedAt).toBeGreaterThan(0);
    sim.run(finishedAt + 19_999);
    expect(sim.get('Job', 'ttl')).toBeDefined();
    sim.run(finishedAt + 21_000);
    expect(sim.get('Job', 'ttl')).toBeUndefined();
    expect(sim.list('Pod')).toEqual([]);
    const del = sim.log.entries().find((e) => e.event.type === 'Delete' && e.by === 'ttlafterfinished');
    // Requeued for the expiry; the delete lands a controller round trip later.
    expect(del?.time).toBeGreaterThanOrEqual(finishedAt + 20_000);
    expect(del?.time).toBeLessThan(finishedAt + 20_100);
    expect(del?.event).toMatchObject({ propagationPolicy: 'Foreground' });
  });

  it('restartPolicy OnFailure: the container restarts, and the restarts count towards backoffLimit', () => {
    const sim = cluster({
      nodes: ['n1'],
      objects: [job('retry', { backoffLimit: 2 }, 'OnFailure')],
      imageProfiles: [runs(2000, 1), FIXED],
    });
    sim.run('3m');
    const j = sim.get('Job', 'retry') as Job;
    expect(j.status?.conditions?.map((c) => [c.type, c.reason])).toEqual([
      ['FailureTarget', 'BackoffLimitExceeded'],
      ['Failed', 'BackoffLimitExceeded'],
    ]);
    // One pod, restarted in place; deleted once the Job failed.
    const creates = sim.log.entries().filter((e) => e.event.type === 'Create' && e.by === 'job');
    expect(creates).toHaveLength(1);
    expect(eventsAbout(sim, 'retry').at(-1)).toMatch(/BackoffLimitExceeded: Job has reached the specified backoff limit$/);
  });

  it('an Indexed Job runs each index once: completedIndexes, hostnames, a failing index retried', () => {
    const sim = cluster({
      nodes: ['n1', 'n2'],
      objects: [job('idx', { completions: 3, parallelism: 3, completionMode: 'Indexed' })],
      imageProfiles: [runs(4000, 0, { byIndex: { '1': { exitCodes: [{ code: 1, weight: 1 }] } } }), FIXED],
    });
    sim.run('4s');
    const hosts = sim
      .list('Pod')
      .map((p) => p.spec.hostname)
      .sort();
    expect(hosts).toEqual(['idx-0', 'idx-1', 'idx-2']);
    // Index 1 fails as index 2 succeeds, at the same instant: no failure after the last success,
    // so no back-off (newBackoffRecord) — its replacement starts at once.
    sim.run('30s');
    const j = sim.get('Job', 'idx') as Job;
    // Index 1 always fails: 0 and 2 are done, 1 keeps being retried with the back-off.
    expect(j.status?.completedIndexes).toBe('0,2');
    expect(j.status?.failed).toBeGreaterThanOrEqual(1);
    const index1 = sim.list('Pod').filter((p) => p.metadata.annotations?.['batch.kubernetes.io/job-completion-index'] === '1');
    expect(index1.length).toBeGreaterThanOrEqual(2);
    expect(index1.every((p) => p.metadata.name?.startsWith('idx-1-'))).toBe(true);
  });

  it('podFailurePolicy FailJob on an exit code fails the Job at once, with the rule in the message', () => {
    const sim = cluster({
      nodes: ['n1'],
      objects: [
        job('pfp', {
          completions: 2,
          parallelism: 1,
          podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [42] } }] },
        }),
      ],
      imageProfiles: [runs(3000, 42), FIXED],
    });
    sim.run('1m');
    const j = sim.get('Job', 'pfp') as Job;
    const failed = j.status?.conditions?.find((c) => c.type === 'Failed');
    expect(failed?.reason).toBe('PodFailurePolicy');
    expect(failed?.message).toMatch(
      /^Container main for pod default\/pfp-\w{5} failed with exit code 42 matching FailJob rule at index 0$/,
    );
    expect(j.status?.failed).toBe(1);
  });

  it('suspend deletes the active pods; resume starts them again and resets startTime', () => {
    const sim = cluster({
      nodes: ['n1'],
      objects: [job('s', { completions: 2, parallelism: 2 })],
      imageProfiles: [runs(60_000, 0), FIXED],
    });
    sim.run('10s');
    expect(podsOf(sim, sim.get('Job', 's')).length).toBe(2);
    sim.patch({ kind: 'Job', name: 's' }, { spec: { suspend: true } }, 'merge', '10s');
    sim.run('20s');
    let j = sim.get('Job', 's') as Job;
    expect(podsOf(sim, j)).toEqual([]);
    expect(j.status?.conditions?.map((c) => [c.type, c.status, c.reason])).toEqual([['Suspended', 'True', 'JobSuspended']]);
    sim.patch({ kind: 'Job', name: 's' }, { spec: { suspend: false } }, 'merge', '20s');
    sim.run('25s');
    j = sim.get('Job', 's') as Job;
    expect(j.status?.conditions?.map((c) => [c.type, c.status, c.reason])).toEqual([['Suspended', 'False', 'JobResumed']]);
    expect(j.status?.startTime).toBeGreaterThanOrEqual(20_000);
    expect(podsOf(sim, j).length).toBe(2);
  });

  it('activeDeadlineSeconds: the Job fails at its deadline and its pods are deleted', () => {
    const sim = cluster({
      nodes: ['n1'],
      objects: [job('d', { activeDeadlineSeconds: 10 })],
      imageProfiles: [runs(60_000, 0), FIXED],
    });
    sim.run('30s');
    const j = sim.get('Job', 'd') as Job;
    const failed = j.status?.conditions?.find((c) => c.type === 'Failed');
    expect(failed?.reason).toBe('DeadlineExceeded');
    expect(failed?.lastTransitionTime).toBeGreaterThanOrEqual(10_000);
    expect(podsOf(sim, j)).toEqual([]);
  });

  it('backoffLimitPerIndex: an index that fails past its limit is a failed index, and the Job fails with FailedIndexes', () => {
    const sim = cluster({
      nodes: ['n1', 'n2'],
      objects: [job('bpi', { completions: 3, parallelism: 3, completionMode: 'Indexed', backoffLimitPerIndex: 1 })],
      imageProfiles: [runs(3000, 0, { byIndex: { '2': { exitCode: 1 } } }), FIXED],
    });
    sim.run('5m');
    const j = sim.get('Job', 'bpi') as Job;
    expect(j.status?.completedIndexes).toBe('0,1');
    expect(j.status?.failedIndexes).toBe('2');
    expect(j.status?.failed).toBe(2); // index 2 ran twice: its first failure and one retry
    expect(j.status?.conditions?.map((c) => [c.type, c.reason])).toEqual([
      ['FailureTarget', 'FailedIndexes'],
      ['Failed', 'FailedIndexes'],
    ]);
    const retry = sim.list('Pod').filter((p) => p.metadata.annotations?.['batch.kubernetes.io/job-completion-index'] === '2');
    expect(retry.map((p) => p.metadata.annotations?.['batch.kubernetes.io/job-index-failure-count']).sort()).toEqual(['0', '1']);
  });

  it('successPolicy: the Job succeeds once the listed indexes have, and the rest are stopped', () => {
    const sim = cluster({
      nodes: ['n1', 'n2'],
      objects: [
        job('sp', {
          completions: 3,
          parallelism: 3,
          completionMode: 'Indexed',
          successPolicy: { rules: [{ succeededIndexes: '0' }] },
        }),
      ],
      imageProfiles: [
        runs(3000, 0, {
          byIndex: { '1': { runFor: { kind: 'fixed', value: 600_000 } }, '2': { runFor: { kind: 'fixed', value: 600_000 } } },
        }),
        FIXED,
      ],
    });
    sim.run('2m');
    const j = sim.get('Job', 'sp') as Job;
    expect(j.status?.conditions?.map((c) => [c.type, c.reason, c.message])).toEqual([
      ['SuccessCriteriaMet', 'SuccessPolicy', 'Matched rules at index 0'],
      ['Complete', 'SuccessPolicy', 'Matched rules at index 0'],
    ]);
    expect(j.status?.completedIndexes).toBe('0');
    expect(sim.list('Pod').filter((p) => p.status?.phase === 'Running')).toEqual([]);
  });

  it('a Job deleted with --cascade=orphan: its pods lose the tracking finalizer (the orphan worker)', () => {
    const sim = cluster({
      nodes: ['n1'],
      objects: [job('o', { completions: 2, parallelism: 2 })],
      imageProfiles: [runs(600_000, 0), FIXED],
    });
    sim.run('10s');
    sim.delete({ kind: 'Job', name: 'o' }, { propagationPolicy: 'Orphan' }, '10s');
    sim.run('20s');
    expect(sim.get('Job', 'o')).toBeUndefined();
    const pods = sim.list('Pod');
    expect(pods).toHaveLength(2);
    expect(pods.every((p) => (p.metadata.ownerReferences ?? []).length === 0)).toBe(true);
    expect(pods.map((p) => p.metadata.finalizers ?? [])).toEqual([[], []]);
  });
});

describe('Job pod adoption (getPodsForJob: ClaimPods with the tracking finalizer)', () => {
  it("the docs' own-selector flow: a Job deleted with --cascade=orphan, a new one with manualSelector adopts its pods", () => {
    const manual = (name: string): Job => {
      const j = job(name, { manualSelector: true, selector: { matchLabels: { app: 'work' } }, completions: 2, parallelism: 2 });
      return { ...j, spec: { ...j.spec, template: { ...j.spec.template, metadata: { labels: { app: 'work' } } } } };
    };
    const sim = cluster({ nodes: ['n1'], objects: [manual('old')], imageProfiles: [runs(60_000, 0), FIXED] });
    sim.run('5s');
    const before = sim
      .list('Pod')
      .map((p) => p.metadata.name)
      .sort();
    expect(before).toHaveLength(2);
    sim.delete({ kind: 'Job', namespace: 'default', name: 'old' }, { propagationPolicy: 'Orphan' });
    sim.run('10s');
    sim.create(manual('new'));
    sim.run('15s');
    const j = sim.get('Job', 'new') as Job;
    // The running pods are the new Job's now: no new ones were made, each carries the finalizer.
    expect(
      sim
        .list('Pod')
        .map((p) => p.metadata.name)
        .sort(),
    ).toEqual(before);
    expect(
      podsOf(sim, j)
        .map((p) => p.metadata.name)
        .sort(),
    ).toEqual(before);
    expect(podsOf(sim, j).every((p) => p.metadata.finalizers?.includes('batch.kubernetes.io/job-tracking'))).toBe(true);
    expect(j.status?.active).toBe(2);
  });
});

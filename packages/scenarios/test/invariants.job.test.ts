import { defaultControllers } from '@kubesim/controllers';
import { type ImageProfileRule, type Job, type KubeObject, type Pod, Simulation } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { createInvariants } from '../src/index.js';

/** job-parallelism catches a pod made under a Job beyond parallelism; eventual-convergence an unfinished Job. */
const IMAGES: ImageProfileRule[] = [
  {
    match: 'worker:*',
    profile: { pull: { kind: 'fixed', value: 1000 }, runFor: { kind: 'fixed', value: 600_000 }, exitCode: 0 },
  },
];

function job(parallelism: number): Job {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'work' },
    spec: {
      completions: 4,
      parallelism,
      template: { spec: { containers: [{ name: 'w', image: 'worker:1' }], restartPolicy: 'Never' } },
    },
  };
}

function cluster(names: string[], ...objects: KubeObject[]) {
  const sim = new Simulation({
    seed: 1,
    controllers: defaultControllers(),
    imageProfiles: IMAGES,
    nodes: ['node-1'],
    objects,
    invariants: createInvariants(names),
  });
  return { sim, violations: () => sim.engine.violations.map((v) => ({ invariant: v.invariant, message: v.message })) };
}

describe('job-parallelism', () => {
  it('holds while the controller runs the Job, and catches a pod made under its name beyond parallelism', () => {
    const { sim, violations } = cluster(['job-parallelism'], job(2));
    sim.run('20s');
    expect(violations()).toEqual([]);
    const j = sim.get('Job', 'work') as Job;
    const intruder: Pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'intruder',
        ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'work', uid: j.metadata.uid as string, controller: true }],
      },
      spec: { containers: [{ name: 'w', image: 'worker:1' }], restartPolicy: 'Never' },
    };
    sim.create(intruder);
    sim.run('21s');
    expect(violations()).toEqual([
      { invariant: 'job-parallelism', message: 'job/work has 3 active pods, more than its parallelism of 2' },
    ]);
  });

  it('allows the excess while a lowered parallelism is being brought down', () => {
    const { sim, violations } = cluster(['job-parallelism'], job(3));
    sim.run('20s');
    sim.patch({ kind: 'Job', name: 'work' }, { spec: { parallelism: 1 } }, 'merge', '20s');
    sim.run('40s');
    expect(violations()).toEqual([]);
    expect(sim.list('Pod').filter((p) => p.metadata.deletionTimestamp === undefined)).toHaveLength(1);
  });
});

describe('eventual-convergence for Jobs', () => {
  it('a Job still running at the end has not converged', () => {
    const { sim } = cluster(['eventual-convergence'], job(2));
    sim.run('1m');
    const [conv] = createInvariants(['eventual-convergence']);
    expect(conv?.finish?.(sim.view, sim.now)).toEqual([
      { message: 'job/work has not converged: not finished: 0 of 4 completions, 2 active', objects: ['job/work'] },
    ]);
  });
});

import { defaultControllers } from '@kubesim/controllers';
import { type ImageProfileRule, type Job, type KubeObject, randomStream, Simulation } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { type KubectlOutcome, kubectl } from '../src/index.js';

/** kubectl for Jobs: create job, logs, get jobs, describe job. */

const IMAGES: ImageProfileRule[] = [
  {
    match: 'perl:*',
    profile: { pull: { kind: 'fixed', value: 1000 }, runFor: { kind: 'fixed', value: 5000 }, exitCode: 0, logs: '3.14159' },
  },
  {
    match: 'busybox:*',
    profile: { pull: { kind: 'fixed', value: 1000 }, runFor: { kind: 'fixed', value: 2000 }, exitCode: 1, logs: 'boom' },
  },
  { match: 'nginx:*', profile: { pull: { kind: 'fixed', value: 60_000 }, logs: 'listening' } },
];

function sim(...objects: KubeObject[]): Simulation {
  return new Simulation({ seed: 1, controllers: defaultControllers(), imageProfiles: IMAGES, nodes: ['node-1'], objects });
}

function kc(s: Simulation, line: string): KubectlOutcome {
  return kubectl(line, { view: s.view, now: s.now, readFile: () => [], random: randomStream(1, 'kubectl') });
}

function job(name: string, image: string, spec: Partial<Job['spec']> = {}, restartPolicy: 'Never' | 'OnFailure' = 'Never'): Job {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name },
    spec: { ...spec, template: { spec: { containers: [{ name: 'main', image }], restartPolicy } } },
  };
}

const podOf = (s: Simulation, jobName: string): string =>
  s.list('Pod').find((p) => p.metadata.name?.startsWith(`${jobName}-`))?.metadata.name as string;

describe('kubectl create job', () => {
  it('writes kubectl generator Job (container named after it, restartPolicy Never, the command after --) and prints job.batch/NAME created', () => {
    const s = sim();
    const out = kc(s, 'create job pi --image=perl:5.34.0 -- perl -Mbignum=bpi -wle "print bpi(2000)"');
    expect(out.writes.map((w) => w.printed)).toEqual(['job.batch/pi created\n']);
    const created = out.writes[0]?.event as { type: 'Create'; object: Job };
    expect(created.object.spec.template.spec).toEqual({
      containers: [
        { command: ['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)'], image: 'perl:5.34.0', name: 'pi', resources: {} },
      ],
      restartPolicy: 'Never',
    });
  });

  it('--dry-run=client -o yaml prints the object; an existing Job is an error', () => {
    const s = sim(job('pi', 'perl:5.34.0'));
    s.run('1s');
    expect(kc(s, 'create job x --image=busybox:1.36 --dry-run=client -o yaml').stdout).toMatch(
      /^apiVersion: batch\/v1\nkind: Job\nmetadata:\n {2}name: x\nspec:\n {2}template:\n {4}metadata: \{\}\n {4}spec:\n {6}containers:\n {6}- image: busybox:1.36\n {8}name: x\n {8}resources: \{\}\n {6}restartPolicy: Never\nstatus: \{\}\n$/,
    );
    expect(kc(s, 'create job pi --image=perl:5.34.0').error).toBe('failed to create job: jobs.batch "pi" already exists');
    expect(kc(s, 'create job y').error).toBe('either --image or --from must be specified');
  });
});

describe('kubectl logs', () => {
  it('a run-to-completion container prints at its exit; before that there is nothing yet', () => {
    const s = sim(job('pi', 'perl:5.34.0'));
    s.run('3s');
    const pod = podOf(s, 'pi');
    expect(kc(s, `logs ${pod}`).stdout).toBe('');
    s.run('20s');
    expect(kc(s, `logs ${pod}`).stdout).toBe('3.14159\n');
    expect(kc(s, `logs pod/${pod} -c main`).stdout).toBe('3.14159\n');
    expect(kc(s, `logs ${pod} --tail=0`).stdout).toBe('');
    expect(kc(s, `logs ${pod} --tail=1`).stdout).toBe('3.14159\n');
  });

  it('a crashed container (OnFailure) shows its last run, and --previous the one before', () => {
    const s = sim(job('crash', 'busybox:1.36', { backoffLimit: 6 }, 'OnFailure'));
    s.run('30s');
    const pod = podOf(s, 'crash');
    expect(kc(s, `logs ${pod}`).stdout).toBe('boom\n');
    expect(kc(s, `logs ${pod} --previous`).stdout).toBe('boom\n');
  });

  it('errors as the API server words them', () => {
    const s = sim(job('slow', 'nginx:1.25', {}, 'OnFailure'));
    s.run('5s');
    const pod = podOf(s, 'slow');
    expect(kc(s, `logs ${pod}`).error).toBe(
      `Error from server (BadRequest): container "main" in pod "${pod}" is waiting to start: ContainerCreating`,
    );
    expect(kc(s, `logs ${pod} --previous`).error).toBe(
      `Error from server (BadRequest): previous terminated container "main" in pod "${pod}" not found`,
    );
    expect(kc(s, 'logs nope').error).toBe('Error from server (NotFound): pods "nope" not found');
    expect(kc(s, `logs ${pod} -c other`).error).toBe(`error: container other is not valid for pod ${pod}`);
  });
});

describe('kubectl get jobs', () => {
  it('a work queue with parallelism above 1 shows `0/1 of N`; -o wide adds containers, images and the selector', () => {
    const s = sim(job('wq', 'nginx:1.25', { parallelism: 3 }));
    s.run('2s');
    const out = kc(s, 'get jobs -o wide').stdout;
    expect(out).toMatch(/^NAME +STATUS +COMPLETIONS +DURATION +AGE +CONTAINERS +IMAGES +SELECTOR\n/);
    expect(out).toMatch(
      /\nwq +Running +0\/1 of 3 +1s +2s +main +nginx:1.25 +batch\.kubernetes\.io\/controller-uid=[-0-9a-f]+\n$/,
    );
  });
});

describe('kubectl describe job', () => {
  it('lays the Job out as kubectl v1.34 does, with its events', () => {
    const s = sim(job('pi', 'perl:5.34.0', { completions: 2, parallelism: 1, completionMode: 'Indexed' }));
    s.run('1m');
    const out = kc(s, 'describe job pi').stdout;
    expect(out).toMatch(/\nParallelism: +1\nCompletions: +2\nCompletion Mode: +Indexed\nSuspend: +false\nBackoff Limit: +6\n/);
    expect(out).toMatch(
      /\nPods Statuses: +0 Active \(0 Ready\) \/ 2 Succeeded \/ 0 Failed\nCompleted Indexes: +0,1\nPod Template:\n/,
    );
    expect(out).toMatch(/Normal +Completed +\S+ +job-controller +Job completed\n$/);
  });
});

describe('review fixes: logs TYPE/NAME, deleted Job pods, exit 137, describe times', () => {
  it('logs job/NAME picks a pod by ByLogging and says how many it found', () => {
    const s = sim(job('pi', 'perl:5.34.0', { completions: 3, parallelism: 3 }));
    s.run('10s');
    const out = kc(s, 'logs job/pi');
    expect(out.error).toBeUndefined();
    expect(out.stdout).toBe('3.14159\n');
    expect(out.stderr).toMatch(/^Found 3 pods, using pod\/pi-\w+\n$/);
    expect(kc(s, 'logs job/nope').error).toBe('Error from server (NotFound): jobs.batch "nope" not found');
  });

  it('logs of a pod not yet scheduled prints nothing (no node to ask)', () => {
    const s = sim({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { nodeName: undefined, schedulerName: 'none', containers: [{ name: 'c', image: 'nginx:1' }] },
    } as unknown as KubeObject);
    s.run('1s');
    expect(kc(s, 'logs p')).toMatchObject({ stdout: '', writes: [] });
    expect(kc(s, 'logs p').error).toBeUndefined();
  });

  it('a Job pod deleted while it runs ends Error (143 on SIGTERM) and counts as failed, not succeeded', () => {
    const long: ImageProfileRule = {
      match: 'long:*',
      profile: {
        pull: { kind: 'fixed', value: 0 },
        runFor: { kind: 'fixed', value: 60_000 },
        exitCode: 0,
        stop: { kind: 'fixed', value: 200 },
      },
    };
    const s = new Simulation({
      seed: 1,
      controllers: defaultControllers(),
      imageProfiles: [long],
      nodes: ['node-1'],
      objects: [job('j', 'long:1', { completions: 1, backoffLimit: 3 })],
    });
    s.run('10s');
    s.delete({ kind: 'Pod', namespace: 'default', name: podOf(s, 'j') });
    s.run('20s');
    const st = s.get('Job', 'j')?.status;
    expect([st?.succeeded ?? 0, st?.failed ?? 0]).toEqual([0, 1]);
  });

  it('a process that exits 137 on its own is Error, not OOMKilled', () => {
    const killed: ImageProfileRule = {
      match: 'k:*',
      profile: { pull: { kind: 'fixed', value: 0 }, runFor: { kind: 'fixed', value: 1000 }, exitCode: 137 },
    };
    const s = new Simulation({
      seed: 1,
      controllers: defaultControllers(),
      imageProfiles: [killed],
      nodes: ['node-1'],
      objects: [job('j', 'k:1', { backoffLimit: 0 })],
    });
    s.run('10s');
    const pod = s.list('Pod')[0];
    expect(pod?.status?.containerStatuses?.[0]?.state.terminated?.reason).toBe('Error');
  });
});

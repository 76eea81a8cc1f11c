import { defaultControllers } from '@kubesim/controllers';
import { type CronJob, type Job, randomStream, replay, Simulation, stateHash } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { createInvariants, type KubectlOutcome, kubectl, loadScenario } from '../src/index.js';

/** CronJobs from the user's side: the scenario's start time, kubectl get, describe and create. */

const NO_FILES = {
  readFile: (name: string): string => {
    throw new Error(`no file ${name}`);
  },
};

function loadError(text: string): string {
  try {
    loadScenario(text, 'scenario.yaml', NO_FILES);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('the scenario loaded');
}

describe('startTime in a scenario file', () => {
  it('reads RFC 3339, quoted or not (YAML 1.1 reads an unquoted one as a timestamp)', () => {
    expect(loadScenario('startTime: 2026-03-08T01:59:00Z\n', 's.yaml', NO_FILES).startTime).toBe(Date.UTC(2026, 2, 8, 1, 59));
    expect(loadScenario("startTime: '2026-03-08T01:59:00-05:00'\n", 's.yaml', NO_FILES).startTime).toBe(
      Date.UTC(2026, 2, 8, 6, 59),
    );
    expect(loadScenario('seed: 1\n', 's.yaml', NO_FILES).startTime).toBeUndefined();
  });

  it.each([
    ["startTime: 'tomorrow'\n", 'startTime is an RFC 3339 time such as 2026-03-08T01:59:00Z or 2026-03-08T01:59:00-05:00'],
    ["startTime: '2026-02-30T00:00:00Z'\n", 'startTime is an RFC 3339 time'],
  ])('refuses %j', (text, message) => {
    expect(loadError(text)).toContain('scenario.yaml:1:');
    expect(loadError(text)).toContain(message);
  });

  it('a Simulation names its start time in the log, and refuses a bad one', () => {
    const sim = new Simulation({ seed: 1, startTime: '2026-03-08T01:59:00Z' });
    expect(sim.view.startTime).toBe(Date.UTC(2026, 2, 8, 1, 59));
    expect(sim.log.entries()[0]?.event).toMatchObject({ type: 'Start', startTime: Date.UTC(2026, 2, 8, 1, 59) });
    expect(new Simulation({ seed: 1 }).log.entries()[0]?.event).not.toHaveProperty('startTime');
    expect(() => new Simulation({ seed: 1, startTime: '2026-13-01T00:00:00Z' })).toThrow(
      'startTime: "2026-13-01T00:00:00Z" has a month out of range',
    );
  });
});

describe('printed times count from the start time', () => {
  it('-o yaml, describe and the replayed state all use it', () => {
    const sim = new Simulation({
      seed: 1,
      controllers: defaultControllers(),
      controlPlane: { profile: 'instant' },
      startTime: '2030-06-15T12:00:00+02:00',
      objects: [cronJob()],
    });
    sim.run(90_000);
    expect(text(kc(sim, 'get cronjob hello -o yaml'))).toContain('creationTimestamp: "2030-06-15T10:00:00Z"');
    expect(text(kc(sim, 'get cronjob hello -o yaml'))).toContain('lastScheduleTime: "2030-06-15T10:01:00Z"');
    expect(text(kc(sim, 'describe cronjob hello'))).toContain('Last Schedule Time:  Sat, 15 Jun 2030 10:01:00 +0000');
    const replayed = replay(sim.log.entries());
    expect(replayed.startTime).toBe(Date.UTC(2030, 5, 15, 10));
    expect(stateHash(replayed)).toBe(sim.stateHash());
  });
});

function cronJob(): CronJob {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'hello', namespace: 'default' },
    spec: {
      schedule: '*/1 * * * *',
      concurrencyPolicy: 'Forbid',
      jobTemplate: {
        metadata: { labels: { app: 'hello' } },
        spec: {
          template: {
            spec: { containers: [{ name: 'hello', image: 'busybox:1.36', command: ['date'] }], restartPolicy: 'OnFailure' },
          },
        },
      },
    },
  };
}

const kc = (sim: Simulation, line: string): KubectlOutcome =>
  kubectl(line, { view: sim.view, now: sim.now, readFile: () => [], random: randomStream(1, 'kubectl') });
/** What the command prints if every write is accepted, and its error. */
const text = (o: KubectlOutcome): string =>
  o.stdout + (o.stderr ?? '') + o.writes.map((w) => w.printed).join('') + (o.error ?? '');

function running(): Simulation {
  const sim = new Simulation({
    seed: 1,
    controllers: defaultControllers(),
    controlPlane: { profile: 'instant' },
    startTime: '2026-01-01T00:00:30Z',
    objects: [cronJob()],
  });
  sim.run(95_000);
  return sim;
}

describe('kubectl and CronJobs', () => {
  it('get cronjobs: schedule, time zone, suspend, active, last schedule, age', () => {
    expect(text(kc(running(), 'get cronjobs'))).toBe(
      'NAME    SCHEDULE      TIMEZONE   SUSPEND   ACTIVE   LAST SCHEDULE   AGE\nhello   */1 * * * *   <none>     False     1        65s             95s\n',
    );
  });

  it('get cronjobs -o wide adds the template containers, images and selector (printCronJob)', () => {
    expect(text(kc(running(), 'get cronjobs -o wide')).split('\n')[1]).toBe(
      'hello   */1 * * * *   <none>     False     1        65s             95s   hello        busybox:1.36   <none>',
    );
  });

  it('describe cronjob, laid out as kubectl v1.34 lays it out', () => {
    const out = text(kc(running(), 'describe cronjob hello'));
    const lines = out.split('\n');
    expect(lines.slice(0, 13)).toEqual([
      'Name:                          hello',
      'Namespace:                     default',
      'Labels:                        <none>',
      'Annotations:                   <none>',
      'Schedule:                      */1 * * * *',
      'Concurrency Policy:            Forbid',
      'Suspend:                       False',
      'Successful Job History Limit:  3',
      'Failed Job History Limit:      1',
      'Starting Deadline Seconds:     <unset>',
      'Selector:                      <unset>',
      // The template is not defaulted as a Job is: kubectl shows what the CronJob holds.
      'Parallelism:                   <unset>',
      'Completions:                   <unset>',
    ]);
    // The pod template's untabbed lines end the tabwriter's block: these align among themselves.
    expect(out).toContain('Last Schedule Time:  Thu, 01 Jan 2026 00:01:00 +0000\nActive Jobs:         hello-29453761\n');
    expect(out).toMatch(/Active Jobs:\s+hello-29453761\n/);
    expect(out).toMatch(/Normal {2}SuccessfulCreate {2}\d+s\s+cronjob-controller {2}Created job hello-29453761/);
    expect(out).toMatch(/JobAlreadyActive/);
  });

  it("create cronjob and create job --from, with kubectl's messages", () => {
    const sim = running();
    const created = kc(sim, 'create cronjob nightly --image=busybox:1.36 --schedule="0 3 * * *" -- date');
    expect(text(created)).toBe('cronjob.batch/nightly created\n');
    expect(text(kc(sim, 'create cronjob nightly --image=busybox:1.36'))).toContain('required flag(s) "schedule" not set');
    const dry = text(kc(sim, 'create cronjob nightly --image=busybox:1.36 --schedule="0 3 * * *" --dry-run=client -o yaml'));
    expect(dry).toContain('schedule: 0 3 * * *');
    expect(dry).toContain('restartPolicy: OnFailure');

    const fromCron = kc(sim, 'create job manual-1 --from=cronjob/hello');
    expect(text(fromCron)).toBe('job.batch/manual-1 created\n');
    const job = (fromCron.writes[0] as { event: { object: Job } }).event.object;
    expect(job.metadata.annotations).toEqual({ 'cronjob.kubernetes.io/instantiate': 'manual' });
    expect(job.metadata.labels).toEqual({ app: 'hello' });
    expect(job.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'CronJob', name: 'hello', controller: true });
    expect(text(kc(sim, 'create job manual-2 --from=cronjob/nope'))).toContain(
      'Error from server (NotFound): cronjobs.batch "nope" not found',
    );
    expect(text(kc(sim, 'create job manual-3'))).toContain('either --image or --from must be specified');
    expect(text(kc(sim, 'create job manual-4 --from=cronjob/hello -- date'))).toContain('cannot specify --from and command');
  });
});

describe('cronjob-forbid-concurrency', () => {
  function forbid(): { sim: Simulation; violations: () => string[] } {
    const sim = new Simulation({
      seed: 1,
      controllers: defaultControllers(),
      controlPlane: { profile: 'instant' },
      startTime: '2026-01-01T00:00:30Z',
      objects: [cronJob()],
      invariants: createInvariants(['cronjob-forbid-concurrency']),
    });
    return { sim, violations: () => sim.engine.violations.map((v) => v.message) };
  }
  const job = (sim: Simulation, name: string): Job => {
    const cj = sim.get('CronJob', 'hello') as CronJob;
    return {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {
        name,
        namespace: 'default',
        ownerReferences: [
          { apiVersion: 'batch/v1', kind: 'CronJob', name: 'hello', uid: cj.metadata.uid ?? '', controller: true },
        ],
      },
      spec: cj.spec.jobTemplate.spec,
    };
  };

  it('holds while the controller holds back the next minutes (JobAlreadyActive), and with a Job started by hand', () => {
    const { sim, violations } = forbid();
    sim.run(40_000);
    sim.create(job(sim, 'manual-1'), 41_000);
    sim.run(300_000);
    expect(sim.view.list('Job', 'default').map((j) => j.metadata.name)).toEqual(['hello-29453761', 'manual-1']);
    expect(violations()).toEqual([]);
  });

  it('catches a second Job the controller starts while its first still runs', () => {
    const { sim, violations } = forbid();
    sim.run(40_000);
    // A write made under the controller's name, as a controller that ignored status.active would.
    sim.at(41_000, { type: 'Create', object: job(sim, 'hello-29453762') }, 'cronjob');
    sim.run(42_000);
    expect(violations()).toEqual([
      'job/hello-29453762 was started for cronjob/hello (concurrencyPolicy Forbid) while job/hello-29453761 is still running',
    ]);
  });
});

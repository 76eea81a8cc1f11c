import {
  type Container,
  type ContainerStateTerminated,
  type Distribution,
  type Effect,
  formatDuration,
  type Millis,
  type RandomStream,
  SECOND,
  sample,
} from '@kubesim/core';
import { containerID, imageID } from './images.js';
import type { ContainerRun } from './memory.js';
import type { ResolvedProfile } from './profile.js';

/**
 * One container's runtime, advanced through every transition that is due: pulls (and
 * their back-off), create and start, readiness, exits, and restarts with the crash-loop
 * back-off. Pure: it returns the new memory and the events the kubelet records.
 */

/** kubelet.go: imageBackOffPeriod and MaxImageBackOff. */
export const IMAGE_BACKOFF_INITIAL: Millis = 10 * SECOND;
export const IMAGE_BACKOFF_MAX: Millis = 300 * SECOND;
/** initialCrashLoopBackOff and MaxContainerBackOff. */
export const CRASH_BACKOFF_INITIAL: Millis = 10 * SECOND;
export const CRASH_BACKOFF_MAX: Millis = 300 * SECOND;
/** A container that ran this long since its last restart starts its back-off afresh. */
export const CRASH_BACKOFF_RESET: Millis = 600 * SECOND;
/** The pod worker's next sync after a container exits or a pull fails (PLEG relist). */
export const RESYNC_DELAY: Millis = 1 * SECOND;

export interface ContainerEnv {
  readonly now: Millis;
  readonly container: Container;
  readonly profile: ResolvedProfile;
  readonly podUid: string;
  /** `name_namespace(uid)`, as kubelet messages print a pod (format.Pod). */
  readonly podLabel: string;
  readonly restartPolicy: string;
  readonly imagePresent: boolean;
  /** A stream for one draw, named by what it is for; the same purpose always draws the same. */
  readonly random: (purpose: string) => RandomStream;
  readonly event: (eventType: 'Normal' | 'Warning', reason: string, message: string) => Effect;
}

export interface Advanced {
  readonly run: ContainerRun;
  readonly events: readonly Effect[];
  /** Images this container finished pulling (the node keeps them). */
  readonly pulled: readonly string[];
}

function draw(env: ContainerEnv, dist: Distribution, purpose: string): Millis {
  return sample(dist, env.random(`${env.podUid}/${env.container.name}/${purpose}`));
}

/** The first step for a container the kubelet has not started yet. */
export function beginContainer(env: ContainerEnv): Advanced {
  const image = env.container.image ?? '';
  const policy = env.container.imagePullPolicy ?? 'IfNotPresent';
  const base: ContainerRun = { phase: 'pulling', pullFailures: 0, pullBackoff: 0, restartCount: 0, crashBackoff: 0 };
  if (policy !== 'Always' && env.imagePresent) {
    return {
      run: { ...base, phase: 'creating', due: env.now + draw(env, env.profile.start, 'start/0'), imageID: imageID(image) },
      events: [env.event('Normal', 'Pulled', `Container image ${JSON.stringify(image)} already present on machine`)],
      pulled: [],
    };
  }
  if (policy === 'Never') {
    return {
      run: { ...base, phase: 'neverPull' },
      events: [
        env.event(
          'Warning',
          'ErrImageNeverPull',
          `Container image ${JSON.stringify(image)} is not present with pull policy of Never`,
        ),
      ],
      pulled: [],
    };
  }
  return startPull(base, env, env.now);
}

function startPull(c: ContainerRun, env: ContainerEnv, t: Millis): Advanced {
  const image = env.container.image ?? '';
  return {
    run: { ...c, phase: 'pulling', pullStartedAt: t, due: t + draw(env, env.profile.pull, `pull/${c.pullFailures}`) },
    events: [env.event('Normal', 'Pulling', `Pulling image ${JSON.stringify(image)}`)],
    pulled: [],
  };
}

/** A running container wakes the kubelet when it turns ready and when it exits. */
function nextRunningDue(readyAt: Millis | undefined, exitAt: Millis | undefined, t: Millis): { due?: Millis } {
  const ready = readyAt !== undefined && readyAt > t ? readyAt : undefined;
  if (ready === undefined) return exitAt === undefined ? {} : { due: exitAt };
  return { due: exitAt === undefined ? ready : Math.min(ready, exitAt) };
}

function startContainer(c: ContainerRun, env: ContainerEnv, t: Millis): ContainerRun {
  const n = c.restartCount;
  const readyAt = env.profile.neverReady ? undefined : t + draw(env, env.profile.ready, `ready/${n}`);
  const exitAt = env.profile.runFor === undefined ? undefined : t + draw(env, env.profile.runFor, `run/${n}`);
  const { terminated: _t, due: _d, ...rest } = c;
  return {
    ...rest,
    phase: 'running',
    startedAt: t,
    containerID: containerID(env.podUid, env.container.name, n),
    ...(readyAt !== undefined ? { readyAt } : {}),
    ...(exitAt !== undefined ? { exitAt, exitCode: env.profile.exitCode } : {}),
    ...nextRunningDue(readyAt, exitAt, t),
  };
}

function shouldRestart(policy: string, exitCode: number): boolean {
  return policy === 'Always' || (policy === 'OnFailure' && exitCode !== 0);
}

function terminatedReason(exitCode: number): string {
  return exitCode === 0 ? 'Completed' : exitCode === 137 ? 'OOMKilled' : 'Error';
}

/** A restart: the finished instance becomes lastState, the count goes up, the container is created again. */
function restart(c: ContainerRun, env: ContainerEnv, t: Millis, fromBackoff: boolean): ContainerRun {
  const {
    terminated,
    readyAt: _r,
    exitAt: _e,
    exitCode: _x,
    startedAt: _s,
    previousTerminated: _p,
    waitedBackoff: _w,
    ...rest
  } = c;
  return {
    ...rest,
    ...(terminated !== undefined ? { lastTerminated: terminated } : {}),
    ...(c.lastTerminated !== undefined ? { previousTerminated: c.lastTerminated } : {}),
    phase: 'creating',
    restartCount: c.restartCount + 1,
    lastRestartAt: t,
    fromBackoff,
    due: t + draw(env, env.profile.start, `start/${c.restartCount + 1}`),
  };
}

/** One transition if one is due at or before now; undefined when nothing is due. */
function step(c: ContainerRun, env: ContainerEnv): Advanced | undefined {
  const t = c.due;
  if (t === undefined || t > env.now) return undefined;
  const image = env.container.image ?? '';
  switch (c.phase) {
    case 'pulling': {
      if (env.profile.pullError !== undefined) {
        const failures = c.pullFailures + 1;
        const window = failures === 1 ? IMAGE_BACKOFF_INITIAL : Math.min(c.pullBackoff * 2, IMAGE_BACKOFF_MAX);
        return {
          run: {
            ...c,
            phase: 'pullFailed',
            pullFailures: failures,
            pullBackoff: window,
            pullFailedAt: t,
            pullError: env.profile.pullError,
            due: t + RESYNC_DELAY,
          },
          events: [
            env.event('Warning', 'Failed', `Failed to pull image ${JSON.stringify(image)}: ${env.profile.pullError}`),
            env.event('Warning', 'Failed', 'Error: ErrImagePull'),
          ],
          pulled: [],
        };
      }
      const took = formatDuration(t - (c.pullStartedAt ?? t));
      return {
        run: {
          ...c,
          phase: 'creating',
          imageID: imageID(image),
          due: t + draw(env, env.profile.start, `start/${c.restartCount}`),
        },
        events: [
          env.event(
            'Normal',
            'Pulled',
            `Successfully pulled image ${JSON.stringify(image)} in ${took} (${took} including waiting). Image size: ${env.profile.sizeBytes} bytes.`,
          ),
        ],
        pulled: [image],
      };
    }
    case 'pullFailed':
      return {
        run: { ...c, phase: 'pullBackoff', due: (c.pullFailedAt ?? t) + c.pullBackoff },
        events: [
          env.event('Normal', 'BackOff', `Back-off pulling image ${JSON.stringify(image)}`),
          env.event('Warning', 'Failed', 'Error: ImagePullBackOff'),
        ],
        pulled: [],
      };
    case 'pullBackoff':
      return startPull(c, env, t);
    case 'creating':
      return {
        run: startContainer(c, env, t),
        events: [
          env.event('Normal', 'Created', `Created container: ${env.container.name}`),
          env.event('Normal', 'Started', `Started container ${env.container.name}`),
        ],
        pulled: [],
      };
    case 'running': {
      if (c.exitAt !== undefined && c.exitAt <= env.now) {
        const exitCode = c.exitCode ?? 1;
        const terminated: ContainerStateTerminated = {
          exitCode,
          reason: terminatedReason(exitCode),
          ...(c.startedAt !== undefined ? { startedAt: c.startedAt } : {}),
          finishedAt: c.exitAt,
          ...(c.containerID !== undefined ? { containerID: c.containerID } : {}),
        };
        return { run: { ...c, phase: 'exited', terminated, due: c.exitAt + RESYNC_DELAY }, events: [], pulled: [] };
      }
      // Readiness passed: nothing to record, the status shows it. Wait for the exit, if any.
      const { due: _d, ...rest } = c;
      return { run: c.exitAt !== undefined ? { ...rest, due: c.exitAt } : rest, events: [], pulled: [] };
    }
    case 'exited':
      return decideRestart(c, env, t);
    case 'crashBackoff':
      // flowcontrol.Backoff.Next: the window doubles (to the cap) as the restart goes ahead.
      return {
        run: {
          ...restart(c, env, t, true),
          crashBackoff: Math.min(c.crashBackoff * 2, CRASH_BACKOFF_MAX),
          waitedBackoff: c.crashBackoff,
        },
        events: [],
        pulled: [],
      };
    case 'neverPull':
    case 'done':
      return undefined;
  }
}

/**
 * After an exit: the first restart is immediate; later ones wait out a back-off that starts
 * at 10s and doubles to 5m, counted from the exit; a container that ran 10 minutes since its
 * last restart starts over (kuberuntime doBackOff with flowcontrol.Backoff).
 */
function decideRestart(c: ContainerRun, env: ContainerEnv, t: Millis): Advanced {
  const exitCode = c.terminated?.exitCode ?? 1;
  if (!shouldRestart(env.restartPolicy, exitCode)) {
    const { due: _d, ...rest } = c;
    return { run: { ...rest, phase: 'done' }, events: [], pulled: [] };
  }
  const finishedAt = c.terminated?.finishedAt ?? t;
  const expired = c.lastRestartAt === undefined ? false : finishedAt - c.lastRestartAt > CRASH_BACKOFF_RESET;
  if (c.crashBackoff === 0 || expired) {
    return { run: { ...restart(c, env, t, false), crashBackoff: CRASH_BACKOFF_INITIAL }, events: [], pulled: [] };
  }
  return {
    run: { ...c, phase: 'crashBackoff', due: finishedAt + c.crashBackoff },
    events: [
      env.event('Warning', 'BackOff', `Back-off restarting failed container ${env.container.name} in pod ${env.podLabel}`),
    ],
    pulled: [],
  };
}

/** Advances a container through every transition due by now. */
export function advanceContainer(start: ContainerRun, env: ContainerEnv): Advanced {
  let run = start;
  const events: Effect[] = [];
  const pulled: string[] = [];
  for (let guard = 0; guard < 1000; guard++) {
    const next = step(run, env);
    if (next === undefined) break;
    run = next.run;
    events.push(...next.events);
    pulled.push(...next.pulled);
  }
  return { run, events, pulled };
}

/** The crash-loop waiting message (`back-off 10s restarting failed container=...`). */
export function crashLoopMessage(backoff: Millis, container: string, podLabel: string): string {
  return `back-off ${formatDuration(backoff)} restarting failed container=${container} pod=${podLabel}`;
}

import { type ContainerStateTerminated, type Effect, formatDuration, type Millis, SECOND } from '@kubesim/core';
import { type Advanced, type ContainerEnv, draw, RESYNC_DELAY } from './containerEnv.js';
import { beginContainer, pullStep } from './imagePuller.js';
import { containerID } from './images.js';
import { type ContainerRun, NO_HISTORY } from './memory.js';

/**
 * One container's runtime, advanced through every transition that is due: pulls (and
 * their back-off, imagePuller.ts), create and start, readiness, exits, and restarts with the
 * crash-loop back-off. Pure: it returns the new memory and the events the kubelet records.
 */

// The package's front door names the image back-off beside the crash-loop one.
export { IMAGE_BACKOFF_INITIAL, IMAGE_BACKOFF_MAX } from './imagePuller.js';

/** initialCrashLoopBackOff and MaxContainerBackOff. */
export const CRASH_BACKOFF_INITIAL: Millis = 10 * SECOND;
/** The crash loop back-off's cap (300 s). */
export const CRASH_BACKOFF_MAX: Millis = 300 * SECOND;
/** A container that ran this long since its last restart starts its back-off afresh. */
export const CRASH_BACKOFF_RESET: Millis = 600 * SECOND;

/**
 * A running container wakes the kubelet when its PLEG sees it start, when it turns ready
 * (the prober reports at once, but only on a container the kubelet knows runs), and when
 * the PLEG sees it exit.
 */
function nextRunningDue(c: ContainerRun, env: ContainerEnv, t: Millis): Millis | undefined {
  let due: Millis | undefined;
  const at = (x: Millis | undefined): void => {
    if (x !== undefined && x > t && (due === undefined || x < due)) due = x;
  };
  at(c.observedAt);
  if (c.readyAt !== undefined) at(Math.max(c.readyAt, c.observedAt ?? c.readyAt));
  if (c.exitAt !== undefined) at(env.relist(c.exitAt));
  return due;
}

/** Only a container being created (fresh, or restarted, which clears these) starts. */
function startContainer(c: ContainerRun, env: ContainerEnv, t: Millis): ContainerRun {
  const n = c.restartCount;
  const readyAt = env.profile.neverReady ? undefined : t + draw(env, env.profile.ready, `ready/${n}`);
  const exitAt = env.profile.runFor === undefined ? undefined : t + draw(env, env.profile.runFor, `run/${n}`);
  const started: ContainerRun = {
    ...c,
    phase: 'running',
    due: undefined,
    containerID: containerID(env.podUid, env.container.name, n),
    startedAt: t,
    observedAt: env.relist(t),
    readyAt,
    exitAt,
    exitCode: exitAt !== undefined ? drawExitCode(env, n) : undefined,
    terminated: undefined,
  };
  return { ...started, due: nextRunningDue(started, env, t) };
}

/** The run's exit code: the profile's, or one drawn by weight from its own stream (`exit/n`). */
function drawExitCode(env: ContainerEnv, n: number): number {
  const codes = env.profile.exitCodes;
  if (codes === undefined) return env.profile.exitCode;
  const total = codes.reduce((sum, c) => sum + Math.max(0, c.weight), 0);
  if (total <= 0) return env.profile.exitCode;
  let x = env.random(`${env.podUid}/${env.container.name}/exit/${n}`).next() * total;
  for (const c of codes) {
    x -= Math.max(0, c.weight);
    if (x < 0) return c.code;
  }
  return (codes[codes.length - 1] as (typeof codes)[number]).code;
}

function shouldRestart(policy: string, exitCode: number): boolean {
  return policy === 'Always' || (policy === 'OnFailure' && exitCode !== 0);
}

/**
 * A process that exits on its own: Completed or Error. The runtime says OOMKilled only on the
 * cgroup's OOM event (the containerCrash fault with 137 stands for that), never for an exit code.
 */
function terminatedReason(exitCode: number): string {
  return exitCode === 0 ? 'Completed' : 'Error';
}

/**
 * A restart: the finished instance becomes lastState, the count goes up, the container is
 * created again, with the back-off this restart leaves (and, after a back-off wait, how long
 * that wait was).
 */
function restart(
  c: ContainerRun,
  env: ContainerEnv,
  t: Millis,
  fromBackoff: boolean,
  crashBackoff: Millis,
  waitedBackoff: Millis | undefined,
): ContainerRun {
  const h = c.history ?? NO_HISTORY;
  return {
    ...c,
    phase: 'creating',
    due: t + draw(env, env.profile.start, `start/${c.restartCount + 1}`),
    restartCount: c.restartCount + 1,
    startedAt: undefined,
    observedAt: undefined,
    readyAt: undefined,
    exitAt: undefined,
    exitCode: undefined,
    terminated: undefined,
    history: {
      lastTerminated: c.terminated ?? h.lastTerminated,
      previousTerminated: h.lastTerminated,
      crashBackoff,
      lastRestartAt: t,
      fromBackoff,
      waitedBackoff,
    },
  };
}

/** One transition if one is due at or before now; undefined when nothing is due. */
function step(c: ContainerRun, env: ContainerEnv): Advanced | undefined {
  const t = c.due;
  if (t === undefined || t > env.now) return undefined;
  switch (c.phase) {
    case 'pulling':
    case 'pullFailed':
    case 'pullBackoff':
      return pullStep(c, env, t);
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
      // The exit is seen at the PLEG's next relist, and that sync decides on the restart.
      if (c.exitAt !== undefined && env.relist(c.exitAt) <= env.now) {
        const exitCode = c.exitCode ?? 1;
        const terminated: ContainerStateTerminated = {
          exitCode,
          reason: terminatedReason(exitCode),
          ...(c.startedAt !== undefined ? { startedAt: c.startedAt } : {}),
          finishedAt: c.exitAt,
          ...(c.containerID !== undefined ? { containerID: c.containerID } : {}),
        };
        // That sync restarts it at once, or (when a back-off is due) reports the exit and
        // enters CrashLoopBackOff on the pod worker's next sync.
        const exited: ContainerRun = { ...c, phase: 'exited', due: t, terminated };
        return {
          run: restartsAtOnce(exited) ? exited : { ...exited, due: t + RESYNC_DELAY },
          events: [],
          pulled: [],
        };
      }
      // Seen by the PLEG, or readiness passed: nothing to record, the status shows it.
      return { run: { ...c, due: nextRunningDue(c, env, env.now) }, events: [], pulled: [] };
    }
    case 'exited':
      return decideRestart(c, env, t);
    case 'crashBackoff': {
      // flowcontrol.Backoff.Next: the window doubles (to the cap) as the restart goes ahead.
      const backoff = (c.history ?? NO_HISTORY).crashBackoff;
      return {
        run: restart(c, env, t, true, Math.min(backoff * 2, CRASH_BACKOFF_MAX), backoff),
        events: [],
        pulled: [],
      };
    }
    case 'configError':
      // The pod worker's next sync: the image again (already present, or pulled again when
      // the policy is Always), then another try at the config.
      return beginContainer({ ...env, now: t }, c);
    case 'neverPull':
    case 'mounting':
    case 'done':
      return undefined;
  }
}

/**
 * After an exit: the first restart is immediate; later ones wait out a back-off that starts
 * at 10s and doubles to 5m, counted from the exit; a container that ran 10 minutes since its
 * last restart starts over (kuberuntime doBackOff with flowcontrol.Backoff).
 */
/** Whether an exited container restarts without a back-off: its first restart, or one 10 minutes after the last. */
function restartsAtOnce(c: ContainerRun): boolean {
  const h = c.history ?? NO_HISTORY;
  const finishedAt = c.terminated?.finishedAt ?? 0;
  const expired = h.lastRestartAt === undefined ? false : finishedAt - h.lastRestartAt > CRASH_BACKOFF_RESET;
  return h.crashBackoff === 0 || expired;
}

function decideRestart(c: ContainerRun, env: ContainerEnv, t: Millis): Advanced {
  const exitCode = c.terminated?.exitCode ?? 1;
  if (!shouldRestart(env.restartPolicy, exitCode)) {
    return { run: { ...c, phase: 'done', due: undefined }, events: [], pulled: [] };
  }
  const h = c.history ?? NO_HISTORY;
  const finishedAt = c.terminated?.finishedAt ?? t;
  if (restartsAtOnce(c)) {
    return { run: restart(c, env, t, false, CRASH_BACKOFF_INITIAL, undefined), events: [], pulled: [] };
  }
  return {
    run: { ...c, phase: 'crashBackoff', due: finishedAt + h.crashBackoff },
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

import type { Container, ContainerState, ContainerStatus, Millis } from '@kubesim/core';
import { normalizeImage } from './images.js';
import type { ContainerRun } from './memory.js';
import { crashLoopMessage } from './runtime.js';

/**
 * Sub-objects every pod of a cluster would otherwise carry a copy of. Stored objects are
 * immutable by convention, so pods share them.
 */
const NO_STATE: ContainerState = Object.freeze({});
const CREATING: ContainerState = Object.freeze({ waiting: Object.freeze({ reason: 'ContainerCreating' }) });

/** Whether the kubelet knows the container runs at `now`: its PLEG has seen it start. */
function observed(c: ContainerRun, now: Millis): boolean {
  return c.observedAt === undefined || c.observedAt <= now;
}

/** Whether the container passes its readiness probe at `now` (as far as the kubelet knows). */
export function isReady(c: ContainerRun | undefined, now: Millis): boolean {
  return c?.phase === 'running' && observed(c, now) && c.readyAt !== undefined && c.readyAt <= now;
}

/** The status the kubelet reports for one container, derived from its runtime memory. */
export function containerStatus(c: ContainerRun | undefined, spec: Container, now: Millis, podLabel: string): ContainerStatus {
  const image = spec.image ?? '';
  if (c === undefined) {
    const fresh = { name: spec.name, state: CREATING, lastState: NO_STATE, ready: false, restartCount: 0 };
    return { ...fresh, image: normalizeImage(image), imageID: '', started: false };
  }
  const h = c.history;
  let state: ContainerState = CREATING;
  let lastState: ContainerState = h?.lastTerminated ? { terminated: h.lastTerminated } : NO_STATE;
  let ready = false;
  let restartCount = c.restartCount;
  let started = false;
  // A container started but not yet seen by the PLEG is reported as it was before it started.
  const phase = c.phase === 'running' && !observed(c, now) ? 'creating' : c.phase;
  switch (phase) {
    case 'pulling':
      // A retried pull blocks the pod's sync: the status keeps showing the back-off meanwhile.
      if ((c.pull?.failures ?? 0) > 0)
        state = { waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image ${JSON.stringify(image)}` } };
      break;
    case 'pullFailed':
      state = { waiting: { reason: 'ErrImagePull', message: c.pull?.error ?? '' } };
      break;
    case 'pullBackoff':
      state = { waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image ${JSON.stringify(image)}` } };
      break;
    case 'configError':
      // The reason cache: the failed start's reason and its error's message.
      state = { waiting: { reason: 'CreateContainerConfigError', message: c.configError ?? '' } };
      break;
    case 'mounting':
      break;
    case 'neverPull':
      state = {
        waiting: {
          reason: 'ErrImageNeverPull',
          message: `Container image ${JSON.stringify(image)} is not present with pull policy of Never`,
        },
      };
      break;
    case 'creating':
      if (c.restartCount > 0 && h?.lastTerminated) {
        // A restart under way: until the new container runs, the status is what it was
        // before the restart (the kubelet posts nothing in between).
        restartCount = c.restartCount - 1;
        if (h.fromBackoff) {
          const waited = h.waitedBackoff ?? h.crashBackoff;
          state = { waiting: { reason: 'CrashLoopBackOff', message: crashLoopMessage(waited, spec.name, podLabel) } };
          lastState = { terminated: h.lastTerminated };
        } else {
          state = { terminated: h.lastTerminated };
          lastState = h.previousTerminated ? { terminated: h.previousTerminated } : NO_STATE;
        }
      }
      break;
    case 'running':
      state = { running: c.startedAt !== undefined ? { startedAt: c.startedAt } : {} };
      started = true;
      ready = isReady(c, now);
      break;
    case 'exited':
    case 'done':
      if (c.terminated) state = { terminated: c.terminated };
      break;
    case 'crashBackoff':
      state = {
        waiting: { reason: 'CrashLoopBackOff', message: crashLoopMessage(h?.crashBackoff ?? 0, spec.name, podLabel) },
      };
      if (c.terminated) lastState = { terminated: c.terminated };
      break;
  }
  const name = spec.name;
  const imageName = normalizeImage(image);
  // One literal per shape (a key added afterwards would cost every pod a store of its own).
  // A container started but not yet seen shows the one before it (none on a first start).
  const unseen = phase === 'creating' && c.phase === 'running';
  const containerID =
    phase === 'pulling' || phase === 'pullFailed' || phase === 'pullBackoff' || (unseen && c.restartCount === 0)
      ? undefined
      : unseen
        ? h?.lastTerminated?.containerID
        : c.containerID;
  // The runtime reports an image ID once a container exists (and the kubelet has seen it).
  const imageID = containerID !== undefined ? (c.imageID ?? '') : '';
  if (containerID === undefined) return { name, state, lastState, ready, restartCount, image: imageName, imageID, started };
  return { name, state, lastState, ready, restartCount, image: imageName, imageID, started, containerID };
}

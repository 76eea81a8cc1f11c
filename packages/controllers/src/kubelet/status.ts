import type { Container, ContainerState, ContainerStatus, Millis } from '@kubesim/core';
import { normalizeImage } from './images.js';
import type { ContainerRun } from './memory.js';
import { crashLoopMessage } from './runtime.js';

/** The status the kubelet reports for one container, derived from its runtime memory. */
export function containerStatus(c: ContainerRun | undefined, spec: Container, now: Millis, podLabel: string): ContainerStatus {
  const image = spec.image ?? '';
  let state: ContainerState = { waiting: { reason: 'ContainerCreating' } };
  let lastState: ContainerState = c?.lastTerminated ? { terminated: c.lastTerminated } : {};
  let ready = false;
  let restartCount = c?.restartCount ?? 0;
  let started = false;
  switch (c?.phase) {
    case undefined:
      break;
    case 'pulling':
      // A retried pull blocks the pod's sync: the status keeps showing the back-off meanwhile.
      if (c.pullFailures > 0)
        state = { waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image ${JSON.stringify(image)}` } };
      break;
    case 'pullFailed':
      state = { waiting: { reason: 'ErrImagePull', message: c.pullError ?? '' } };
      break;
    case 'pullBackoff':
      state = { waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image ${JSON.stringify(image)}` } };
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
      if (c.restartCount > 0 && c.lastTerminated) {
        // A restart under way: until the new container runs, the status is what it was
        // before the restart (the kubelet posts nothing in between).
        restartCount = c.restartCount - 1;
        if (c.fromBackoff) {
          const waited = c.waitedBackoff ?? c.crashBackoff;
          state = { waiting: { reason: 'CrashLoopBackOff', message: crashLoopMessage(waited, spec.name, podLabel) } };
          lastState = { terminated: c.lastTerminated };
        } else {
          state = { terminated: c.lastTerminated };
          lastState = c.previousTerminated ? { terminated: c.previousTerminated } : {};
        }
      }
      break;
    case 'running':
      state = { running: { ...(c.startedAt !== undefined ? { startedAt: c.startedAt } : {}) } };
      started = true;
      ready = c.readyAt !== undefined && c.readyAt <= now;
      break;
    case 'exited':
    case 'done':
      if (c.terminated) state = { terminated: c.terminated };
      break;
    case 'crashBackoff':
      state = { waiting: { reason: 'CrashLoopBackOff', message: crashLoopMessage(c.crashBackoff, spec.name, podLabel) } };
      if (c.terminated) lastState = { terminated: c.terminated };
      break;
  }
  const status: ContainerStatus = {
    name: spec.name,
    state,
    lastState,
    ready,
    restartCount,
    image: normalizeImage(image),
    // The runtime reports an image ID once a container exists.
    imageID: c?.containerID !== undefined ? (c.imageID ?? '') : '',
    started,
  };
  if (c?.containerID !== undefined && c.phase !== 'pulling' && c.phase !== 'pullFailed' && c.phase !== 'pullBackoff') {
    status.containerID = c.containerID;
  }
  return status;
}

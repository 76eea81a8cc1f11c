import { type Effect, type Millis, SECOND } from '@kubesim/core';
import { type ContainerEnv, draw } from './containerEnv.js';
import type { ContainerRun } from './memory.js';

/**
 * The step after the image is there (kuberuntime_container.go startContainer): generate the
 * container's config, then create and start it. When the config cannot be made (a ConfigMap
 * or Secret it reads is missing) the container waits in CreateContainerConfigError, and the
 * pod's sync fails: the pod worker tries again after its back-off.
 */

/** kubelet.go backOffPeriod: how long a pod worker waits after a failed sync... */
export const POD_WORKER_BACKOFF: Millis = 10 * SECOND;
/** ...stretched by up to half again (pod_workers.go workerBackOffPeriodJitterFactor, wait.Jitter). */
export const POD_WORKER_BACKOFF_JITTER = 0.5;

/**
 * When the pod worker syncs again after a sync at `t` failed. One draw per pod and time, so
 * every container of the pod that failed in that sync retries in the same later sync.
 */
export function syncRetryAt(env: ContainerEnv, t: Millis): Millis {
  const r = env.random(`${env.podUid}/syncBackoff/${t}`).next();
  return t + POD_WORKER_BACKOFF + Math.floor(r * POD_WORKER_BACKOFF_JITTER * POD_WORKER_BACKOFF);
}

/**
 * From an image that is present, at `t`: creating (due when the container has started, a
 * delay drawn for `startPurpose`), or CreateContainerConfigError with its `Failed` event.
 */
export function createContainer(
  c: ContainerRun,
  env: ContainerEnv,
  t: Millis,
  startPurpose: string,
): { run: ContainerRun; events: Effect[] } {
  const error = env.configError();
  if (error === undefined) {
    return {
      run: { ...c, phase: 'creating', due: t + draw(env, env.profile.start, startPurpose), configError: undefined },
      events: [],
    };
  }
  return {
    run: { ...c, phase: 'configError', due: syncRetryAt(env, t), configError: error },
    // events.FailedToCreateContainer, "Error: %v" of the error's message.
    events: [env.event('Warning', 'Failed', `Error: ${error}`)],
  };
}

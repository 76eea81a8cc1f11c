import { formatDuration, type Millis, SECOND } from '@kubesim/core';
import { createContainer } from './containerConfig.js';
import { type Advanced, type ContainerEnv, draw, RESYNC_DELAY } from './containerEnv.js';
import { imageID } from './images.js';
import { type ContainerRun, NEW_CONTAINER, type PullState } from './memory.js';

/**
 * The image side of a container's runtime (kuberuntime_image.go's EnsureImageExists and the
 * image back-off): whether to pull, the pull, its failures and the back-off between retries.
 */

/** kubelet.go: imageBackOffPeriod and MaxImageBackOff. */
export const IMAGE_BACKOFF_INITIAL: Millis = 10 * SECOND;
/** The image pull back-off's cap (300 s). */
export const IMAGE_BACKOFF_MAX: Millis = 300 * SECOND;

/**
 * The first step for a container the kubelet has not started yet: its image. `from`: the
 * container's record when a failed sync is retried (CreateContainerConfigError).
 */
export function beginContainer(env: ContainerEnv, from: ContainerRun = NEW_CONTAINER): Advanced {
  const image = env.container.image ?? '';
  const policy = env.container.imagePullPolicy ?? 'IfNotPresent';
  if (policy !== 'Always' && env.imagePresent) {
    const created = createContainer({ ...from, imageID: imageID(image) }, env, env.now, 'start/0');
    return {
      run: created.run,
      events: [
        env.event('Normal', 'Pulled', `Container image ${JSON.stringify(image)} already present on machine`),
        ...created.events,
      ],
      pulled: [],
    };
  }
  if (policy === 'Never') {
    return {
      run: { ...from, phase: 'neverPull', due: undefined },
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
  return startPull(from, env, env.now);
}

function startPull(c: ContainerRun, env: ContainerEnv, t: Millis): Advanced {
  const image = env.container.image ?? '';
  const p = c.pull;
  const failures = p?.failures ?? 0;
  const pull: PullState = {
    startedAt: t,
    failures,
    backoff: p?.backoff ?? 0,
    failedAt: p?.failedAt,
    error: p?.error,
  };
  return {
    run: { ...c, phase: 'pulling', pull, due: t + draw(env, env.profile.pull, `pull/${failures}`) },
    events: [env.event('Normal', 'Pulling', `Pulling image ${JSON.stringify(image)}`)],
    pulled: [],
  };
}

/**
 * The step due at `t` of a container whose image is being pulled (`pulling`), whose pull just
 * failed (`pullFailed`) or which waits out the back-off (`pullBackoff`).
 */
export function pullStep(c: ContainerRun, env: ContainerEnv, t: Millis): Advanced {
  const image = env.container.image ?? '';
  switch (c.phase) {
    case 'pulling': {
      const startedAt = c.pull?.startedAt ?? t;
      if (env.profile.pullError !== undefined) {
        const failures = (c.pull?.failures ?? 0) + 1;
        const window = failures === 1 ? IMAGE_BACKOFF_INITIAL : Math.min((c.pull?.backoff ?? 0) * 2, IMAGE_BACKOFF_MAX);
        return {
          run: {
            ...c,
            phase: 'pullFailed',
            due: t + RESYNC_DELAY,
            pull: { startedAt, failures, backoff: window, failedAt: t, error: env.profile.pullError },
          },
          events: [
            env.event('Warning', 'Failed', `Failed to pull image ${JSON.stringify(image)}: ${env.profile.pullError}`),
            env.event('Warning', 'Failed', 'Error: ErrImagePull'),
          ],
          pulled: [],
        };
      }
      const took = formatDuration(t - startedAt);
      // The pull's bookkeeping goes: nothing reads it once the image is there.
      const created = createContainer({ ...c, imageID: imageID(image), pull: undefined }, env, t, `start/${c.restartCount}`);
      return {
        run: created.run,
        events: [
          env.event(
            'Normal',
            'Pulled',
            `Successfully pulled image ${JSON.stringify(image)} in ${took} (${took} including waiting). Image size: ${env.profile.sizeBytes} bytes.`,
          ),
          ...created.events,
        ],
        pulled: [image],
      };
    }
    case 'pullFailed':
      return {
        run: { ...c, phase: 'pullBackoff', due: (c.pull?.failedAt ?? t) + (c.pull?.backoff ?? 0) },
        events: [
          env.event('Normal', 'BackOff', `Back-off pulling image ${JSON.stringify(image)}`),
          env.event('Warning', 'Failed', 'Error: ImagePullBackOff'),
        ],
        pulled: [],
      };
    default:
      // pullBackoff: the back-off is over, the pull goes again.
      return startPull(c, env, t);
  }
}

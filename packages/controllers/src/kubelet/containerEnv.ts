import { type Container, type Distribution, type Effect, type Millis, type RandomStream, SECOND, sample } from '@kubesim/core';
import type { ContainerRun } from './memory.js';
import type { ResolvedProfile } from './profile.js';

/** The pod worker's next sync after a container exits or a pull fails (PLEG relist). */
export const RESYNC_DELAY: Millis = 1 * SECOND;

/** What one step of a container's runtime sees: the container, its delays, the node, the time. */
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

/** What a step gives back: the container's new record, the events to record, the images pulled. */
export interface Advanced {
  readonly run: ContainerRun;
  readonly events: readonly Effect[];
  /** Images this container finished pulling (the node keeps them). */
  readonly pulled: readonly string[];
}

/** A delay drawn from the container's own stream for `purpose` (`start/0`, `pull/1`, ...). */
export function draw(env: ContainerEnv, dist: Distribution, purpose: string): Millis {
  return sample(dist, env.random(`${env.podUid}/${env.container.name}/${purpose}`));
}

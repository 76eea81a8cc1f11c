import {
  type ClusterView,
  type Container,
  type Distribution,
  type Effect,
  fnv32a,
  kubeletStartedAt,
  type Millis,
  type RandomStream,
  SECOND,
  sample,
} from '@kubesim/core';
import type { ContainerRun } from './memory.js';
import type { ResolvedProfile } from './profile.js';

/** The pod worker's next sync after a pull fails. */
export const RESYNC_DELAY: Millis = 1 * SECOND;

/**
 * genericPlegRelistPeriod: the kubelet learns that a container started or exited when its
 * pod lifecycle event generator next relists the runtime, once a second (the Evented PLEG is
 * alpha and off in v1.34). Each node's kubelet relists on its own clock, from its start.
 */
export const PLEG_RELIST_PERIOD: Millis = 1 * SECOND;

/** The first relist at or after `t` of a kubelet that started at `startedAt`. */
export function nextRelist(startedAt: Millis, t: Millis): Millis {
  return t <= startedAt ? startedAt : startedAt + Math.ceil((t - startedAt) / PLEG_RELIST_PERIOD) * PLEG_RELIST_PERIOD;
}

/**
 * When a node's kubelet relists: from its start, offset within the period by its name, so the
 * kubelets of nodes started together do not all relist in the same millisecond.
 */
export function relistClock(node: string, startedAt: Millis): (t: Millis) => Millis {
  const first = startedAt + (fnv32a(node) % PLEG_RELIST_PERIOD);
  return (t) => nextRelist(first, t);
}

/**
 * When the node's current kubelet process started, in true time (`now` is true time): a
 * kubelet restart starts a new relist cadence, and the kubelet's memory from before it is rebuilt.
 */
export function kubeletStart(view: ClusterView, host: string, now: Millis): Millis {
  const runtime = view.nodeRuntime(host);
  return runtime === undefined ? 0 : kubeletStartedAt(runtime, now);
}

/** The relist clock of the node's current kubelet, on the node's clock (`localNow` too). */
export function relistOf(view: ClusterView, host: string, localNow: Millis): (t: Millis) => Millis {
  const skew = view.nodeRuntime(host)?.skew ?? 0;
  return relistClock(host, kubeletStart(view, host, localNow - skew) + skew);
}

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
  /** The first PLEG relist of this node's kubelet at or after a time. */
  readonly relist: (t: Millis) => Millis;
  /** A stream for one draw, named by what it is for; the same purpose always draws the same. */
  readonly random: (purpose: string) => RandomStream;
  readonly event: (eventType: 'Normal' | 'Warning', reason: string, message: string) => Effect;
  /** Why the container's config cannot be made now (a ConfigMap or Secret it reads is missing), if so. */
  readonly configError: () => string | undefined;
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

import { type ContainerStateTerminated, type Millis, PMap, type PodStatus } from '@kubesim/core';
import type { VolumeWait } from './volumeWait.js';

/**
 * The kubelet's memory of a pod: what its container runtime is doing. The API status is
 * derived from this (and written when it changes); timers are requeues at `due`.
 *
 * A cluster holds one of these per running pod, so they are kept small and of one shape:
 * every field is always present (undefined when unset) and built in one order, so all
 * records share a hidden class, and what only some containers need (a pull being retried,
 * a restart history) sits in a sub-record that the rest do without.
 */
export type ContainerPhase =
  | 'pulling' // the image is being pulled
  | 'pullFailed' // the pull just failed (ErrImagePull)
  | 'pullBackoff' // waiting out the image back-off (ImagePullBackOff)
  | 'neverPull' // pull policy Never and the image is absent
  | 'creating' // creating and starting the container
  | 'running'
  | 'exited' // the process ended; the next sync decides on a restart
  | 'crashBackoff' // waiting out the restart back-off (CrashLoopBackOff)
  | 'configError' // its config could not be made (CreateContainerConfigError); retried on the pod worker's back-off
  | 'mounting' // the pod waits for its volumes to mount; nothing started yet
  | 'done'; // ended for good (restart policy says no)

/** An image pull under way, and its failures so far; dropped once the image is there. */
export interface PullState {
  readonly startedAt: Millis;
  readonly failures: number;
  /** The current image back-off window. */
  readonly backoff: Millis;
  readonly failedAt: Millis | undefined;
  readonly error: string | undefined;
}

/** What a container's restarts left behind: the status's lastState and the crash-loop back-off. */
export interface RestartHistory {
  /** How the previous instance ended (the status's lastState). */
  readonly lastTerminated: ContainerStateTerminated | undefined;
  /** The instance before that: lastState while an immediate restart is under way. */
  readonly previousTerminated: ContainerStateTerminated | undefined;
  /** The current restart back-off; 0 until the first restart. */
  readonly crashBackoff: Millis;
  /** When the container was last (re)started by a back-off decision, for the 10-minute reset. */
  readonly lastRestartAt: Millis | undefined;
  /** Whether this (re)start follows a CrashLoopBackOff wait (the status keeps saying so). */
  readonly fromBackoff: boolean | undefined;
  /** The back-off that wait lasted. */
  readonly waitedBackoff: Millis | undefined;
}

/** What the kubelet remembers of a container: its phase, until when, its restarts and back-off. */
export interface ContainerRun {
  readonly phase: ContainerPhase;
  /** When the current phase ends; undefined: it does not end by itself. */
  readonly due: Millis | undefined;
  readonly restartCount: number;
  readonly imageID: string | undefined;
  readonly containerID: string | undefined;
  readonly startedAt: Millis | undefined;
  /** When the kubelet's PLEG sees this instance running (the first relist after it started). */
  readonly observedAt: Millis | undefined;
  /** When readiness first passes; undefined: never. */
  readonly readyAt: Millis | undefined;
  /** When the process exits; undefined: it runs until stopped. */
  readonly exitAt: Millis | undefined;
  readonly exitCode: number | undefined;
  /** How the current instance ended, once it has. */
  readonly terminated: ContainerStateTerminated | undefined;
  readonly pull: PullState | undefined;
  /** Undefined until the first restart. */
  readonly history: RestartHistory | undefined;
  /** Why the container's config could not be made (phase configError), e.g. `configmap "x" not found`. */
  readonly configError: string | undefined;
}

/** A container the kubelet has just taken on: nothing pulled, nothing started. */
export const NEW_CONTAINER: ContainerRun = {
  phase: 'pulling',
  due: undefined,
  restartCount: 0,
  imageID: undefined,
  containerID: undefined,
  startedAt: undefined,
  observedAt: undefined,
  readyAt: undefined,
  exitAt: undefined,
  exitCode: undefined,
  terminated: undefined,
  pull: undefined,
  history: undefined,
  configError: undefined,
};

export const NO_HISTORY: RestartHistory = {
  lastTerminated: undefined,
  previousTerminated: undefined,
  crashBackoff: 0,
  lastRestartAt: undefined,
  fromBackoff: undefined,
  waitedBackoff: undefined,
};

/** What the kubelet remembers of a pod it runs: its node and boot, its containers. */
export interface PodRun {
  readonly uid: string;
  readonly nodeName: string;
  readonly bootId: number;
  /** When the kubelet process that keeps this record started (a kubelet restart keeps the runtime's record, not the rest). */
  readonly kubeletStart: Millis;
  /** The node's clock skew the record's times are on (clock.ts moves them when it changes). */
  readonly skew: Millis;
  readonly startTime: Millis;
  readonly podIP: string;
  /** One per entry of spec.containers, in its order (a pod's containers never change). */
  readonly containers: readonly ContainerRun[];
  /**
   * The status derived from `containers` at the last sync. While the API server still holds
   * this very object, the next status is built from it: what did not change is reused as is.
   */
  readonly status: PodStatus | undefined;
  /** Set once the pod is being stopped. */
  readonly stopping: Stopping | undefined;
  /** Set while the pod waits for volumes whose SetUp failed (volumeWait.ts); its containers are `mounting`. */
  readonly volumes: VolumeWait | undefined;
}

/** A pod the kubelet is stopping: until when, and how each of its containers ends. */
export interface Stopping {
  /** When its containers will have exited. */
  readonly until: Millis;
  /** How each container being stopped ends (by index; undefined: it was not running). */
  readonly stops: readonly (ContainerStop | undefined)[];
}

/** How one container being stopped ends: when, and with which exit code. */
export interface ContainerStop {
  readonly at: Millis;
  /** 0 when the process exits on SIGTERM within the grace period; 137 when SIGKILLed at its end. */
  readonly exitCode: number;
}

export interface NodeMemory {
  /** Images present on the node (pulled successfully). */
  readonly images: readonly string[];
  /** The next host number to try in the node's pod CIDR. */
  readonly nextIp: number;
  /** Pod IPs handed out and not yet released, to the pod key holding each. */
  readonly ips: PMap<string>;
}

export const EMPTY_NODE_MEMORY: NodeMemory = { images: [], nextIp: 2, ips: PMap.empty() };

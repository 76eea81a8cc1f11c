import { type ContainerStateTerminated, type Millis, PMap } from '@kubesim/core';

/**
 * The kubelet's memory of a pod: what its container runtime is doing. The API status is
 * derived from this (and written when it changes); timers are requeues at `due`.
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
  | 'done'; // ended for good (restart policy says no)

export interface ContainerRun {
  readonly phase: ContainerPhase;
  /** When the current phase ends; undefined: it does not end by itself. */
  readonly due?: Millis;
  readonly pullStartedAt?: Millis;
  readonly pullFailures: number;
  /** The current image back-off window. */
  readonly pullBackoff: Millis;
  readonly pullFailedAt?: Millis;
  readonly pullError?: string;
  readonly imageID?: string;
  readonly containerID?: string;
  readonly startedAt?: Millis;
  /** When readiness first passes; undefined: never. */
  readonly readyAt?: Millis;
  /** When the process exits; undefined: it runs until stopped. */
  readonly exitAt?: Millis;
  readonly exitCode?: number;
  readonly restartCount: number;
  /** How the current instance ended, once it has. */
  readonly terminated?: ContainerStateTerminated;
  /** How the previous instance ended (the status's lastState). */
  readonly lastTerminated?: ContainerStateTerminated;
  /** The instance before that: lastState while an immediate restart is under way. */
  readonly previousTerminated?: ContainerStateTerminated;
  /** The current restart back-off; 0 until the first restart. */
  readonly crashBackoff: Millis;
  /** When the container was last (re)started by a back-off decision, for the 10-minute reset. */
  readonly lastRestartAt?: Millis;
  /** Whether this (re)start follows a CrashLoopBackOff wait (the status keeps saying so). */
  readonly fromBackoff?: boolean;
  /** The back-off that wait lasted. */
  readonly waitedBackoff?: Millis;
}

export interface PodRun {
  readonly uid: string;
  readonly nodeName: string;
  readonly bootId: number;
  readonly startTime: Millis;
  readonly podIP: string;
  readonly containers: Readonly<Record<string, ContainerRun>>;
  /** Set once the pod is being stopped: when its containers will have exited. */
  readonly stoppingUntil?: Millis;
  /** How each container being stopped ends: when, and with which exit code. */
  readonly stops?: Readonly<Record<string, ContainerStop>>;
}

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

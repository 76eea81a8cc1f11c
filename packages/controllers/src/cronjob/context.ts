import type { CronJob, Effect, Job, Millis } from '@kubesim/core';
import { recordEvent } from '../util/effects.js';

/** One sync's inputs and outcome, and its working state: the CronJob copy it mutates and the effects so far. */

/** What one sync reads besides the CronJob and its Jobs. */
export interface CronJobSyncInput {
  readonly cronJob: CronJob;
  /** getJobsToBeReconciled: the namespace's Jobs whose controller reference names the CronJob. */
  readonly jobs: readonly Job[];
  /** Simulated now. */
  readonly now: Millis;
  /** The wall-clock instant (Unix ms) simulated time 0 stands for; 0 makes simulated time Unix time. */
  readonly startTime?: number;
  /** GET a Job (upstream's jobControl.GetJob): the Job, undefined when NotFound, or the error's message. */
  readonly getJob?: (namespace: string, name: string) => Job | undefined | { readonly error: string };
  /** GET the CronJob (cronJobControl.GetCronJob): a copy at least as fresh as the informer's. */
  readonly getCronJob?: () => CronJob | undefined;
}

/** What one CronJob sync decided: the writes, the updated CronJob and when to sync again. */
export interface CronJobSyncResult {
  /** API calls and events, in upstream's order (the status update last). */
  readonly effects: Effect[];
  /** When to sync again (AddAfter), if the sync asks for it. */
  readonly requeueAfter: Millis | undefined;
  /** Whether the status changed and is written. */
  readonly updateStatus: boolean;
  /** The CronJob as the sync left it: its status is the one written. */
  readonly cronJob: CronJob;
  /** The error sync() returns (AddRateLimited), when it asks for no requeue. */
  readonly error?: string;
}

export interface Sync {
  readonly in: CronJobSyncInput;
  readonly startTime: number;
  readonly effects: Effect[];
  cj: CronJob;
}

export function defaultGetJob(jobs: readonly Job[]): NonNullable<CronJobSyncInput['getJob']> {
  return (namespace, name) => jobs.find((j) => j.metadata.name === name && (j.metadata.namespace ?? 'default') === namespace);
}

/** recorder.Eventf on the CronJob. */
export const event = (s: Sync, type: 'Normal' | 'Warning', reason: string, message: string): void => {
  s.effects.push(recordEvent(s.cj, type, reason, message));
};

import type { CronJob, Effect, Job } from '@kubesim/core';
import type { ActiveRef } from './utils.js';

/**
 * pkg/controller/cronjob/injection.go: how the controller's writes reach the API server
 * (realJobControl, realCJControl), as effects, with the events upstream records on their outcome.
 */

function involved(cj: CronJob) {
  return {
    kind: 'CronJob' as const,
    ...(cj.metadata.namespace !== undefined ? { namespace: cj.metadata.namespace } : {}),
    name: cj.metadata.name ?? '',
    uid: cj.metadata.uid ?? '',
  };
}

/**
 * CreateJob. SuccessfulCreate once it is created; FailedCreate with the API's error otherwise,
 * except AlreadyExists, which upstream answers by adopting the Job into status.active.
 */
export function createJob(cj: CronJob, job: Job): Effect {
  return {
    type: 'create',
    object: job,
    report: {
      involved: involved(cj),
      success: { eventType: 'Normal', reason: 'SuccessfulCreate', message: `Created job ${job.metadata.name}` },
      failure: { eventType: 'Warning', reason: 'FailedCreate', message: 'Error creating job: ' },
      quietOn: ['AlreadyExists'],
    },
  };
}

/**
 * DeleteJob: background propagation (the garbage collector removes the pods); upstream's
 * deleteJob then records SuccessfulDelete, or FailedDelete with the error (its message does
 * say "Deleted job: <error>").
 */
export function deleteJob(cj: CronJob, job: Job, opts: { continueOnError?: boolean } = {}): Effect {
  const name = job.metadata.name ?? '';
  return {
    type: 'delete',
    ref: { kind: 'Job', ...(job.metadata.namespace !== undefined ? { namespace: job.metadata.namespace } : {}), name },
    propagationPolicy: 'Background',
    // A Job already gone is an error to DeleteJob (FailedDelete), as it is upstream.
    ignoreNotFound: false,
    ...(opts.continueOnError === true ? { continueOnError: true } : {}),
    report: {
      involved: involved(cj),
      success: { eventType: 'Normal', reason: 'SuccessfulDelete', message: `Deleted job ${name}` },
      failure: { eventType: 'Warning', reason: 'FailedDelete', message: 'Deleted job: ' },
    },
  };
}

/**
 * getRef: the status.active entry for a Job. Upstream's carries the Job's UID and
 * resourceVersion from the create's response; a kubesim sync computes its status write before
 * its create has landed, so the entry names the Job (namespace and name, unique per scheduled
 * time) and carries a UID only when the Job was already there.
 */
export function jobRef(job: Job): ActiveRef {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    ...(job.metadata.namespace !== undefined ? { namespace: job.metadata.namespace } : {}),
    name: job.metadata.name ?? '',
    ...(job.metadata.uid !== undefined ? { uid: job.metadata.uid } : {}),
  };
}

/** UpdateStatus: one write of the status the sync computed, no retry (a Conflict fails the sync). */
export function updateCronJobStatus(cj: CronJob): Effect {
  return { type: 'updateStatus', object: cj };
}

import type { Job } from '@kubesim/core';
import type { Sync } from './context.js';
import { deleteJob } from './injection.js';
import { byJobStartTime, deleteFromActiveList, finishedCondition } from './utils.js';

/** cronjob_controllerv2.go's cleanupFinishedJobs and removeOldestJobs: the finished-Job history limits. */

/** cleanupFinishedJobs: delete finished Jobs beyond the history limits, oldest start first. */
export function cleanupFinishedJobs(s: Sync, jobs: readonly Job[]): boolean {
  const { successfulJobsHistoryLimit, failedJobsHistoryLimit } = s.cj.spec;
  if (successfulJobsHistoryLimit === undefined && failedJobsHistoryLimit === undefined) return false;
  const successful = jobs.filter((j) => finishedCondition(j) === 'Complete');
  const failed = jobs.filter((j) => finishedCondition(j) === 'Failed');
  let updateStatus = false;
  if (successfulJobsHistoryLimit !== undefined && removeOldestJobs(s, successful, successfulJobsHistoryLimit)) {
    updateStatus = true;
  }
  if (failedJobsHistoryLimit !== undefined && removeOldestJobs(s, failed, failedJobsHistoryLimit)) updateStatus = true;
  return updateStatus;
}

function removeOldestJobs(s: Sync, jobs: readonly Job[], maxJobs: number): boolean {
  const numToDelete = jobs.length - maxJobs;
  if (numToDelete <= 0) return false;
  const sorted = [...jobs].sort(byJobStartTime);
  for (const job of sorted.slice(0, numToDelete)) {
    // Upstream logs a failed delete and goes on to the next.
    s.effects.push(deleteJob(s.cj, job, { continueOnError: true }));
    deleteFromActiveList(s.cj, job);
  }
  return true;
}

import type { Controller, Job } from '@kubesim/core';
import { misreading, real } from './variant.js';

/**
 * Seeded bug: a Job controller off by one on parallelism — it reads spec.parallelism as one
 * more than it is, so it keeps one pod too many running at once. Caught by job-parallelism.
 */
export default (defaults: readonly Controller[]): Controller =>
  misreading(real(defaults, 'job'), 'Job', (o) => {
    const j = o as Job;
    return { ...j, spec: { ...j.spec, parallelism: (j.spec.parallelism ?? 1) + 1 } } as Job;
  });

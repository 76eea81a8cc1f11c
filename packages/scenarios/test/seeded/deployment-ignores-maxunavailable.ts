import type { Controller, Deployment } from '@kubesim/core';
import { misreading, real } from './variant.js';

/**
 * Seeded bug: a Deployment controller that ignores maxUnavailable in a rolling update — it
 * reads every rolling Deployment as `maxUnavailable: 100%`, so it scales the old ReplicaSets
 * down before the new pods are available. Caught by deployment-availability.
 */
export default (defaults: readonly Controller[]): Controller =>
  misreading(real(defaults, 'deployment'), 'Deployment', (o) => {
    const d = o as Deployment;
    if (d.spec.strategy?.type === 'Recreate') return d;
    const rollingUpdate = { ...d.spec.strategy?.rollingUpdate, maxUnavailable: '100%' };
    return { ...d, spec: { ...d.spec, strategy: { type: 'RollingUpdate', rollingUpdate } } } as Deployment;
  });

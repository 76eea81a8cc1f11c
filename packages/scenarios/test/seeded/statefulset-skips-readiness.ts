import type { Controller, StatefulSet } from '@kubesim/core';
import { misreading, real } from './variant.js';

/**
 * Seeded bug: a StatefulSet controller that does not wait for an ordinal to be Running and
 * Ready before it creates the next — it reads every StatefulSet as podManagementPolicy
 * Parallel, so OrderedReady sets launch their pods all at once. Caught by statefulset-ordering.
 */
export default (defaults: readonly Controller[]): Controller =>
  misreading(real(defaults, 'statefulset'), 'StatefulSet', (o) => {
    const s = o as StatefulSet;
    return { ...s, spec: { ...s.spec, podManagementPolicy: 'Parallel' } } as StatefulSet;
  });

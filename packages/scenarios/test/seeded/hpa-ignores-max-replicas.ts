import type { Controller, HorizontalPodAutoscaler } from '@kubesim/core';
import { misreading, real } from './variant.js';

/**
 * Seeded bug: an HPA controller that ignores maxReplicas — it reads every HPA's upper bound as
 * 100, so a load above what maxReplicas pods can serve scales the target past it. Caught by
 * hpa-replica-bounds.
 */
export default (defaults: readonly Controller[]): Controller =>
  misreading(real(defaults, 'horizontal-pod-autoscaler'), 'HorizontalPodAutoscaler', (o) => {
    const h = o as HorizontalPodAutoscaler;
    return { ...h, spec: { ...h.spec, maxReplicas: 100 } } as HorizontalPodAutoscaler;
  });

import type { Deployment, HorizontalPodAutoscaler } from '@kubesim/core';
import { Simulation } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { defaultControllers } from '../src/index.js';

/**
 * reconcileAutoscaler reads its target through scaleNamespacer.Scales(ns).Get: a live GET, not
 * an informer's copy. With lagging informers the HPA still sees a scale changed just before
 * its sync (found by review: it read the lagged view).
 */
const web: Deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } },
  },
};
const hpa: HorizontalPodAutoscaler = {
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: 'web' },
  spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 10 },
};

describe('the HPA reads /scale live', () => {
  it("sees a scale made within its informers' lag", () => {
    const sim = new Simulation({
      seed: 1,
      controllers: defaultControllers(),
      nodes: ['node-1'],
      objects: [web, hpa],
      controlPlane: { profile: 'upstream', processes: { 'kube-controller-manager': { informerLag: 5000 } } },
    });
    // The HPA syncs at 20s, 35s, 50s (15s from its first sight, 5s late through its informers).
    sim.run(32_000);
    sim.scale({ kind: 'Deployment', namespace: 'default', name: 'web' }, 5);
    // At 35s its informers still show 2 replicas (the state at 30s); its GET of /scale shows 5.
    sim.run(40_000);
    const status = sim.get('HorizontalPodAutoscaler', 'web')?.status;
    expect(status?.currentReplicas).toBe(5);
  });
});

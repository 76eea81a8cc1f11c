import fc from 'fast-check';
import type { GeneratedWorkload } from './manifests.arb.js';
import { IMAGES, template } from './template.arb.js';

/**
 * The rest of the controllers' workloads: ReplicationControllers, CronJobs, and Deployments
 * under a HorizontalPodAutoscaler with a load that moves — so that generated scenarios reach
 * every controller kubesim has. Each shrinks towards its plainest form.
 */

export function replicationControllerArb(name: string): fc.Arbitrary<GeneratedWorkload> {
  return fc.record({ replicas: fc.integer({ min: 1, max: 6 }), image: fc.constantFrom(...IMAGES) }).map((r) => ({
    kind: 'ReplicationController' as const,
    name,
    app: name,
    selector: `app=${name}`,
    manifest: {
      apiVersion: 'v1',
      kind: 'ReplicationController',
      metadata: { name },
      // A ReplicationController's selector is a plain map.
      spec: { replicas: r.replicas, selector: { app: name }, template: template(name, r.image) },
    },
  }));
}

/**
 * A CronJob every 1 or 2 minutes, of any concurrencyPolicy, its Jobs of 1–2 completions (backoffLimit 2),
 * keeping 1–3 successful Jobs.
 */
export function cronJobArb(name: string): fc.Arbitrary<GeneratedWorkload> {
  return fc
    .record({
      every: fc.constantFrom(1, 2),
      concurrencyPolicy: fc.constantFrom('Allow', 'Forbid', 'Replace'),
      completions: fc.integer({ min: 1, max: 2 }),
      history: fc.integer({ min: 1, max: 3 }),
    })
    .map((c) => {
      const t = template(name, 'batch:v1') as { spec: Record<string, unknown> };
      return {
        kind: 'CronJob' as const,
        name,
        app: name,
        selector: `app=${name}`,
        manifest: {
          apiVersion: 'batch/v1',
          kind: 'CronJob',
          metadata: { name },
          spec: {
            schedule: `*/${c.every} * * * *`,
            concurrencyPolicy: c.concurrencyPolicy,
            successfulJobsHistoryLimit: c.history,
            jobTemplate: {
              spec: {
                completions: c.completions,
                backoffLimit: 2,
                template: { ...t, spec: { ...t.spec, restartPolicy: 'Never' } },
              },
            },
          },
        },
      };
    });
}

/**
 * A Deployment (applied first) and its HPA on CPU utilization, under a load of steps: the HPA
 * scales it up and down between its bounds while the schedule rolls it out or kills its pods.
 */
export function hpaArb(name: string): fc.Arbitrary<GeneratedWorkload> {
  const level = fc.integer({ min: 0, max: 800 });
  return fc
    .record({
      replicas: fc.integer({ min: 1, max: 3 }),
      min: fc.integer({ min: 1, max: 2 }),
      extra: fc.integer({ min: 1, max: 4 }),
      target: fc.constantFrom(60, 80),
      // The default scale-down window (5m), or a shorter one. Not 0: with no window an HPA on
      // a load near its target flaps between two sizes for good, as upstream's can (a new pod
      // still in its CPU initialization period is left out of a scale-down's count, so the
      // ready pods alone decide: ceil(ratio × ready)), and eventual-convergence says so.
      window: fc.constantFrom(undefined, 60),
      load: fc.tuple(level, fc.integer({ min: 10, max: 300 }), level),
    })
    .map((h) => {
      const deployment = {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name },
        spec: { replicas: h.replicas, selector: { matchLabels: { app: name } }, template: template(name, IMAGES[0] as string) },
      };
      const behavior = h.window === undefined ? {} : { behavior: { scaleDown: { stabilizationWindowSeconds: h.window } } };
      const [from, at, to] = h.load;
      return {
        kind: 'HorizontalPodAutoscaler' as const,
        name,
        app: name,
        selector: `app=${name}`,
        resource: `deployment/${name}`,
        before: [deployment],
        load: {
          target: `deployment/${name}`,
          steps: [
            { at: '0s', value: from },
            { at: `${at}s`, value: to },
          ],
        },
        manifest: {
          apiVersion: 'autoscaling/v2',
          kind: 'HorizontalPodAutoscaler',
          metadata: { name },
          spec: {
            scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
            minReplicas: h.min,
            maxReplicas: h.min + h.extra,
            metrics: [
              { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: h.target } } },
            ],
            ...behavior,
          },
        },
      };
    });
}

import fc from 'fast-check';
import type { LoadEntry } from '../scenario/loadSection.js';
import { cronJobArb, hpaArb, replicationControllerArb } from './kinds.arb.js';
import { IMAGES, template } from './template.arb.js';

export { IMAGES } from './template.arb.js';

/**
 * fast-check arbitraries for valid workload manifests of every kind kubesim models, as plain
 * objects a scenario file holds. Each shrinks towards the smallest, plainest workload: one
 * replica, the first image, the default strategy, no minReadySeconds.
 */

/** A generated workload: its manifest, and what actions and faults need to name it. */
export interface GeneratedWorkload {
  readonly kind:
    | 'Deployment'
    | 'ReplicaSet'
    | 'StatefulSet'
    | 'DaemonSet'
    | 'Job'
    | 'ReplicationController'
    | 'CronJob'
    | 'HorizontalPodAutoscaler';
  readonly name: string;
  /** The label its pods carry (`app=<name>`), for selectors. */
  readonly app: string;
  /** A label selector for its pods (`app=<name>`). */
  readonly selector: string;
  readonly manifest: Record<string, unknown>;
  /** More objects applied with it (an HPA's target Deployment, applied first). */
  readonly before?: readonly Record<string, unknown>[];
  /** What kubectl actions name: `kind/name` by default (an HPA's actions name its Deployment). */
  readonly resource?: string;
  /** The load on it (the scenario's `load:` entry), for an autoscaled workload. */
  readonly load?: LoadEntry;
}

const image = fc.constantFrom(...IMAGES);

const INT_OR_PERCENT = [1, 0, 2, '25%', '50%'] as const;

/**
 * A Deployment of 1–6 replicas: RollingUpdate (maxSurge/maxUnavailable from 0, 1, 2, 25%, 50%,
 * never both 0) three times in four, else Recreate; minReadySeconds 0 or 5.
 */
export function deploymentArb(name: string): fc.Arbitrary<GeneratedWorkload> {
  return fc
    .record({
      replicas: fc.integer({ min: 1, max: 6 }),
      image,
      // RollingUpdate (the default) three times in four: its surge and availability bounds are
      // where rollouts go wrong, and a seeded bug there must be found within check's budget.
      recreate: fc.oneof({ weight: 3, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
      maxSurge: fc.constantFrom(...INT_OR_PERCENT),
      maxUnavailable: fc.constantFrom(...INT_OR_PERCENT),
      minReadySeconds: fc.constantFrom(0, 5),
    })
    .map((d) => {
      // Both 0 is invalid (the API server refuses it): keep maxSurge.
      const maxUnavailable = d.maxSurge === 0 && d.maxUnavailable === 0 ? 1 : d.maxUnavailable;
      const strategy = d.recreate
        ? { type: 'Recreate' }
        : { type: 'RollingUpdate', rollingUpdate: { maxSurge: d.maxSurge, maxUnavailable } };
      return {
        kind: 'Deployment' as const,
        name,
        app: name,
        selector: `app=${name}`,
        manifest: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name },
          spec: {
            replicas: d.replicas,
            ...(d.minReadySeconds > 0 ? { minReadySeconds: d.minReadySeconds } : {}),
            strategy,
            selector: { matchLabels: { app: name } },
            template: template(name, d.image),
          },
        },
      };
    });
}

/** A ReplicaSet of 1–6 replicas. */
export function replicaSetArb(name: string): fc.Arbitrary<GeneratedWorkload> {
  return fc.record({ replicas: fc.integer({ min: 1, max: 6 }), image }).map((r) => ({
    kind: 'ReplicaSet' as const,
    name,
    app: name,
    selector: `app=${name}`,
    manifest: {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name },
      spec: { replicas: r.replicas, selector: { matchLabels: { app: name } }, template: template(name, r.image) },
    },
  }));
}

/**
 * A StatefulSet of 1–5 replicas (its serviceName its own name), OrderedReady or Parallel, with a
 * rolling-update partition of 0–2.
 */
export function statefulSetArb(name: string): fc.Arbitrary<GeneratedWorkload> {
  return fc
    .record({
      replicas: fc.integer({ min: 1, max: 5 }),
      image,
      parallel: fc.boolean(),
      partition: fc.constantFrom(0, 1, 2),
    })
    .map((s) => ({
      kind: 'StatefulSet' as const,
      name,
      app: name,
      selector: `app=${name}`,
      manifest: {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: { name },
        spec: {
          serviceName: name,
          replicas: s.replicas,
          ...(s.parallel ? { podManagementPolicy: 'Parallel' } : {}),
          ...(s.partition > 0 ? { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: s.partition } } } : {}),
          selector: { matchLabels: { app: name } },
          template: template(name, s.image),
        },
      },
    }));
}

/** A DaemonSet rolling out with maxUnavailable 1, 2 or 50%. */
export function daemonSetArb(name: string): fc.Arbitrary<GeneratedWorkload> {
  return fc.record({ image, maxUnavailable: fc.constantFrom(1, 2, '50%') }).map((d) => ({
    kind: 'DaemonSet' as const,
    name,
    app: name,
    selector: `app=${name}`,
    manifest: {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name },
      spec: {
        selector: { matchLabels: { app: name } },
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: d.maxUnavailable } },
        template: template(name, d.image),
      },
    },
  }));
}

/** A Job of 1–5 completions, parallelism 1–3, backoffLimit 3, restartPolicy Never (image `batch:v1`). */
export function jobArb(name: string): fc.Arbitrary<GeneratedWorkload> {
  return fc.record({ completions: fc.integer({ min: 1, max: 5 }), parallelism: fc.integer({ min: 1, max: 3 }) }).map((j) => {
    const t = template(name, 'batch:v1') as { spec: Record<string, unknown> };
    return {
      kind: 'Job' as const,
      name,
      app: name,
      selector: `app=${name}`,
      manifest: {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name },
        spec: {
          completions: j.completions,
          parallelism: j.parallelism,
          backoffLimit: 3,
          template: { ...t, spec: { ...t.spec, restartPolicy: 'Never' } },
        },
      },
    };
  });
}

/** The kinds of workload the generator makes. */
export type WorkloadKind = GeneratedWorkload['kind'];

const BY_KIND: Readonly<Record<WorkloadKind, (name: string) => fc.Arbitrary<GeneratedWorkload>>> = {
  Deployment: deploymentArb,
  ReplicaSet: replicaSetArb,
  StatefulSet: statefulSetArb,
  DaemonSet: daemonSetArb,
  Job: jobArb,
  ReplicationController: replicationControllerArb,
  CronJob: cronJobArb,
  HorizontalPodAutoscaler: hpaArb,
};

/** One workload of one of `kinds` (the first kind is what it shrinks to), named `name`. */
export function workloadArb(
  name: string,
  kinds: readonly WorkloadKind[] = Object.keys(BY_KIND) as WorkloadKind[],
): fc.Arbitrary<GeneratedWorkload> {
  return fc.oneof(...kinds.map((k) => BY_KIND[k](name)));
}

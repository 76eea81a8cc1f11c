import fc from 'fast-check';

/**
 * fast-check arbitraries for valid workload manifests of every kind kubesim models, as plain
 * objects a scenario file holds. Each shrinks towards the smallest, plainest workload: one
 * replica, the first image, the default strategy, no minReadySeconds.
 */

/** Images the generated workloads run; the scenario's image profiles cover them all. */
export const IMAGES: readonly string[] = ['app:v1', 'app:v2', 'app:v3'];

/** A generated workload: its manifest, and what actions and faults need to name it. */
export interface GeneratedWorkload {
  readonly kind: 'Deployment' | 'ReplicaSet' | 'StatefulSet' | 'DaemonSet' | 'Job';
  readonly name: string;
  /** The label its pods carry (`app=<name>`), for selectors. */
  readonly app: string;
  /** A label selector for its pods (`app=<name>`). */
  readonly selector: string;
  readonly manifest: Record<string, unknown>;
}

const image = fc.constantFrom(...IMAGES);

function template(app: string, img: string): Record<string, unknown> {
  return {
    metadata: { labels: { app } },
    spec: {
      terminationGracePeriodSeconds: 5,
      containers: [{ name: 'app', image: img, resources: { requests: { cpu: '100m', memory: '64Mi' } } }],
    },
  };
}

const INT_OR_PERCENT = [1, 0, 2, '25%', '50%'] as const;

export function deploymentArb(name: string): fc.Arbitrary<GeneratedWorkload> {
  return fc
    .record({
      replicas: fc.integer({ min: 1, max: 6 }),
      image,
      recreate: fc.boolean(),
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

export type WorkloadKind = GeneratedWorkload['kind'];

const BY_KIND: Readonly<Record<WorkloadKind, (name: string) => fc.Arbitrary<GeneratedWorkload>>> = {
  Deployment: deploymentArb,
  ReplicaSet: replicaSetArb,
  StatefulSet: statefulSetArb,
  DaemonSet: daemonSetArb,
  Job: jobArb,
};

/** One workload of one of `kinds` (the first kind is what it shrinks to), named `name`. */
export function workloadArb(
  name: string,
  kinds: readonly WorkloadKind[] = Object.keys(BY_KIND) as WorkloadKind[],
): fc.Arbitrary<GeneratedWorkload> {
  return fc.oneof(...kinds.map((k) => BY_KIND[k](name)));
}

import { defaultControllers, GARBAGE_COLLECTOR } from '@kubesim/controllers';
import type { KubeObject } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { exitCodeOf, formatReport, kindsServed, reportJson, runScenario, scenario } from '../src/index.js';

/** Nothing silently ignored: kinds no controller serves and fields kubesim does not model are said once. */

const web = (spec: Record<string, unknown> = {}): KubeObject =>
  ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }], ...spec } },
    },
  }) as KubeObject;

const hpa = {
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: 'web' },
  spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 5 },
} as unknown as KubeObject;

describe('kindsServed', () => {
  it('counts what a controller other than the garbage collector watches, and the data kinds', () => {
    const served = kindsServed(defaultControllers());
    for (const k of ['Deployment', 'ReplicaSet', 'StatefulSet', 'Pod', 'Node', 'Service', 'PersistentVolumeClaim'])
      expect(served.has(k), k).toBe(true);
    // The horizontal-pod-autoscaler controller (issue 12) serves HPAs.
    expect(served.has('HorizontalPodAutoscaler')).toBe(true);
    // The garbage collector alone watches every kind: on its own it serves none. LimitRange is
    // served by the LimitRanger admission plugin, not a controller.
    const gcOnly = kindsServed(defaultControllers().filter((c) => c.component === GARBAGE_COLLECTOR));
    expect([...gcOnly].sort()).toEqual(['ConfigMap', 'ControllerRevision', 'Event', 'LimitRange', 'Secret']);
  });
});

describe('a run says what it did not act on', () => {
  const run = () =>
    runScenario(
      scenario('warnings')
        .seed(1)
        .nodes(2)
        .until('30s')
        .manifest(
          'app.yaml',
          web({
            initContainers: [{ name: 'init', image: 'busybox' }],
            affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'x' }] } },
            resources: { requests: { cpu: '1' } },
          }),
          hpa,
        )
        .kubectl(0, 'apply -f app.yaml')
        .kubectl('10s', 'apply -f app.yaml')
        .invariants('eventual-convergence')
        .build(),
    );

  it('once per subject, at the top of the report and in --json', () => {
    const r = run();
    expect(r.warnings).toEqual([
      'spec.template.spec.affinity.podAntiAffinity of deployments (default/web) is not modelled: the scheduler places pods as if it were absent',
      'spec.template.spec.initContainers of deployments (default/web) is not modelled: init containers are not run: the app containers start as if there were none',
      'spec.template.spec.resources of deployments (default/web) is not modelled: pod-level resources are not counted by the scheduler (quota and the QoS class use them)',
    ]);
    expect(formatReport(r).startsWith(`Warnings:\n  ${r.warnings[0]}\n`)).toBe(true);
    expect(reportJson(r).warnings).toEqual(r.warnings);
  });

  it('eventual convergence does not hold for an autoscaler without metrics (no metrics-server)', () => {
    const r = run();
    const convergence = r.invariants.find((i) => i.name === 'eventual-convergence');
    expect(convergence?.holds).toBe(false);
    expect(convergence?.violations.map((v) => v.message)).toEqual([
      // The HPA syncs but gets no metric: upstream keeps the desired count its status had (none yet).
      'horizontalpodautoscaler/web has not converged: 2 replicas, 0 desired',
    ]);
    expect(exitCodeOf(r)).toBe(1);
  });

  it('a run with nothing unmodelled has no warnings and no Warnings section', () => {
    const r = runScenario(
      scenario('quiet').seed(1).nodes(1).until('20s').manifest('app.yaml', web()).kubectl(0, 'apply -f app.yaml').build(),
    );
    expect(r.warnings).toEqual([]);
    expect(formatReport(r)).not.toContain('Warnings:');
  });
});

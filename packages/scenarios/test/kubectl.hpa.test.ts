import { defaultControllers, HORIZONTAL_POD_AUTOSCALER_CONTROLLER } from '@kubesim/controllers';
import { type HorizontalPodAutoscaler, type KubeObject, randomStream, Simulation } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { type KubectlOutcome, kubectl, loadManifest, runScenario, scenario } from '../src/index.js';

/** `kubectl autoscale`, `get hpa` and `describe hpa` against a cluster (v1.34's words). */

const FIXED = { match: '*', profile: { pull: { kind: 'fixed', value: 1000 }, start: { kind: 'fixed', value: 500 } } } as const;

function deployment(name: string): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels: { app: name } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'nginx', image: 'nginx:1.25', resources: { requests: { cpu: '200m' } } }] },
      },
    },
  } as KubeObject;
}

function cluster(...objects: KubeObject[]): Simulation {
  // The printers are tested on statuses written by hand: no HPA controller writes over them.
  const controllers = defaultControllers().filter((c) => c.name !== HORIZONTAL_POD_AUTOSCALER_CONTROLLER);
  const sim = new Simulation({ seed: 1, controllers, imageProfiles: [FIXED], nodes: ['node-1'], objects });
  sim.run('30s');
  return sim;
}

function kc(sim: Simulation, line: string, files: Record<string, KubeObject[]> = {}): KubectlOutcome {
  return kubectl(line, {
    view: sim.view,
    now: sim.now,
    readFile: (p) => files[p] ?? [],
    random: randomStream(1, 'kubectl'),
  });
}

/** Sends a command's writes and runs on to `until`. */
function send(sim: Simulation, o: KubectlOutcome, until: string): void {
  for (const w of o.writes) sim.at(sim.now, w.event);
  sim.run(until);
}

const CPU_PERCENT =
  "Flag --cpu-percent has been deprecated, Use --cpu with percentage or resource quantity format (e.g., '70%' for utilization or '500m' for milliCPU).\n";

describe('kubectl autoscale', () => {
  it('creates an autoscaling/v2 HPA named after its target, with the seed’s flags', () => {
    const sim = cluster(deployment('nginx-deployment'));
    const o = kc(sim, 'kubectl autoscale deployment nginx-deployment --cpu-percent=50 --min=2 --max=10');
    expect(o.error).toBeUndefined();
    expect(o.stderr).toBe(CPU_PERCENT);
    expect(o.writes.map((w) => w.printed)).toEqual(['horizontalpodautoscaler.autoscaling/nginx-deployment autoscaled\n']);
    send(sim, o, '31s');
    const hpa = sim.get('HorizontalPodAutoscaler', 'nginx-deployment') as HorizontalPodAutoscaler;
    expect(hpa.spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'nginx-deployment' },
      minReplicas: 2,
      maxReplicas: 10,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
    });
    // Typed again: the v2 create is AlreadyExists, and with no --cpu the v1 fallback cannot be built.
    expect(kc(sim, 'autoscale deployment nginx-deployment --cpu-percent=50 --min=2 --max=10').error).toBe(
      'failed to create autoscaling/v2 HPA and the configuration is incompatible with autoscaling/v1: empty input',
    );
    // With a --cpu utilization the v1 fallback is tried, and meets the same AlreadyExists.
    expect(kc(sim, 'autoscale deploy/nginx-deployment --cpu=50% --max=10').error).toBe(
      'Error from server (AlreadyExists): horizontalpodautoscalers.autoscaling "nginx-deployment" already exists',
    );
    expect(kc(sim, 'autoscale deploy/nginx-deployment --cpu=500m --max=10').error).toBe(
      'failed to create autoscaling/v2 HPA and the configuration is incompatible with autoscaling/v1: %!w(<nil>)',
    );
  });

  it('leaves the metrics to the API server’s default (80% CPU) when no target is given', () => {
    const sim = cluster(deployment('web'));
    const o = kc(sim, 'autoscale deployment/web --max=5 --name=web-hpa');
    expect(o.stderr).toBeUndefined();
    send(sim, o, '31s');
    const hpa = sim.get('HorizontalPodAutoscaler', 'web-hpa') as HorizontalPodAutoscaler;
    expect(hpa.spec.minReplicas).toBe(1);
    expect(hpa.spec.metrics).toEqual([
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } },
    ]);
  });

  it('refuses what kubectl refuses, in its words', () => {
    const sim = cluster(deployment('web'));
    expect(kc(sim, 'autoscale deployment web --min=2').error).toBe('required flag(s) "max" not set');
    expect(kc(sim, 'autoscale deployment web --max=0').error).toBe('--max=MAXPODS is required and must be at least 1, max: 0');
    expect(kc(sim, 'autoscale deployment web --max=x').error).toBe(
      'invalid argument "x" for "--max" flag: strconv.ParseInt: parsing "x": invalid syntax',
    );
    expect(kc(sim, 'autoscale deployment web --max=3 --min=5').error).toBe(
      '--max=MAXPODS must be larger or equal to --min=MINPODS, max: 3, min: 5',
    );
    expect(kc(sim, 'autoscale deployment nope --max=3').error).toBe(
      'Error from server (NotFound): deployments.apps "nope" not found',
    );
    expect(kc(sim, 'autoscale deployment --max=3').error).toBe('resource(s) were provided, but no name was specified');
    expect(kc(sim, 'autoscale --max=3').error).toMatch(/^You must provide one or more resources by argument or filename\./);
    const pod = sim.list('Pod')[0]?.metadata.name ?? '';
    expect(kc(sim, `autoscale pod ${pod} --max=3`).error).toBe(
      'cannot autoscale a Pod: could not find scale subresource for /v1, Resource=pods in discovery information',
    );
  });

  it('-f names the targets by the objects of the file; several targets make several HPAs', () => {
    const sim = cluster(deployment('web'), deployment('api'));
    const o = kc(sim, 'autoscale -f web.yaml --max=3', { 'web.yaml': [deployment('web')] });
    expect(o.writes.map((w) => w.printed)).toEqual(['horizontalpodautoscaler.autoscaling/web autoscaled\n']);
    const two = kc(sim, 'autoscale deployment web api --max=3');
    expect(two.writes.map((w) => w.printed)).toEqual([
      'horizontalpodautoscaler.autoscaling/web autoscaled\n',
      'horizontalpodautoscaler.autoscaling/api autoscaled\n',
    ]);
    // --name gives both the same name: the second create is AlreadyExists (and no --cpu for the v1 fallback).
    const named = kc(sim, 'autoscale deployment web api --max=3 --name=one');
    expect(named.writes).toHaveLength(1);
    expect(named.error).toBe(
      'failed to create autoscaling/v2 HPA and the configuration is incompatible with autoscaling/v1: empty input',
    );
  });

  it('--dry-run=client prints the object instead of creating it', () => {
    const sim = cluster(deployment('web'));
    expect(kc(sim, 'autoscale deployment web --max=4 --cpu=60% --dry-run=client').stdout).toBe(
      'horizontalpodautoscaler.autoscaling/web created (dry run)\n',
    );
    const o = kc(sim, 'autoscale deployment web --min=2 --max=4 --memory=256 --dry-run=client -o yaml');
    expect(o.writes).toEqual([]);
    expect(o.stdout).toBe(
      [
        'apiVersion: autoscaling/v2',
        'kind: HorizontalPodAutoscaler',
        'metadata:',
        '  name: web',
        'spec:',
        '  maxReplicas: 4',
        '  metrics:',
        '  - resource:',
        '      name: memory',
        '      target:',
        '        averageValue: 256Mi',
        '        type: AverageValue',
        '    type: Resource',
        '  minReplicas: 2',
        '  scaleTargetRef:',
        '    apiVersion: apps/v1',
        '    kind: Deployment',
        '    name: web',
        'status:',
        '  currentMetrics: null',
        '  desiredReplicas: 0',
        '',
      ].join('\n'),
    );
  });
});

/** Writes the status a controller would have written. */
function withStatus(sim: Simulation, hpa: HorizontalPodAutoscaler, status: HorizontalPodAutoscaler['status']): void {
  const live = sim.get('HorizontalPodAutoscaler', hpa.metadata.name ?? '') as HorizontalPodAutoscaler;
  sim.at(sim.now, { type: 'UpdateStatus', object: { ...live, status } as KubeObject }, 'user');
  sim.run(sim.now);
}

const twoMetrics: HorizontalPodAutoscaler = {
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: 'web' },
  spec: {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
    minReplicas: 1,
    maxReplicas: 10,
    metrics: [
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } },
      { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '100Mi' } } },
    ],
    behavior: {
      scaleDown: { stabilizationWindowSeconds: 60, policies: [{ type: 'Pods', value: 1, periodSeconds: 30 }] },
    },
  },
};

describe('kubectl get hpa and describe hpa', () => {
  it('prints <unknown> before the controller has measured, then current/target', () => {
    const sim = cluster(deployment('web'), twoMetrics as KubeObject);
    expect(kc(sim, 'get hpa').stdout).toBe(
      [
        'NAME   REFERENCE        TARGETS                                       MINPODS   MAXPODS   REPLICAS   AGE',
        'web    Deployment/web   cpu: <unknown>/50%, memory: <unknown>/100Mi   1         10        0          30s',
        '',
      ].join('\n'),
    );
    withStatus(sim, twoMetrics, {
      currentReplicas: 1,
      desiredReplicas: 2,
      currentMetrics: [
        { type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 73, averageValue: '146m' } } },
        { type: 'Resource', resource: { name: 'memory', current: { averageValue: '12582912' } } },
      ],
      conditions: [
        {
          type: 'AbleToScale',
          status: 'True',
          lastTransitionTime: 30000,
          reason: 'SucceededRescale',
          message: 'the HPA controller was able to update the target scale to 2',
        },
        {
          type: 'ScalingActive',
          status: 'True',
          lastTransitionTime: 30000,
          reason: 'ValidMetricFound',
          message:
            'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)',
        },
      ],
    });
    // The controller writes a memory average as a DecimalSI milli-quantity: it prints in bytes.
    expect(kc(sim, 'get hpa web').stdout.split('\n')[1]).toBe(
      'web    Deployment/web   cpu: 73%/50%, memory: 12582912/100Mi   1         10        1          30s',
    );
    expect(kc(sim, 'describe hpa web').stdout).toBe(
      [
        'Name:                                                  web',
        'Namespace:                                             default',
        'Labels:                                                <none>',
        'Annotations:                                           <none>',
        'CreationTimestamp:                                     Thu, 01 Jan 2026 00:00:00 +0000',
        'Reference:                                             Deployment/web',
        'Metrics:                                               ( current / target )',
        '  resource cpu on pods  (as a percentage of request):  73% (146m) / 50%',
        '  resource memory on pods:                             12582912 / 100Mi',
        'Min replicas:                                          1',
        'Max replicas:                                          10',
        'Behavior:',
        '  Scale Up:',
        '    Stabilization Window: 0 seconds',
        '    Select Policy: Max',
        '    Policies:',
        '      - Type: Pods     Value: 4    Period: 15 seconds',
        '      - Type: Percent  Value: 100  Period: 15 seconds',
        '  Scale Down:',
        '    Stabilization Window: 60 seconds',
        '    Select Policy: Max',
        '    Policies:',
        '      - Type: Pods  Value: 1  Period: 30 seconds',
        'Deployment pods:    1 current / 2 desired',
        'Conditions:',
        '  Type           Status  Reason            Message',
        '  ----           ------  ------            -------',
        '  AbleToScale    True    SucceededRescale  the HPA controller was able to update the target scale to 2',
        '  ScalingActive  True    ValidMetricFound  the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)',
        'Events:          <none>',
        '',
      ].join('\n'),
    );
  });
});

describe('an autoscaling/v1 manifest', () => {
  it('is stored as the autoscaling/v2 object the API server converts it to', () => {
    const text = [
      'apiVersion: autoscaling/v1',
      'kind: HorizontalPodAutoscaler',
      'metadata:',
      '  name: web',
      'spec:',
      '  scaleTargetRef:',
      '    apiVersion: apps/v1',
      '    kind: Deployment',
      '    name: web',
      '  minReplicas: 1',
      '  maxReplicas: 10',
      '  targetCPUUtilizationPercentage: 50',
      '',
    ].join('\n');
    const [hpa] = loadManifest('hpa.yaml', text).objects;
    const sim = cluster(deployment('web'));
    send(sim, kc(sim, 'apply -f hpa.yaml', { 'hpa.yaml': [hpa as KubeObject] }), '31s');
    expect(kc(sim, 'get hpa').stdout).toBe(
      [
        'NAME   REFERENCE        TARGETS              MINPODS   MAXPODS   REPLICAS   AGE',
        'web    Deployment/web   cpu: <unknown>/50%   1         10        0          1s',
        '',
      ].join('\n'),
    );
    expect(sim.get('HorizontalPodAutoscaler', 'web')?.apiVersion).toBe('autoscaling/v2');
  });

  it('is checked as v2 after conversion: maxReplicas below minReplicas is refused at its line', () => {
    const text =
      'apiVersion: autoscaling/v1\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef: {kind: Deployment, name: web}\n  minReplicas: 3\n  maxReplicas: 2\n';
    expect(() => loadManifest('hpa.yaml', text)).toThrow(
      /hpa\.yaml:8:\d+: .*spec\.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`/,
    );
  });
});

describe('kubectl get hpa -w', () => {
  it('prints the table, then a row of its own for every change of a listed HPA, its deletion last', () => {
    const s = scenario('hpa-watch')
      .seed(1)
      .nodes(1)
      .manifest('web.yaml', deployment('web'))
      .kubectl(0, 'apply -f web.yaml')
      .kubectl('5s', 'autoscale deployment web --cpu=50% --max=10')
      .kubectl('10s', 'get hpa -w')
      .kubectl('20s', `patch hpa web -p '{"spec":{"maxReplicas":5}}'`)
      .kubectl('30s', 'delete hpa web')
      .until('40s')
      .build();
    const watch = runScenario(s).steps[2];
    expect(watch?.exitCode).toBeUndefined();
    // Each watched row is flushed alone: aligned within itself only.
    expect(watch?.stdout).toBe(
      [
        'NAME   REFERENCE        TARGETS              MINPODS   MAXPODS   REPLICAS   AGE',
        'web    Deployment/web   cpu: <unknown>/50%   1         10        0          5s',
        // The patch at 20s, then the controller's first sync (15s after the HPA appeared)
        // writing its status, then the deletion.
        'web   Deployment/web   cpu: <unknown>/50%   1     5     0     15s',
        'web   Deployment/web   cpu: <unknown>/50%   1     5     1     15s',
        'web   Deployment/web   cpu: <unknown>/50%   1     5     1     25s',
        '',
      ].join('\n'),
    );
  });

  it('watches one type, as tables', () => {
    const sim = cluster(deployment('web'));
    expect(kc(sim, 'get hpa/web deploy/web -w').error).toBe(
      'watch is only supported on individual resources and resource collections - more than 1 resource was found',
    );
    expect(kc(sim, 'get hpa,deploy -w').error).toBe('you may only specify a single resource type');
    expect(kc(sim, 'get hpa -w -o yaml').error).toBe("kubesim's kubectl get -w prints tables only (no -o yaml|json|name)");
  });
});

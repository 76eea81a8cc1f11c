import type { Deployment, HorizontalPodAutoscaler, LoadSpec } from '@kubesim/core';
import { Bench } from 'tinybench';
import { benchSimulation, completed, type FloorFigures, measure, nodesFor, type Phase, phaseFigures } from './harness.js';
import type { Measurement } from './results.js';

/**
 * An autoscaled service over simulated hours: a Deployment behind an HPA (10–100 replicas at
 * 50% of a 100m request) under a daily cycle of load compressed into an hour (swinging between
 * about 5 and 95 pods' worth), with the metrics-server scraping every 15 s and the HPA syncing
 * every 15 s. The figure: simulated hours per wall second, and events per second against the
 * bare-loop floor.
 */
const LOAD: LoadSpec = {
  target: { kind: 'Deployment', namespace: 'default', name: 'svc' },
  // cpuPerUnit 1m: 50 units a pod is its 50% of 100m; 250..4750 units is 5..95 pods' worth.
  pattern: { kind: 'sine', mean: 2500, amplitude: 2250, period: 3_600_000, phase: 0 },
  noise: { kind: 'gaussian', relative: 0.05 },
};

const SVC: Deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'svc' },
  spec: {
    replicas: 50,
    selector: { matchLabels: { app: 'svc' } },
    template: {
      metadata: { labels: { app: 'svc' } },
      spec: {
        containers: [{ name: 'app', image: 'registry.local/svc:1', resources: { requests: { cpu: '100m', memory: '64Mi' } } }],
      },
    },
  },
};

const HPA: HorizontalPodAutoscaler = {
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: 'svc' },
  spec: {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'svc' },
    minReplicas: 10,
    maxReplicas: 100,
    metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
  },
};

export interface HpaBenchResult {
  readonly measurements: Measurement[];
  readonly simulatedHoursPerWallSecond: number;
}

export async function benchAutoscaledService(hours: number, floor: FloorFigures | undefined): Promise<HpaBenchResult> {
  let phase: Phase | undefined;
  let rescales = 0;
  const bench = new Bench({ time: 0, iterations: 1, warmupIterations: 0 });
  bench.add(`hpa: a 100-pod autoscaled service for ${hours} simulated hours`, () => {
    const b = benchSimulation({ nodes: nodesFor(100), objects: [SVC, HPA], metricsServer: { loads: [LOAD], seed: 'bench' } });
    phase = measure(b, () => b.sim.run(hours * 3_600_000));
    rescales = b.sim
      .list('Event')
      .filter((e) => e.reason === 'SuccessfulRescale')
      .reduce((n, e) => n + (e.count ?? 1), 0);
    if (rescales < 10) throw new Error(`the HPA rescaled only ${rescales} times`);
  });
  await bench.run();
  completed(bench, 'hpa');
  if (phase === undefined) throw new Error('hpa: no run');
  const simulatedHoursPerWallSecond = hours / (phase.wallMs / 1000);
  return {
    simulatedHoursPerWallSecond,
    measurements: [
      ...phaseFigures(`hpa 100-pod service, ${hours} simulated hours`, phase, floor),
      { name: `hpa 100-pod service: simulated hours per wall second`, unit: 'sim h/wall s', value: simulatedHoursPerWallSecond },
      { name: `hpa 100-pod service: rescales`, unit: 'count', value: rescales },
    ],
  };
}

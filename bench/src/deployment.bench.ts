import { defaultControllers, deploymentController } from '@kubesim/controllers';
import { type Deployment, Simulation } from '@kubesim/core';
import { Bench } from 'tinybench';
import type { Measurement } from './results.js';
import { benchContext, completed, FAST_IMAGES, nodesFor, type Phase, phaseMeasurements } from './suite.js';

/**
 * The Deployment controller: reconciles per second of one settled Deployment (the pure
 * reconcile function called directly, as the engine would), and rolling updates end to end —
 * one Deployment of many replicas, and many Deployments of ten — from the image change until
 * every Deployment is complete, in events per second and simulated seconds per wall second.
 */
function deployment(name: string, replicas: number, image = 'registry.local/app:1.0'): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'app', image, resources: { requests: { cpu: '10m', memory: '16Mi' } } }] },
      },
    },
  };
}

function settled(deployments: number, replicas: number): Simulation {
  const pods = deployments * replicas;
  const sim = new Simulation({
    seed: 'bench',
    controllers: defaultControllers(),
    // Room for the surge (25% more pods than replicas) and the pods still terminating, at 110
    // pods a node: a rollout that ran out of room would measure the scheduler's retries instead.
    nodes: nodesFor(pods * 2, '32', '128Gi'),
    imageProfiles: FAST_IMAGES,
    objects: Array.from({ length: deployments }, (_, i) => deployment(`web-${i}`, replicas)),
  });
  sim.run();
  return sim;
}

/**
 * When the last write happened. The run itself ends later, at the progress-deadline check the
 * controller scheduled while the rollout was under way (600s after it began), which would make
 * an idle wait count as simulated work.
 */
function lastWriteAt(sim: Simulation): number {
  const entries = sim.log.entries();
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i];
    if (e !== undefined && e.event.type !== 'Reconcile') return e.time;
  }
  return sim.now;
}

function complete(sim: Simulation, deployments: number, replicas: number, image: string): boolean {
  for (let i = 0; i < deployments; i++) {
    const d = sim.get('Deployment', `web-${i}`);
    const s = d?.status;
    if (d?.spec.template.spec.containers[0]?.image !== image) return false;
    if (s?.updatedReplicas !== replicas || s.availableReplicas !== replicas || s.replicas !== replicas) return false;
  }
  return true;
}

export async function benchDeploymentReconcile(sizes: readonly number[], time: number): Promise<Measurement[]> {
  const out: Measurement[] = [];
  const controller = deploymentController();
  for (const pods of sizes) {
    const sim = settled(1, pods);
    const view = sim.view;
    const ctx = benchContext(sim);
    const bench = new Bench({ time });
    bench.add(`deployment reconcile (${pods} pods)`, () => {
      const effects = controller.reconcile(view, 'default/web-0', ctx);
      if (effects.length > 1) throw new Error('a settled deployment should have nothing to do');
    });
    await bench.run();
    const r = completed(bench, `deployment ${pods}`);
    out.push({
      name: `deployment reconciles per second (${pods} pods)`,
      unit: 'ops/s',
      value: 1000 / r.latency.p50,
      medianMs: r.latency.p50,
    });
  }
  return out;
}

/**
 * A rolling update of `deployments` Deployments of `replicas` each, timed from the image change
 * to completion. Each run builds and settles its own cluster first (not timed), so a warm-up
 * run never leaves the measured one with nothing to do.
 */
export async function benchDeploymentRollout(deployments: number, replicas: number): Promise<Measurement[]> {
  const image = 'registry.local/app:2.0';
  const phase: Phase = { events: 0, simulatedMs: 0, wallMs: 0 };
  const bench = new Bench({ time: 0, iterations: 1, warmupIterations: 0 });
  bench.add(`rollout of ${deployments} × ${replicas}`, () => {
    const sim = settled(deployments, replicas);
    const startEvents = sim.log.length;
    const startTime = sim.now;
    const t0 = performance.now();
    for (let i = 0; i < deployments; i++) {
      sim.patch(
        { kind: 'Deployment', namespace: 'default', name: `web-${i}` },
        { spec: { template: { spec: { containers: [{ name: 'app', image }] } } } },
      );
    }
    sim.run();
    const t1 = performance.now();
    if (!complete(sim, deployments, replicas, image)) throw new Error('the rollout did not finish');
    Object.assign(phase, { events: sim.log.length - startEvents, simulatedMs: lastWriteAt(sim) - startTime, wallMs: t1 - t0 });
  });
  await bench.run();
  completed(bench, 'rollout');
  const label =
    deployments === 1
      ? `deployment rolling update of ${replicas} replicas`
      : `rolling update of ${deployments} deployments × ${replicas}`;
  return phaseMeasurements(label, phase);
}

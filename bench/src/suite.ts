import { type ImageProfileRule, type NodeSpec, type ReconcileContext, randomStream, type Simulation } from '@kubesim/core';
import type { Bench } from 'tinybench';
import type { Measurement } from './results.js';

/** What the controller suites (ReplicaSet, Deployment, StatefulSet) share. */

/** Images that pull in 0.5–1.5 s and start in 50–150 ms: a busy but quick cluster. */
export const FAST_IMAGES: ImageProfileRule[] = [
  {
    match: '*',
    profile: {
      pull: { kind: 'uniform', min: 500, max: 1500 },
      start: { kind: 'uniform', min: 50, max: 150 },
    },
  },
];

/** Enough nodes for `pods` at 100 a node (kubelet's limit is 110). */
export function nodesFor(pods: number, cpu = '16', memory = '64Gi'): NodeSpec[] {
  return Array.from({ length: Math.ceil(pods / 100) }, (_, i) => ({ name: `node-${i}`, cpu, memory }));
}

/** A reconcile context with nothing in flight, for calling a controller's reconcile directly. */
export function benchContext(sim: Simulation): ReconcileContext {
  return {
    now: sim.now,
    random: (name) => randomStream('bench', name),
    memory: () => undefined,
    inFlight: () => 0,
    failures: () => [],
    generateName: (base) => `${base}x`,
  };
}

type TaskResult = NonNullable<Bench['tasks'][number]['result']>;

/** The result of a bench's one task, or an error naming it. */
export function completed(bench: Bench, what: string): Extract<TaskResult, { state: 'completed' }> {
  const r = bench.tasks[0]?.result;
  if (r === undefined || r.state !== 'completed') throw new Error(`${what}: ${r?.state}`);
  return r;
}

/** One end-to-end phase: how many events, how much simulated time, how long on the wall. */
export interface Phase {
  events: number;
  simulatedMs: number;
  wallMs: number;
}

/** A phase as its two figures: events per second, and simulated seconds per wall second. */
export function phaseMeasurements(label: string, p: Phase): Measurement[] {
  return [
    { name: `${label}: events per second`, unit: 'events/s', value: (p.events * 1000) / p.wallMs, medianMs: p.wallMs },
    { name: `${label}: simulated seconds per wall second`, unit: 'sim s/wall s', value: p.simulatedMs / p.wallMs },
  ];
}

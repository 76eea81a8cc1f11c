import type { LogEntry } from '@kubesim/core';
import { Bench } from 'tinybench';
import { churnCluster, runChurn } from './churn.js';
import { type FloorFigures, heapUsed, type Phase, phaseFigures } from './harness.js';
import type { Measurement } from './results.js';

/**
 * kubesim's churn (churn.ts) at one cluster size: each tinybench iteration runs `window`
 * simulated milliseconds of churn (as many lifecycles); figures from the median iteration.
 * Heap per running pod is measured twice, after full collections, against the heap before the
 * cluster was built: once the N pods are settled (the cluster's state with each pod's Events,
 * the engine's and controllers' bookkeeping; the log keeps nothing), and after the churn (which
 * adds the core/v1 Events of every lifecycle: the API server keeps them for its --event-ttl,
 * an hour). Then what keeping the log in memory would add per entry: the entries of one more
 * window held in an array, as EventLog's `keep: true` holds them, weighed by letting them go.
 */
export interface ChurnResult {
  readonly measurements: Measurement[];
  readonly eventsPerSec: number;
  readonly lifecyclesPerSec: number;
  readonly heapPerPod: number;
  readonly bytesPerEvent: number;
  readonly setupWallMs: number;
}

export async function benchChurn(
  size: number,
  window: number,
  iterations: number,
  floor: FloorFigures | undefined,
): Promise<ChurnResult> {
  const base = heapUsed();
  const s0 = performance.now();
  const c = churnCluster(size);
  const setupWallMs = performance.now() - s0;
  const heapSettled = (heapUsed() - base) / size;
  let until = c.t0;
  const total: Phase = { wallMs: 0, events: 0, syncs: 0, simulatedMs: 0, started: 0, removed: 0, logBytes: 0 };
  // Warm up over 3 simulated seconds of churn: a pod takes a second or two to start (the kubelet
  // learns of its container at the PLEG's next relist), so the first windows start fewer pods
  // than they remove.
  const bench = new Bench({ time: 0, iterations, warmupIterations: Math.ceil(3000 / window) });
  let timed = false;
  bench.add(
    `churn ${size} pods`,
    () => {
      const e0 = c.log.length;
      const b0 = c.log.bytes;
      const st0 = c.pods.started;
      const r0 = c.pods.removed;
      until += window;
      const r = runChurn(c, until);
      if (!timed) return;
      total.events += c.log.length - e0;
      total.logBytes += c.log.bytes - b0;
      total.started += c.pods.started - st0;
      total.removed += c.pods.removed - r0;
      total.syncs += r.syncs;
      total.simulatedMs += window;
    },
    {
      beforeAll: (mode) => {
        timed = mode === 'run';
      },
    },
  );
  await bench.run();
  const r = bench.tasks[0]?.result;
  if (r === undefined || r.state !== 'completed') throw new Error(`churn ${size}: ${r?.state}`);
  const perWindowMs = r.latency.p50;
  const heapAfterChurn = (heapUsed() - base) / size;

  // One more window, its entries kept: what a kept log costs per entry.
  const kept: LogEntry[] = [];
  let keeping = true;
  c.sim.engine.onEntry((e) => {
    if (keeping) kept.push(e);
  });
  runChurn(c, until + window);
  keeping = false;
  const keptCount = kept.length;
  const withKept = heapUsed();
  kept.length = 0;
  const keptPerEntry = (withKept - heapUsed()) / keptCount;

  // The median window's figures: the counts of an average window, the wall time of the median one.
  const phase: Phase = {
    wallMs: perWindowMs,
    events: total.events / iterations,
    syncs: total.syncs / iterations,
    simulatedMs: window,
    started: total.started / iterations,
    removed: total.removed / iterations,
    logBytes: total.logBytes / iterations,
    heapPerPod: heapSettled,
  };
  const label = `churn ${size} pods`;
  const measurements = phaseFigures(label, phase, floor).filter(
    (m) => !m.name.endsWith(': wall') && !m.name.endsWith(': simulated'),
  );
  measurements.push(
    {
      name: `${label}: heap bytes per pod after the churn (its Events kept)`,
      unit: 'bytes/pod',
      ...(floor ? { floor: heapAfterChurn / floor.heapPerPod } : {}),
      value: heapAfterChurn,
    },
    { name: `${label}: syncs per lifecycle`, unit: 'ratio', value: phase.syncs / phase.removed },
    { name: `${label}: log entries per lifecycle`, unit: 'ratio', value: phase.events / phase.removed },
    { name: `${label}: kept-log heap bytes per entry`, unit: 'bytes/event', value: keptPerEntry },
    { name: `${label}: setup (untimed) wall`, unit: 'wall s', value: setupWallMs / 1000 },
  );
  return {
    measurements,
    eventsPerSec: phase.events / (perWindowMs / 1000),
    lifecyclesPerSec: phase.removed / (perWindowMs / 1000),
    heapPerPod: heapSettled,
    bytesPerEvent: phase.logBytes / phase.events,
    setupWallMs,
  };
}

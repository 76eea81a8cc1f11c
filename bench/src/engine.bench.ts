import { Bench } from 'tinybench';
import { churnCluster } from './cluster.js';
import type { Measurement } from './results.js';

/**
 * Engine events per second at a given cluster size, every event logged as a JSON line; and
 * the heap bytes an in-memory log costs per event. Each benchmark iteration runs the next
 * `window` events of the churn.
 */
const gc = (globalThis as { gc?: () => void }).gc;

function heapUsed(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
}

export async function benchEngine(pods: number, window: number, iterations: number): Promise<Measurement[]> {
  // Enough churn for warm-up, the timed iterations and the memory window (about 16 events a step).
  const churn = Math.ceil(((iterations + 4) * window) / 12);
  const { sim, log } = churnCluster(pods, churn);
  let simulatedStart = 0;
  let simulatedEnd = 0;
  const bench = new Bench({ time: 0, iterations, warmupIterations: 2 });
  bench.add(
    `engine ${pods} pods`,
    () => {
      const r = sim.engine.run({ maxEvents: window });
      if (r.events < window) throw new Error(`the churn ran out after ${r.events} events`);
    },
    {
      beforeAll: () => {
        simulatedStart = sim.now;
      },
      afterAll: () => {
        simulatedEnd = sim.now;
      },
    },
  );
  await bench.run();
  const task = bench.tasks[0];
  const r = task?.result;
  if (r === undefined || r.state !== 'completed') throw new Error(`engine ${pods}: ${r?.state}`);
  const eventsPerSec = (window * 1000) / r.latency.p50;
  const wallSeconds = r.totalTime / 1000;
  // The memory an in-memory log holds per event, and what the JSONL text takes.
  const before = heapUsed();
  const bytesBefore = log.bytes;
  log.recording = true;
  sim.engine.run({ maxEvents: window });
  const after = heapUsed();
  const kept = log.window.length;
  log.recording = false;
  const logBytes = (log.bytes - bytesBefore) / kept;
  log.window.length = 0;
  return [
    {
      name: `engine ${pods} pods`,
      unit: 'events/s',
      value: eventsPerSec,
      medianMs: r.latency.p50,
      samples: r.latency.samplesCount,
    },
    {
      name: `engine ${pods} pods: simulated seconds per wall second`,
      unit: 'sim s/wall s',
      value: (simulatedEnd - simulatedStart) / 1000 / wallSeconds,
    },
    { name: `engine ${pods} pods: heap bytes per logged event`, unit: 'bytes/event', value: (after - before) / kept },
    { name: `engine ${pods} pods: JSONL bytes per logged event`, unit: 'bytes/event', value: logBytes },
  ];
}

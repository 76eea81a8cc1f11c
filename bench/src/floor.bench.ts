import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Bench } from 'tinybench';
import { FloorChurn } from './floor.js';
import { type FloorFigures, heapUsed } from './harness.js';
import type { LifecycleScript } from './lifecycleScript.js';
import type { Measurement } from './results.js';

/**
 * The floor in the same run: the bare JavaScript loop of the churn (floor.ts) at each size,
 * and SimPy's version of the same model (peers/simpy_churn.py) where Debian's python3-simpy3
 * is installed. Each tinybench iteration runs `window` simulated milliseconds of churn (as
 * many lifecycles); figures are medians.
 */
export async function benchFloor(
  script: LifecycleScript,
  size: number,
  window: number,
  iterations: number,
): Promise<FloorFigures> {
  const before = heapUsed();
  const floor = new FloorChurn(script, size);
  const heapPerPod = (heapUsed() - before) / size;
  let t = floor.simulatedNow;
  let lines = 0;
  let bytes = 0;
  let removed = 0;
  const warmup = 10;
  const bench = new Bench({ time: 0, iterations, warmupIterations: warmup });
  bench.add(`floor ${size} pods`, () => {
    const l0 = floor.lines;
    const b0 = floor.bytes;
    const r0 = floor.removed;
    t += window;
    floor.runUntil(t);
    lines += floor.lines - l0;
    bytes += floor.bytes - b0;
    removed += floor.removed - r0;
  });
  await bench.run();
  const r = bench.tasks[0]?.result;
  if (r === undefined || r.state !== 'completed') throw new Error(`floor ${size}: ${r?.state}`);
  // Per iteration (the median), as the kubesim churn reports it; totals include the warm-up.
  const perIteration = r.latency.p50 / 1000;
  const linesPerWindow = lines / (iterations + warmup);
  return {
    pods: size,
    eventsPerSec: linesPerWindow / perIteration,
    lifecyclesPerSec: removed / (iterations + warmup) / perIteration,
    simPerWall: window / 1000 / perIteration,
    heapPerPod,
    bytesPerEvent: bytes / lines,
  };
}

export function floorMeasurements(f: FloorFigures): Measurement[] {
  const label = `floor (bare JS loop) ${f.pods} pods`;
  return [
    { name: `${label}: events/s`, unit: 'events/s', value: f.eventsPerSec },
    { name: `${label}: lifecycles/s`, unit: 'lifecycles/s', value: f.lifecyclesPerSec },
    { name: `${label}: simulated s per wall s`, unit: 'sim s/wall s', value: f.simPerWall },
    { name: `${label}: log bytes per event`, unit: 'bytes/event', value: f.bytesPerEvent },
    { name: `${label}: heap bytes per pod`, unit: 'bytes/pod', value: f.heapPerPod },
  ];
}

const here = dirname(fileURLToPath(import.meta.url));
// Compiled to bench/dist/src: the bench folder is two levels up.
const benchRoot = join(here, '..', '..');

/** The Python that has SimPy: Debian's (python3-simpy3 installs into /usr/lib/python3), else the one on PATH. */
function pythonWithSimpy(): string | undefined {
  for (const py of ['/usr/bin/python3', 'python3']) {
    if (py.startsWith('/') && !existsSync(py)) continue;
    const r = spawnSync(py, ['-c', 'import simpy'], { encoding: 'utf8' });
    if (r.status === 0) return py;
  }
  return undefined;
}

export interface SimpyResult {
  readonly pods: number;
  readonly eventsPerSec: number;
  readonly lifecyclesPerSec: number;
  readonly simPerWall: number;
  readonly bytesPerEvent: number;
  readonly simpy: string;
  readonly python: string;
}

/**
 * SimPy's version: the same script (written to bench/results/lifecycle-script.json) run as
 * SimPy processes, a subprocess per size. Undefined, with the reason, when SimPy is absent.
 */
export function benchSimpy(script: LifecycleScript, size: number, steps: number): SimpyResult | string {
  const py = pythonWithSimpy();
  if (py === undefined) {
    return 'SimPy not installed (apt-get install python3-simpy3): the SimPy peer was skipped';
  }
  const dir = join(benchRoot, 'results');
  mkdirSync(dir, { recursive: true });
  const scriptPath = join(dir, 'lifecycle-script.json');
  writeFileSync(scriptPath, JSON.stringify(script));
  const r = spawnSync(py, [join(benchRoot, 'peers', 'simpy_churn.py'), scriptPath, String(size), String(steps)], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (r.status !== 0) return `the SimPy peer failed: ${r.stderr.trim().split('\n').at(-1) ?? r.status}`;
  return JSON.parse(r.stdout) as SimpyResult;
}

export function simpyMeasurements(s: SimpyResult, floor: FloorFigures | undefined): Measurement[] {
  const label = `SimPy ${s.simpy} (${s.python}) ${s.pods} pods`;
  const ratio = (v: number, f: number | undefined) => (f === undefined ? {} : { floor: v / f });
  return [
    { name: `${label}: events/s`, unit: 'events/s', value: s.eventsPerSec, ...ratio(s.eventsPerSec, floor?.eventsPerSec) },
    {
      name: `${label}: lifecycles/s`,
      unit: 'lifecycles/s',
      value: s.lifecyclesPerSec,
      ...ratio(s.lifecyclesPerSec, floor?.lifecyclesPerSec),
    },
    {
      name: `${label}: simulated s per wall s`,
      unit: 'sim s/wall s',
      value: s.simPerWall,
      ...ratio(s.simPerWall, floor?.simPerWall),
    },
    {
      name: `${label}: log bytes per event`,
      unit: 'bytes/event',
      value: s.bytesPerEvent,
      ...ratio(s.bytesPerEvent, floor?.bytesPerEvent),
    },
  ];
}

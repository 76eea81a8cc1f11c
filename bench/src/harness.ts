import { defaultControllers, type MetricsServerOptions } from '@kubesim/controllers';
import {
  type ControlPlaneOptions,
  EventLog,
  type ImageProfileRule,
  isPodReady,
  type KubeObject,
  type NodeSpec,
  type Pod,
  Simulation,
  type SimulationOptions,
} from '@kubesim/core';
import type { Bench as TinyBench } from 'tinybench';
import type { Measurement } from './results.js';

/**
 * The one harness every suite runs through, with the same settings:
 * - Events on (`recordEvents: true`): the recorders, their correlators and their writes;
 * - the whole log written: every entry serialised by the real format-2 writer through a sink
 *   that counts its bytes, as `kubesim run` writes (or hashes) every line. The entries are not
 *   also kept in memory: a kept log grows with the length of the run, not with the cluster,
 *   so heap per pod would measure the run's length; the churn suite weighs a kept log on its
 *   own (`kept-log heap bytes per entry`).
 * - the timing model's defaults: `new Simulation` without `controlPlane`, i.e. the `upstream`
 *   profile (client QPS, workers, informer lag, sync cost as a real cluster's).
 * What each suite reports comes from `phaseFigures`: events/s, pods started/s, lifecycles/s,
 * simulated seconds per wall second, heap bytes per pod and log bytes per event, each also as
 * a ratio to the bare loop's figure (the floor) measured in the same run.
 */
export const HARNESS_SETTINGS =
  'recordEvents true; EventLog keep:false with a sink counting every format-2 line; controlPlane: the default (upstream) profile';

/** A log that serialises every entry (the real writer) and counts lines and bytes; keeps nothing. */
export class ByteLog extends EventLog {
  bytes = 0;
  lineCount = 0;

  constructor() {
    super({
      keep: false,
      sink: (line) => {
        // Lines are ASCII (names, numbers, JSON punctuation), so length is bytes; +1 for the newline.
        this.bytes += line.length + 1;
        this.lineCount++;
      },
    });
  }
}

/**
 * What happened to pods, from the engine's entries: created, became ready (Running with every
 * container ready, as CL2 counts a started pod), removed from the API. For the pods `sample`
 * puts in a bucket, their startup latency (creation → ready) and its first part (creation →
 * bound to a node), as CL2's PodStartupLatency splits it.
 */
export class PodTracker {
  created = 0;
  started = 0;
  removed = 0;
  /** The time of the last entry that was a write (not a reconcile). */
  lastWrite = 0;
  readonly startup: Map<string, number[]> = new Map();
  readonly scheduled: Map<string, number[]> = new Map();
  sample: ((pod: Pod) => string | undefined) | undefined;

  constructor(sim: Simulation) {
    sim.engine.onEntry((entry, changes) => {
      if (entry.event.type === 'Reconcile') return;
      this.lastWrite = entry.time;
      for (const c of changes) {
        if (c.kind !== 'Pod') continue;
        const next = c.new as Pod | undefined;
        const old = c.old as Pod | undefined;
        if (next === undefined) {
          if (old !== undefined) this.removed++;
          continue;
        }
        if (old === undefined) this.created++;
        const sample = this.sample;
        if (sample !== undefined && old !== undefined && old.spec.nodeName === undefined && next.spec.nodeName !== undefined) {
          const bucket = sample(next);
          if (bucket !== undefined) push(this.scheduled, bucket, entry.time - (next.metadata.creationTimestamp ?? 0));
        }
        if (next.status?.phase === 'Running' && isPodReady(next) && (old === undefined || !isPodReady(old))) {
          this.started++;
          const bucket = sample?.(next);
          if (bucket !== undefined) push(this.startup, bucket, entry.time - (next.metadata.creationTimestamp ?? 0));
        }
      }
    });
  }

  get live(): number {
    return this.created - this.removed;
  }
}

function push(m: Map<string, number[]>, key: string, v: number): void {
  const list = m.get(key);
  if (list === undefined) m.set(key, [v]);
  else list.push(v);
}

/** The p-th percentile (0–100) by nearest rank, as CL2 reports them. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

export interface Bench {
  readonly sim: Simulation;
  readonly log: ByteLog;
  readonly pods: PodTracker;
}

export interface BenchOptions {
  readonly nodes: readonly NodeSpec[];
  readonly objects?: readonly KubeObject[];
  readonly imageProfiles?: readonly ImageProfileRule[];
  /** Only for the micro-benchmarks of one reconcile call, which need a settled cluster, not its timing. */
  readonly instant?: boolean;
  /** Only for the envelope's `--kops` variant (the 5,000-node jobs' client QPS); every suite runs the default. */
  readonly controlPlane?: ControlPlaneOptions;
  /** A metrics-server with these loads (the autoscaling suite). */
  readonly metricsServer?: MetricsServerOptions;
}

export function benchSimulation(opts: BenchOptions): Bench {
  const log = new ByteLog();
  const sim = new Simulation({
    seed: 'bench',
    controllers: defaultControllers(opts.metricsServer !== undefined ? { metricsServer: opts.metricsServer } : {}),
    log,
    recordEvents: true,
    nodes: opts.nodes,
    imageProfiles: opts.imageProfiles ?? FAST_IMAGES,
    ...(opts.objects !== undefined ? { objects: opts.objects } : {}),
    ...(opts.instant ? { controlPlane: { profile: 'instant' } } : {}),
    ...(opts.controlPlane !== undefined ? { controlPlane: opts.controlPlane } : {}),
    maxEventsPerInstant: Number.MAX_SAFE_INTEGER,
  } satisfies SimulationOptions);
  return { sim, log, pods: new PodTracker(sim) };
}

/** Images that pull in 0.5–1.5 s (once per node) and start and stop in 50–150 ms: a busy but quick cluster. */
export const FAST_IMAGES: ImageProfileRule[] = [
  {
    match: '*',
    profile: {
      pull: { kind: 'uniform', min: 500, max: 1500 },
      start: { kind: 'uniform', min: 50, max: 150 },
      stop: { kind: 'uniform', min: 50, max: 150 },
    },
  },
];

/** Enough nodes for `pods` at 100 a node (the kubelet's limit is 110). */
export function nodesFor(pods: number, cpu = '16', memory = '64Gi'): NodeSpec[] {
  return Array.from({ length: Math.ceil(pods / 100) }, (_, i) => ({ name: `node-${i}`, cpu, memory }));
}

// ---------------------------------------------------------------- memory

const gc = (globalThis as { gc?: () => void }).gc;

/** The heap in use after full collections (run node with --expose-gc, as the scripts do). */
export function heapUsed(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
}

export const canMeasureHeap: boolean = gc !== undefined;

// ---------------------------------------------------------------- phases

/** Counters at one moment, to subtract. */
interface Mark {
  readonly wall: number;
  readonly entries: number;
  readonly bytes: number;
  readonly started: number;
  readonly removed: number;
  readonly time: number;
}

function mark(b: Bench): Mark {
  return {
    wall: performance.now(),
    entries: b.log.length,
    bytes: b.log.bytes,
    started: b.pods.started,
    removed: b.pods.removed,
    time: b.sim.now,
  };
}

/** One measured stretch of a run. */
export interface Phase {
  wallMs: number;
  /** Log entries written. */
  events: number;
  /** Syncs run (logged or not). */
  syncs: number;
  simulatedMs: number;
  started: number;
  removed: number;
  logBytes: number;
  /** Heap per live pod at the end (bytes), when measured. */
  heapPerPod?: number;
}

export function emptyPhase(): Phase {
  return { wallMs: 0, events: 0, syncs: 0, simulatedMs: 0, started: 0, removed: 0, logBytes: 0 };
}

/**
 * Runs `fn` on the bench and measures it: wall time, entries, bytes, pods started and removed,
 * and the simulated time to the last write (a run that ends on an idle timer long after
 * would count that wait as simulated work).
 */
export function measure(b: Bench, fn: () => { syncs: number }): Phase {
  const m0 = mark(b);
  const r = fn();
  const m1 = mark(b);
  return {
    wallMs: m1.wall - m0.wall,
    events: m1.entries - m0.entries,
    syncs: r.syncs,
    simulatedMs: Math.max(0, b.pods.lastWrite - m0.time),
    started: m1.started - m0.started,
    removed: m1.removed - m0.removed,
    logBytes: m1.bytes - m0.bytes,
  };
}

/** The run with the median wall time (the one timed phase of each tinybench iteration). */
export function medianRun(runs: readonly Phase[]): Phase {
  const sorted = [...runs].sort((a, b) => a.wallMs - b.wallMs);
  const p = sorted[Math.floor((sorted.length - 1) / 2)];
  if (p === undefined) throw new Error('no run completed');
  return p;
}

type TaskResult = NonNullable<TinyBench['tasks'][number]['result']>;

/** The result of a bench's one task, or an error naming it. */
export function completed(bench: TinyBench, what: string): Extract<TaskResult, { state: 'completed' }> {
  const r = bench.tasks[0]?.result;
  if (r === undefined || r.state !== 'completed') throw new Error(`${what}: ${r?.state}`);
  return r;
}

/** The same figures of the bare loop, at one cluster size. */
export interface FloorFigures {
  readonly pods: number;
  readonly eventsPerSec: number;
  readonly lifecyclesPerSec: number;
  readonly simPerWall: number;
  readonly heapPerPod: number;
  readonly bytesPerEvent: number;
}

/** The floor measured at the size nearest (in orders of magnitude) to `pods`. */
export function nearestFloor(floors: readonly FloorFigures[], pods: number): FloorFigures | undefined {
  let best: FloorFigures | undefined;
  for (const f of floors) {
    if (best === undefined || Math.abs(Math.log(f.pods / pods)) < Math.abs(Math.log(best.pods / pods))) best = f;
  }
  return best;
}

function withFloor(m: Omit<Measurement, 'floor'>, floorValue: number | undefined): Measurement {
  return floorValue === undefined || floorValue === 0 ? m : { ...m, floor: m.value / floorValue };
}

/**
 * A phase as the harness's figures, each with its ratio to the floor at the nearest size:
 * events/s, pods started/s, lifecycles/s (pods removed per wall second: a lifecycle ends when
 * its pod leaves the API), simulated s per wall s, log bytes per event, heap bytes per pod.
 * Rates the phase had none of (no pod removed in a scale-up) are left out.
 */
export function phaseFigures(label: string, p: Phase, floor: FloorFigures | undefined): Measurement[] {
  const s = p.wallMs / 1000;
  const out: Measurement[] = [
    withFloor({ name: `${label}: events/s`, unit: 'events/s', value: p.events / s, medianMs: p.wallMs }, floor?.eventsPerSec),
    { name: `${label}: wall`, unit: 'wall s', value: s },
    { name: `${label}: simulated`, unit: 'sim s', value: p.simulatedMs / 1000 },
  ];
  if (p.started > 0) {
    out.push(withFloor({ name: `${label}: pods started/s`, unit: 'pods/s', value: p.started / s }, floor?.lifecyclesPerSec));
  }
  if (p.removed > 0) {
    out.push(withFloor({ name: `${label}: lifecycles/s`, unit: 'lifecycles/s', value: p.removed / s }, floor?.lifecyclesPerSec));
  }
  out.push(
    withFloor(
      { name: `${label}: simulated s per wall s`, unit: 'sim s/wall s', value: p.simulatedMs / p.wallMs },
      floor?.simPerWall,
    ),
  );
  if (p.events > 0) {
    out.push(
      withFloor(
        { name: `${label}: log bytes per event`, unit: 'bytes/event', value: p.logBytes / p.events },
        floor?.bytesPerEvent,
      ),
    );
  }
  if (p.heapPerPod !== undefined) {
    out.push(withFloor({ name: `${label}: heap bytes per pod`, unit: 'bytes/pod', value: p.heapPerPod }, floor?.heapPerPod));
  }
  return out;
}

/** Progress on stderr (stdout carries the results table). */
export function say(line: string): void {
  process.stderr.write(`${line}\n`);
}

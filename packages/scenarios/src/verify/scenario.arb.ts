import fc from 'fast-check';
import { stringify } from 'yaml';
import { INVARIANT_NAMES } from '../invariants/library.js';
import type { ScenarioFile } from '../scenario/schema.js';
import { type FaultFamily, type FaultKind, stepEnd } from './faults.arb.js';
import { type GeneratedWorkload, type WorkloadKind, workloadArb } from './manifests.arb.js';
import { type GeneratedStep, scheduleArb } from './steps.arb.js';

/**
 * Whole scenarios as fast-check arbitraries: a cluster, workloads applied at 0s, a timed
 * schedule of actions and faults, and the invariants that must hold. A value is a scenario
 * *document* (what a scenario file holds), so a counterexample is written out as YAML that
 * `kubesim run` reproduces byte for byte.
 */
export interface ScenarioArbOptions {
  /** The workload kinds to draw from (the first is what shrinking prefers). Default: all. */
  readonly kinds?: readonly WorkloadKind[];
  readonly maxWorkloads?: number;
  readonly maxNodes?: number;
  readonly maxSteps?: number;
  /** Whether the schedule holds faults. Default true. */
  readonly faults?: boolean;
  /** The fault kinds (or families) the schedule draws from. Default: every kind. */
  readonly faultKinds?: readonly (FaultKind | FaultFamily)[];
  /** The last second of the schedule. Default 120. */
  readonly horizon?: number;
  /** How long the run goes on after the last step, in seconds. Default 600. */
  readonly tail?: number;
  /** The invariants to check. Default: every built-in one. */
  readonly invariants?: readonly string[];
}

/** Images that start in a second or two, and a batch image whose processes finish. */
export const GENERATED_IMAGES: NonNullable<ScenarioFile['images']> = [
  {
    match: 'app:*',
    pull: 'uniform(500ms, 1500ms)',
    start: 'uniform(200ms, 800ms)',
    ready: 'uniform(0s, 2s)',
    stop: '1s',
    // What an autoscaled workload's load costs (1m of CPU a unit); nothing reads it without one.
    usage: { cpu: '1m', cpuPerUnit: '1m', memory: '8Mi' },
  },
  { match: 'batch:*', pull: '1s', start: '500ms', exitAfter: 'uniform(5s, 15s)' },
];

/** The nodes a schedule leaves away at its end: failed, or cordoned (`cordon`, `drain`). */
function awayAtEnd(steps: readonly GeneratedStep[]): { failed: Set<string>; cordoned: Set<string> } {
  const failed = new Set<string>();
  const cordoned = new Set<string>();
  for (const s of steps) {
    if ('fault' in s) {
      if (s.fault.nodeFails !== undefined) failed.add(s.fault.nodeFails);
      if (s.fault.nodeRecovers !== undefined) failed.delete(s.fault.nodeRecovers);
      continue;
    }
    const [verb, node] = s.kubectl.split(' ');
    if (node === undefined) continue;
    if (verb === 'cordon' || verb === 'drain') cordoned.add(node);
    if (verb === 'uncordon') cordoned.delete(node);
  }
  return { failed, cordoned };
}

/** Whether every node a step took away (failed, or cordoned) is back by a later step. */
export function healed(steps: readonly GeneratedStep[]): boolean {
  const { failed, cordoned } = awayAtEnd(steps);
  return failed.size === 0 && cordoned.size === 0;
}

/**
 * The schedule with the cluster healed 5 s after its last step: each node still failed
 * recovers, each still cordoned is uncordoned. Liveness (every workload converging by the end:
 * eventual-convergence, and replicaset-convergence's end) is only promised for a cluster that
 * heals — a StatefulSet pod that cannot go anywhere but the one cordoned node waits forever,
 * upstream too — so generated scenarios heal, and every invariant applies to all of them.
 */
export function heal(steps: readonly GeneratedStep[]): GeneratedStep[] {
  const { failed, cordoned } = awayAtEnd(steps);
  const at = (steps.at(-1)?.at ?? 0) + 5;
  return [
    ...steps,
    ...[...failed].sort().map((n): GeneratedStep => ({ at, fault: { nodeRecovers: n } })),
    ...[...cordoned].sort().map((n): GeneratedStep => ({ at, kubectl: `uncordon ${n}` })),
  ];
}

const NAMES = ['web', 'api', 'db', 'cache'];

/**
 * A whole scenario document: 1–maxNodes nodes, 1–maxWorkloads workloads, a schedule of actions and
 * faults that heals at the end, and a tail to settle in; `kubesim run` reproduces it from its YAML.
 */
export function scenarioDocumentArb(opts: ScenarioArbOptions = {}): fc.Arbitrary<ScenarioFile> {
  const nodeCount = fc.integer({ min: 1, max: opts.maxNodes ?? 4 });
  const workloadCount = fc.integer({ min: 1, max: Math.min(opts.maxWorkloads ?? 2, NAMES.length) });
  return fc.tuple(nodeCount, workloadCount, fc.integer({ min: 1, max: 1_000_000 })).chain(([n, w, seed]) => {
    const nodes = Array.from({ length: n }, (_, i) => `node-${i + 1}`);
    const schedule = {
      ...(opts.maxSteps !== undefined ? { maxSteps: opts.maxSteps } : {}),
      ...(opts.horizon !== undefined ? { horizon: opts.horizon } : {}),
      ...(opts.faults !== undefined ? { faults: opts.faults } : {}),
      ...(opts.faultKinds !== undefined ? { faultKinds: opts.faultKinds } : {}),
    };
    return fc
      .tuple(...NAMES.slice(0, w).map((name) => workloadArb(name, opts.kinds)))
      .chain((ws) => scheduleArb(ws, nodes, schedule).map((steps) => document(n, seed, ws, steps, opts)));
  });
}

function document(
  nodes: number,
  seed: number,
  workloads: readonly GeneratedWorkload[],
  schedule: readonly GeneratedStep[],
  opts: ScenarioArbOptions,
): ScenarioFile {
  const steps = heal(schedule);
  // Settle after the last fault is over (a partition's heal), not merely after it began.
  const last = Math.max(0, ...steps.map(stepEnd));
  // The tail runs from the last step or the last change of a load, whichever is later: an HPA
  // takes its 5-minute scale-down window (and the metrics' lag) after a load falls.
  const lastLoad = Math.max(0, ...workloads.flatMap((w) => (w.load?.steps ?? []).map((p) => Number.parseInt(p.at, 10))));
  const end = cronAligned(workloads, Math.max(last, lastLoad) + (opts.tail ?? 600));
  const invariants = [...(opts.invariants ?? INVARIANT_NAMES)];
  const loads = workloads.flatMap((w) => (w.load === undefined ? [] : [w.load]));
  return {
    name: 'generated',
    seed: String(seed),
    until: `${end}s`,
    cluster: { nodes },
    images: GENERATED_IMAGES.map((i) => ({ ...i })),
    manifests: [{ name: 'workloads.yaml', inline: workloads.flatMap((w) => [...(w.before ?? []), w.manifest]), apply: true }],
    steps: steps.map((s) => ('kubectl' in s ? { at: `${s.at}s`, kubectl: s.kubectl } : { at: `${s.at}s`, fault: s.fault })),
    invariants,
    ...(loads.length > 0 ? { load: loads } : {}),
  };
}

/**
 * The run's end, moved for a CronJob: its schedules fire on the minute (the run starts on
 * one) and a run of its batch image takes up to ~20 s, so the run ends 45 s past a minute —
 * not while a Job it has just started is still running, which eventual-convergence would
 * report although nothing is wrong.
 */
function cronAligned(workloads: readonly GeneratedWorkload[], end: number): number {
  if (!workloads.some((w) => w.kind === 'CronJob')) return end;
  return Math.ceil((end - 45) / 60) * 60 + 45;
}

/** A scenario document as a scenario file's text. */
export function scenarioYaml(doc: ScenarioFile, comment?: string): string {
  const head = comment === undefined ? '' : `${comment.replace(/^/gm, '# ')}\n`;
  return head + stringify(doc, { lineWidth: 0 });
}

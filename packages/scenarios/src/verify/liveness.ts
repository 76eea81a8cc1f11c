import {
  type ClusterView,
  formatDuration,
  type InvariantContext,
  type Kind,
  type KubeObject,
  type LogEntry,
  MINUTE,
  type Millis,
  writtenChange,
} from '@kubesim/core';
import type { ScenarioInvariant } from '../invariants/types.js';
import type { ScenarioFile } from '../scenario/schema.js';
import { classifyWorkloads, keyOfObject, rootKey } from './livenessWorkloads.js';

/**
 * `eventually-stable` (Anvil's ESR, OSDI'24): after the last input or fault, within a bound,
 * the cluster reaches a state in which no controller writes and every workload's status
 * reports it done. What never settles in upstream by design is not a violation; it is
 * reported as not applicable (see livenessWorkloads.ts): CronJobs, autoscalers and their
 * targets, pods that are unschedulable, crash-looping, failing to pull or on a node that is
 * down. Jobs are judged by a narrower rule: unfinished is a violation only once nothing is
 * left to happen, since their pods run as long as their work takes.
 */

/**
 * The default bound: upstream's longest timings after an input fit in it — eviction from a
 * failed node (node-monitor-grace-period 50s + the 300s not-ready toleration), the
 * CrashLoopBackOff cap (5m), a Deployment's progress deadline (600s) is reached only by a
 * rollout that is stuck.
 */
export const DEFAULT_STABLE_BOUND: Millis = 10 * MINUTE;

/**
 * Writers not judged: metrics-server's periodic scrapes (like node heartbeats, they never
 * stop) and the kernel's OOM killer, both world-side; and the resource quota controller, whose
 * status writes only follow other writers' changes (a quota's usage moves when pods come and
 * go), which are judged themselves.
 */
const PERIODIC = new Set(['metrics-server', 'oom-killer', 'resourcequota']);

/** One controller write, formatted only if a violation shows it (checking stays cheap). */
interface Write {
  readonly time: Millis;
  readonly by: string;
  readonly type: string;
  readonly key: string | undefined;
  readonly error: string | undefined;
}

function describeWrite(w: Write): string {
  return `${formatDuration(w.time)} ${w.by}: ${w.type}${w.key === undefined ? '' : ` ${shortKey(w.key)}`}${w.error !== undefined ? ` (${w.error})` : ''}`;
}

interface LateWrites {
  readonly by: string;
  readonly root: string | undefined;
  count: number;
  first: Millis;
  last: Write;
}

/** Options of eventuallyStable: the bound after the last input, and the name it reports under. */
export interface EventuallyStableOptions {
  /** How long after the last input or fault the cluster has to settle. Default 10m. */
  readonly bound?: Millis;
  /** The name it reports under (`eventually-stable(15m)` as a scenario wrote it). */
  readonly name?: string;
}

/** What the run's end tells the liveness check beyond the state. */
export interface FinishContext {
  /** Nothing is left on the engine's timeline: without a new input nothing will ever happen. */
  readonly idle?: boolean;
}

function target(view: ClusterView, entry: LogEntry): { key: string; root: string } | undefined {
  const ev = entry.event as { object?: KubeObject; ref?: { kind: string; namespace?: string; name: string } };
  if (ev.object !== undefined) {
    const key = keyOfObject(ev.object);
    return { key, root: rootKey(view, ev.object) };
  }
  if (ev.ref !== undefined) {
    const o = view.get(ev.ref.kind as Kind, ev.ref.namespace, ev.ref.name) as KubeObject | undefined;
    const key = `${ev.ref.kind}/${ev.ref.namespace ?? ''}/${ev.ref.name}`;
    return { key, root: o === undefined ? key : rootKey(view, o) };
  }
  return undefined;
}

/** `Kind/ns/name` as kubectl names it: `deployment/web`. */
export function shortKey(key: string): string {
  const [kind, ns, name] = key.split('/');
  return `${(kind ?? '').toLowerCase()}/${ns !== '' && ns !== 'default' ? `${ns}/` : ''}${name}`;
}

/** The invariant, with its end-of-run verdict and notes always there. */
export interface EventuallyStable extends Omit<ScenarioInvariant, 'finish' | 'notes'> {
  /**
   * The end-of-run verdict: writes later than the bound, and workloads not done by it (or that can no
   * longer finish).
   */
  finish(view: ClusterView, now: Millis, end?: FinishContext): { message: string; objects: string[] }[];
  /** What the last finish() could not judge, and why (not applicable, too early, still running). */
  notes(): readonly string[];
}

/** The `eventually-stable` invariant (see the module comment), with a fresh state per call. */
export function eventuallyStable(opts: EventuallyStableOptions = {}): EventuallyStable {
  const bound = opts.bound ?? DEFAULT_STABLE_BOUND;
  let lastInput: Millis = 0;
  /** Writes later than the bound after the inputs seen so far, by writer and workload. */
  const late = new Map<string, LateWrites>();
  /** The last few writes to each workload, for the violation's context. */
  const recent = new Map<string, Write[]>();
  let notes: string[] = [];

  const check = (ctx: InvariantContext): undefined => {
    const { entry } = ctx;
    const by = entry.by;
    if (by === 'user' || by === 'world') {
      lastInput = entry.time;
      late.clear();
      return undefined;
    }
    if (by === 'engine' || entry.event.type === 'RecordEvent') return undefined;
    const changes = ctx.changes.filter((c) => c.kind !== 'NodeRuntime');
    if (changes.length === 0 && entry.error === undefined) return undefined;
    const written = writtenChange(changes);
    const o = (written?.new ?? written?.old) as KubeObject | undefined;
    const t = o !== undefined ? { key: keyOfObject(o), root: rootKey(ctx.view, o) } : target(ctx.view, entry);
    const what: Write = { time: entry.time, by, type: entry.event.type, key: t?.key, error: entry.error?.reason };
    if (t !== undefined) {
      const list = recent.get(t.root) ?? [];
      list.push(what);
      if (list.length > 3) list.shift();
      recent.set(t.root, list);
    }
    if (entry.time > lastInput + bound && !PERIODIC.has(by)) {
      const id = `${by}\u0000${t?.root ?? ''}`;
      const w = late.get(id);
      if (w === undefined) late.set(id, { by, root: t?.root, count: 1, first: entry.time, last: what });
      else {
        w.count++;
        w.last = what;
      }
    }
    return undefined;
  };

  return {
    name: opts.name ?? 'eventually-stable',
    description:
      'After the last input or fault, within a bound (default 10m), no controller writes and every workload reports it is done; what never settles by design (CronJobs, autoscalers, unschedulable or crash-looping pods, a node still down) is reported as not applicable.',
    upstream:
      "Anvil's eventually stable reconciliation (OSDI'24) over upstream's status contracts: kubectl's rollout status viewers (polymorphichelpers/rollout_status.go), job_controller.go's Complete/Failed conditions",
    check,
    finish(view, now, end = {}) {
      const out: { message: string; objects: string[] }[] = [];
      const deadline = lastInput + bound;
      const { exempt, notDone, running } = classifyWorkloads(view);
      const context = (root: string): string => {
        const r = recent.get(root);
        return r === undefined ? '' : `; last writes: ${r.map(describeWrite).join('; ')}`;
      };
      for (const w of late.values()) {
        // A Job's retries and its TTL deletion come when they come: judged by the Job rule.
        if (w.root !== undefined && (exempt.has(w.root) || w.root.startsWith('Job/'))) continue;
        const what = w.root === undefined ? '' : ` to ${shortKey(w.root)}`;
        out.push({
          message: `still moving after ${formatDuration(deadline)} (${formatDuration(bound)} after the last input): ${w.by} wrote${what} ${w.count} time(s) from ${formatDuration(w.first)}; last: ${describeWrite(w.last)}`,
          objects: w.root === undefined ? [] : [shortKey(w.root)],
        });
      }
      const judged = now >= deadline || end.idle === true;
      notes = [];
      for (const [key, why] of exempt) notes.push(`not applicable to ${shortKey(key)}: ${why}`);
      if (judged) {
        for (const [key, gap] of notDone) {
          out.push({
            message: `${shortKey(key)} is not done by ${formatDuration(now)}: ${gap}${context(key)}`,
            objects: [shortKey(key)],
          });
        }
        for (const [key, gap] of running) {
          if (end.idle === true) {
            out.push({
              message: `${shortKey(key)} can no longer finish (nothing is left to happen): ${gap}${context(key)}`,
              objects: [shortKey(key)],
            });
          } else notes.push(`not judged: ${shortKey(key)} is still running (${gap})`);
        }
      } else {
        // Too early to tell: what is done now might still move before the bound.
        const open = [...notDone.keys(), ...running.keys()].map(shortKey);
        notes.push(
          `not applicable: the run ended ${formatDuration(now - lastInput)} after the last input, before the bound (${formatDuration(bound)})${open.length > 0 ? `, with ${open.join(', ')} not done yet` : ''}`,
        );
      }
      return out;
    },
    notes: () => notes,
  };
}

/** The scenario document with eventually-stable checked too (its own bound kept when it names one). */
export function withLiveness(doc: ScenarioFile, bound?: string): ScenarioFile {
  const invariants = doc.invariants ?? [];
  if (invariants.some((n) => n.startsWith('eventually-stable'))) return doc;
  return { ...doc, invariants: [...invariants, bound === undefined ? 'eventually-stable' : `eventually-stable(${bound})`] };
}

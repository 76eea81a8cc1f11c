import { defaultControllers } from '@kubesim/controllers';
import { EventLog, type LogEntry, Simulation } from '@kubesim/core';
import { churnNodes, churnPod } from './churn.js';
import { FAST_IMAGES } from './harness.js';

/**
 * What kubesim's log holds for one pod's lifecycle in the churn, captured from kubesim itself
 * in the same run, so the floor (floor.ts, and SimPy's peers/simpy_churn.py) writes lines of
 * the same content and size whatever the log format is today.
 *
 * Two parts: `start` from the pod's Create (the lines about the new pod: the Create, the
 * kubelet's reconciles, its Events, its status writes) and `stop` from the user's Delete (the
 * Killing Event, the terminal status, the kubelet's delete, removal). Each line is the parsed
 * format-2 line without the fields that depend on what came before it in the file (`t`,
 * `time`, `seq`, `c`, `cause`): the floor writes its own `t` and `c`. `holes` say where the
 * line names the pod, its uid, its node, a resourceVersion or a time, which the floor fills in
 * for each pod it runs (other strings — image digests, container ids — are the captured ones,
 * of the same length).
 */
export interface ScriptLine {
  /** Milliseconds after the part's first line. */
  readonly at: number;
  readonly line: unknown;
  /** The captured line had a `c` (its cause is an earlier line): the floor writes one too. */
  readonly caused: boolean;
  /** The captured line had a `t` (time moved since the line before): the floor writes its own. */
  readonly timed: boolean;
  readonly holes: readonly Hole[];
}

export type HoleKind = 'name' | 'uid' | 'node' | 'time' | 'rv';

/** A leaf to fill: its path in the line, and what goes there (a string with the captured value replaced, or a number). */
export interface Hole {
  readonly path: readonly (string | number)[];
  readonly kind: HoleKind;
  /** For string holes: the captured leaf and the captured value inside it to replace. */
  readonly template?: string;
  readonly captured?: string;
}

export interface LifecycleScript {
  readonly start: readonly ScriptLine[];
  readonly stop: readonly ScriptLine[];
  /** Bytes kubesim wrote for this lifecycle (sum of its lines plus newlines), for the record. */
  readonly kubesimBytes: number;
  readonly kubesimLines: number;
}

const TIME_KEYS = new Set([
  'time',
  'lastTimestamp',
  'firstTimestamp',
  'eventTime',
  'lastTransitionTime',
  'startTime',
  'startedAt',
  'finishedAt',
  'creationTimestamp',
  'deletionTimestamp',
]);

const POSITIONAL = new Set(['t', 'time', 'seq', 'c', 'cause']);

function findHoles(node: unknown, path: (string | number)[], names: Record<string, string>, out: Hole[]): void {
  if (typeof node === 'string') {
    for (const kind of ['uid', 'name', 'node'] as const) {
      const captured = names[kind] as string;
      // A name must not match inside a longer one (p-1250 in p-12500): bound it by a non-digit.
      const i = node.indexOf(captured);
      if (i >= 0 && !/[0-9]/.test(node.charAt(i + captured.length))) {
        out.push({ path: [...path], kind, template: node, captured });
        return;
      }
    }
    if (path.at(-1) === 'resourceVersion') out.push({ path: [...path], kind: 'rv' });
    return;
  }
  if (typeof node === 'number') {
    const key = path.at(-1);
    if (typeof key === 'string' && TIME_KEYS.has(key)) out.push({ path: [...path], kind: 'time' });
    return;
  }
  if (Array.isArray(node)) {
    node.forEach((v, i) => {
      findHoles(v, [...path, i], names, out);
    });
    return;
  }
  if (typeof node === 'object' && node !== null) {
    for (const [k, v] of Object.entries(node)) findHoles(v, [...path, k], names, out);
  }
}

function isAbout(e: LogEntry, name: string, mine: ReadonlySet<number>): boolean {
  if (e.cause !== undefined && mine.has(e.cause)) return true;
  const ev = e.event as { type: string; object?: { metadata?: { name?: string } }; ref?: { name?: string }; key?: string };
  switch (ev.type) {
    case 'Reconcile':
      return ev.key === `default/${name}`;
    case 'RecordEvent':
      return (e.event as { involved?: { name?: string } }).involved?.name === name;
    default:
      return ev.object?.metadata?.name === name || ev.ref?.name === name;
  }
}

/**
 * Runs kubesim's churn (the harness's settings) at 3,000 pods long enough for pod p-3100 to be
 * created (step 100) and deleted (step 3100, 3 s later: it is ready well before, the kubelet's
 * PLEG relisting every second and the image being on every node since the setup), and returns
 * its lines as a script.
 */
export function captureLifecycle(): LifecycleScript {
  const size = 3000;
  const k = 100;
  const lines: string[] = [];
  const log = new EventLog({ keep: true, sink: (l) => lines.push(l) });
  const nodes = churnNodes(size);
  const sim = new Simulation({
    seed: 'bench',
    controllers: defaultControllers(),
    log,
    recordEvents: true,
    nodes: Array.from({ length: nodes }, (_, i) => ({ name: `node-${i}`, cpu: '16', memory: '64Gi' })),
    imageProfiles: FAST_IMAGES,
    maxEventsPerInstant: Number.MAX_SAFE_INTEGER,
  });
  for (let i = 0; i < size; i++) sim.create(churnPod(i, nodes), Math.floor(i / 100));
  sim.run();
  const t0 = sim.now + 1000;
  for (let s = 0; s < size + k + 200; s++) {
    sim.delete({ kind: 'Pod', name: `p-${s}` }, {}, t0 + s);
    sim.create(churnPod(size + s, nodes), t0 + s);
  }
  sim.run();
  const entries = log.entries();
  // The sink got the header first: entry i is line i + 1.
  const name = `p-${size + k}`;
  const node = `node-${(size + k) % nodes}`;
  const mine = new Set<number>();
  let uid = '';
  const picked: { e: LogEntry; line: string }[] = [];
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i] as LogEntry;
    if (e.time < t0 + k || !isAbout(e, name, mine)) continue;
    mine.add(e.seq);
    if (e.event.type === 'Create') uid = (e.event.object.metadata as { uid?: string }).uid ?? uid;
    picked.push({ e, line: lines[i + 1] as string });
  }
  if (uid === '') {
    // The Create's own object has no uid (the API server gives it one): take it from the first status write.
    for (const { e } of picked) {
      const u = (e.event as { object?: { metadata?: { uid?: string } } }).object?.metadata?.uid;
      if (u !== undefined) {
        uid = u;
        break;
      }
    }
  }
  const names = { name, uid, node };
  const deleteAt = picked.findIndex(({ e }) => e.event.type === 'Delete' && e.by === 'user');
  if (picked[0]?.e.event.type !== 'Create' || deleteAt < 0) throw new Error('the captured lifecycle has no Create or no Delete');
  const ready = picked
    .slice(0, deleteAt)
    .some(
      ({ e }) =>
        e.event.type === 'UpdateStatus' && (e.event.object as { status?: { phase?: string } }).status?.phase === 'Running',
    );
  if (!ready) throw new Error('the captured pod was deleted before it ran: capture a longer-lived one');
  const part = (from: number, to: number): ScriptLine[] => {
    const base = (picked[from] as { e: LogEntry }).e.time;
    return picked.slice(from, to).map(({ e, line }) => {
      const parsed = JSON.parse(line) as Record<string, unknown>;
      const caused = 'c' in parsed || 'cause' in parsed;
      const timed = 't' in parsed || 'time' in parsed;
      for (const f of POSITIONAL) delete parsed[f];
      const holes: Hole[] = [];
      findHoles(parsed, [], names, holes);
      return { at: e.time - base, line: parsed, caused, timed, holes };
    });
  };
  return {
    start: part(0, deleteAt),
    stop: part(deleteAt, picked.length),
    kubesimBytes: picked.reduce((n, p) => n + p.line.length + 1, 0),
    kubesimLines: picked.length,
  };
}

import type { Hole, LifecycleScript, ScriptLine } from './lifecycleScript.js';

/**
 * The floor: the churn's pod lifecycle as a bare event loop — a binary heap of plain event
 * objects and plain pod objects, no kubesim engine — writing the same log: for each pod, the
 * lines kubesim writes for that lifecycle (captured in the same run, lifecycleScript.ts), with
 * the pod's own name, uid, node, times and resourceVersions filled in, each built as a plain
 * object and serialised with JSON.stringify (as a bare loop that writes JSON Lines would), its
 * bytes counted. Every simulated millisecond one pod is deleted and one created; a pod runs the
 * script's `start` part from its creation and its `stop` part from its deletion, one heap event
 * per line, at the offsets kubesim's lines had.
 */

interface FloorPod {
  readonly name: string;
  readonly uid: string;
  readonly node: string;
  readonly createdAt: number;
  phase: 'Pending' | 'Running' | 'Terminating' | 'Gone';
  /** The index of the last line written about it, for the next line's `c`. */
  lastLine: number;
}

interface Ev {
  time: number;
  seq: number;
  /** -1: the churn's next step; else a line of a pod's part. */
  step: number;
  pod: FloorPod | undefined;
  part: readonly ScriptLine[] | undefined;
}

/** A binary min-heap of events by (time, seq). */
class EventHeap {
  private readonly a: Ev[] = [];

  get size(): number {
    return this.a.length;
  }

  private less(x: Ev, y: Ev): boolean {
    return x.time < y.time || (x.time === y.time && x.seq < y.seq);
  }

  push(e: Ev): void {
    const a = this.a;
    let i = a.push(e) - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = a[p] as Ev;
      if (!this.less(e, parent)) break;
      a[i] = parent;
      i = p;
    }
    a[i] = e;
  }

  peekTime(): number {
    return (this.a[0] as Ev | undefined)?.time ?? Number.POSITIVE_INFINITY;
  }

  pop(): Ev | undefined {
    const a = this.a;
    const top = a[0];
    const last = a.pop();
    if (a.length === 0 || last === undefined) return top;
    let i = 0;
    const n = a.length;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && this.less(a[c + 1] as Ev, a[c] as Ev)) c++;
      if (!this.less(a[c] as Ev, last)) break;
      a[i] = a[c] as Ev;
      i = c;
    }
    a[i] = last;
    return top;
  }
}

/** A 36-character uid from a counter (the same length as kubesim's). */
function uidOf(i: number): string {
  const h = (i >>> 0).toString(16).padStart(8, '0');
  return `${h}-0000-4000-8000-${h}0000`;
}

/** A copy of `line` with its holes filled for `pod` at `now`; only the containers on a hole's path are copied. */
function fill(line: unknown, holes: readonly Hole[], pod: FloorPod, now: number, rv: number): unknown {
  if (holes.length === 0) return line;
  const root = copy(line);
  for (const h of holes) {
    let node = root as Record<string | number, unknown>;
    let orig = line as Record<string | number, unknown>;
    for (let i = 0; i < h.path.length - 1; i++) {
      const k = h.path[i] as string | number;
      orig = orig[k] as Record<string | number, unknown>;
      // Copy a container the first time a hole passes through it.
      if (node[k] === orig) node[k] = copy(orig);
      node = node[k] as Record<string | number, unknown>;
    }
    const leaf = h.path[h.path.length - 1] as string | number;
    switch (h.kind) {
      case 'time':
        node[leaf] = now;
        break;
      case 'rv':
        node[leaf] = String(rv);
        break;
      default: {
        const value = h.kind === 'name' ? pod.name : h.kind === 'uid' ? pod.uid : pod.node;
        node[leaf] = (h.template as string).replace(h.captured as string, value);
      }
    }
  }
  return root;
}

function copy(v: unknown): unknown {
  return Array.isArray(v) ? v.slice() : { ...(v as object) };
}

export interface FloorRun {
  /** Lines written (each one event of the loop). */
  readonly events: number;
  readonly bytes: number;
  readonly started: number;
  readonly removed: number;
  readonly simulatedMs: number;
  readonly wallMs: number;
}

export class FloorChurn {
  private readonly heap = new EventHeap();
  private readonly pods = new Map<string, FloorPod>();
  private seq = 0;
  private step = 0;
  private now = 0;
  private lastTime = 0;
  private rv = 1;
  lines = 0;
  bytes = 0;
  started = 0;
  removed = 0;

  /** N running pods (made directly, as kubesim's setup is not timed either); the churn starts at 1s. */
  constructor(
    private readonly script: LifecycleScript,
    readonly size: number,
    private readonly nodes: number = Math.max(200, Math.ceil(size / 100)),
  ) {
    for (let i = 0; i < size; i++) this.addPod(i, 0).phase = 'Running';
    this.now = 1000;
    this.heap.push({ time: 1000, seq: this.seq++, step: -1, pod: undefined, part: undefined });
  }

  private addPod(i: number, now: number): FloorPod {
    const name = `p-${i}`;
    const pod: FloorPod = { name, uid: uidOf(i), node: `node-${i % this.nodes}`, createdAt: now, phase: 'Pending', lastLine: 0 };
    this.pods.set(name, pod);
    return pod;
  }

  /** Runs every event before `until` (simulated ms). */
  runUntil(until: number): void {
    const heap = this.heap;
    while (heap.peekTime() < until) {
      const ev = heap.pop() as Ev;
      this.now = ev.time;
      if (ev.step === -1) {
        // The churn: pod `step` goes, pod `size + step` comes, each running its part from its first line.
        const gone = this.pods.get(`p-${this.step}`);
        if (gone !== undefined) {
          gone.phase = 'Terminating';
          this.line(gone, this.script.stop, 0);
        }
        const pod = this.addPod(this.size + this.step, ev.time);
        this.line(pod, this.script.start, 0);
        this.step++;
        ev.time += 1;
        ev.seq = this.seq++;
        heap.push(ev);
        continue;
      }
      this.line(ev.pod as FloorPod, ev.part as readonly ScriptLine[], ev.step);
    }
    this.now = until;
  }

  /** Writes line `i` of a pod's part, updates the pod, and schedules the part's next line. */
  private line(pod: FloorPod, part: readonly ScriptLine[], i: number): void {
    const s = part[i] as ScriptLine;
    const body = fill(s.line, s.holes, pod, this.now, this.rv++);
    const out: Record<string, unknown> = {};
    if (s.timed && this.now !== this.lastTime) out.t = this.now - this.lastTime;
    if (s.caused) out.c = this.lines - pod.lastLine;
    const text = JSON.stringify(Object.keys(out).length === 0 ? body : Object.assign(out, body));
    this.bytes += text.length + 1;
    this.lastTime = this.now;
    pod.lastLine = this.lines++;
    const next = part[i + 1];
    if (next !== undefined) {
      this.heap.push({ time: this.now + next.at - s.at, seq: this.seq++, step: i + 1, pod, part });
      return;
    }
    // The part's last line: the pod is up, or gone.
    if (part === this.script.start) {
      if (pod.phase === 'Pending') {
        pod.phase = 'Running';
        this.started++;
      }
    } else {
      pod.phase = 'Gone';
      this.pods.delete(pod.name);
      this.removed++;
    }
  }

  get simulatedNow(): number {
    return this.now;
  }

  get livePods(): number {
    return this.pods.size;
  }
}

import {
  integerValue,
  isPodTerminal,
  type Millis,
  milliValue,
  type Node,
  type Pod,
  parseQuantity,
  podRequests,
} from '@kubesim/core';
import { SeriesBuilder } from './builder.js';
import type { NodeSeries } from './types.js';

interface NodeTrack {
  readonly b: SeriesBuilder;
  /** What each pod bound here requests, by pod key. */
  readonly pods: Map<string, { cpu: number; memory: number }>;
  cpu: number;
  memory: number;
  allocatable: NodeSeries['allocatable'];
}

/** Millicores, bytes and a count from a node's allocatable list (0 for what it omits). */
function allocatableOf(node: Node): NodeSeries['allocatable'] {
  const a = node.status?.allocatable ?? node.status?.capacity ?? {};
  const q = (v: string | undefined, f: (x: ReturnType<typeof parseQuantity>) => number): number =>
    v === undefined ? 0 : f(parseQuantity(v));
  return { cpuMillis: q(a.cpu, milliValue), memoryBytes: q(a.memory, integerValue), pods: q(a.pods, integerValue) };
}

/**
 * Per node: the pods bound to it and the CPU and memory they request, as the scheduler counts
 * them (an assigned pod counts until it is deleted or reaches a terminal phase, as the
 * scheduler's cache drops terminal pods: pkg/scheduler/eventhandlers.go).
 */
export class NodeRecorder {
  private readonly nodes = new Map<string, NodeTrack>();
  private readonly placed = new Map<string, string>();

  private track(name: string): NodeTrack {
    let t = this.nodes.get(name);
    if (t === undefined) {
      t = { b: new SeriesBuilder(), pods: new Map(), cpu: 0, memory: 0, allocatable: { cpuMillis: 0, memoryBytes: 0, pods: 0 } };
      this.nodes.set(name, t);
    }
    return t;
  }

  observeNode(time: Millis, node: Node | undefined): void {
    if (node === undefined) return;
    const t = this.track(node.metadata.name ?? '');
    t.allocatable = allocatableOf(node);
    this.point(time, t);
  }

  observePod(time: Millis, key: string, pod: Pod | undefined): void {
    const before = this.placed.get(key);
    const after = pod !== undefined && pod.spec.nodeName !== undefined && !isPodTerminal(pod) ? pod.spec.nodeName : undefined;
    if (before !== undefined && before !== after) {
      const t = this.track(before);
      const r = t.pods.get(key);
      t.cpu -= r?.cpu ?? 0;
      t.memory -= r?.memory ?? 0;
      t.pods.delete(key);
      this.placed.delete(key);
      this.point(time, t);
    }
    if (after !== undefined && pod !== undefined) {
      const t = this.track(after);
      if (!t.pods.has(key)) {
        const r = podRequests(pod.spec);
        t.pods.set(key, { cpu: r.milliCpu, memory: r.memory });
        t.cpu += r.milliCpu;
        t.memory += r.memory;
        this.placed.set(key, after);
        this.point(time, t);
      }
    }
  }

  private point(time: Millis, t: NodeTrack): void {
    t.b.set(time, { pods: t.pods.size, 'cpu requested (m)': t.cpu, 'memory requested (bytes)': t.memory });
  }

  series(): NodeSeries[] {
    return [...this.nodes.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, t]) => ({ name, allocatable: t.allocatable, ...t.b.series() }));
  }
}

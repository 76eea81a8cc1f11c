import {
  type ClusterView,
  type DaemonSet,
  type Effect,
  isPodTerminal,
  type Millis,
  type Node,
  type Pod,
  type ReconcileContext,
  type WriteReport,
} from '@kubesim/core';
import { FailedPodsBackoff } from './backoff.js';
import { nodeShouldRunDaemonPod, type ShouldRun } from './nodeShouldRunDaemonPod.js';
import { getTargetNodeName, getTemplateGeneration } from './util/daemonset_util.js';

/**
 * One sync of one DaemonSet (syncDaemonSet and what it calls). Upstream's sync makes its API
 * calls one after another, each once the previous has returned; here they are collected as
 * effects in that order. Pod creations go out in slow-start batches (a wave each), a batch's
 * deletions together (one wave), as syncNodes' goroutines do.
 */
export class DaemonSetSync {
  readonly view: ClusterView;
  readonly ctx: ReconcileContext;
  readonly now: Millis;
  readonly ds: DaemonSet;
  /** The nodes, in name order (upstream lists them in its cache's order). */
  readonly nodes: readonly Node[];
  /** The set's pods: those it owns and still selects, and the orphans it adopts in this sync. */
  readonly pods: readonly Pod[];
  readonly backoff: FailedPodsBackoff;
  /** The template generation (the deprecated annotation), if any. */
  readonly generation: number | undefined;
  private readonly out: Effect[] = [];
  private lastWave = 0;
  private readonly shouldRunCache = new Map<string, ShouldRun>();

  constructor(view: ClusterView, ctx: ReconcileContext, ds: DaemonSet, nodes: readonly Node[], pods: readonly Pod[]) {
    this.view = view;
    this.ctx = ctx;
    this.now = ctx.now;
    this.ds = ds;
    this.nodes = nodes;
    this.pods = pods;
    this.backoff = new FailedPodsBackoff(ctx);
    this.generation = getTemplateGeneration(ds);
  }

  get involved(): WriteReport['involved'] {
    const m = this.ds.metadata;
    return { kind: 'DaemonSet', namespace: m.namespace as string, name: m.name as string, uid: m.uid as string };
  }

  get minReadySeconds(): number {
    return this.ds.spec.minReadySeconds ?? 0;
  }

  /** NodeShouldRunDaemonPod, once per node in a sync. */
  shouldRun(node: Node): ShouldRun {
    const name = node.metadata.name as string;
    let r = this.shouldRunCache.get(name);
    if (r === undefined) {
      r = nodeShouldRunDaemonPod(node, this.ds);
      this.shouldRunCache.set(name, r);
    }
    return r;
  }

  private byName: Map<string, Node> | undefined;

  /** The node of that name in this sync's list (nodeLister.Get). */
  node(name: string): Node | undefined {
    this.byName ??= new Map(this.nodes.map((n) => [n.metadata.name as string, n]));
    return this.byName.get(name);
  }

  /**
   * getNodesToDaemonPods: the set's pods by the node they are on or pinned to. Unless asked
   * for them, pods that are finished and being deleted are left out: there is nothing left
   * to do with them.
   */
  nodeToDaemonPods(includeDeletedTerminal: boolean): Map<string, Pod[]> {
    const out = new Map<string, Pod[]>();
    for (const pod of this.pods) {
      if (!includeDeletedTerminal && isPodTerminal(pod) && pod.metadata.deletionTimestamp !== undefined) continue;
      const nodeName = getTargetNodeName(pod);
      if (nodeName instanceof Error) continue;
      const list = out.get(nodeName);
      if (list === undefined) out.set(nodeName, [pod]);
      else list.push(pod);
    }
    return out;
  }

  emit(effect: Effect): void {
    this.out.push(effect);
  }

  /** Calls sent together, after every earlier call has returned. */
  wave(calls: readonly Effect[]): void {
    if (calls.length === 0) return;
    const wave = ++this.lastWave;
    for (const c of calls) this.out.push({ ...c, wave } as Effect);
  }

  event(eventType: 'Normal' | 'Warning', reason: string, message: string): void {
    this.out.push({ type: 'event', involved: this.involved, eventType, reason, message });
  }

  /** Whether this sync created or deleted pods (its expectations are then not satisfied). */
  get podWrites(): number {
    return this.out.filter(
      (e) => (e.type === 'create' && e.object.kind === 'Pod') || (e.type === 'delete' && e.ref.kind === 'Pod'),
    ).length;
  }

  effects(): Effect[] {
    return [...this.out, ...this.backoff.effects()];
  }
}

import {
  type ClusterView,
  type Deployment,
  deepEqual,
  type Effect,
  type Millis,
  type ReconcileContext,
  type ReplicaSet,
  type WriteReport,
} from '@kubesim/core';
import { refOf } from '../util/effects.js';

/**
 * One sync of one Deployment. Upstream's sync makes its API calls one after another and
 * carries on with what they return; here the sync works on local copies — the deployment,
 * and each set it creates or changes — and records each call in the order upstream makes it
 * (the engine sends them in that order, each once the previous one has returned, and stops
 * at the first that fails). A set written twice in one sync is written the second time over
 * the version the first call returned (no resourceVersion precondition); the deployment's
 * status, though, is written as upstream writes it: over the version the sync read, so a
 * second status write in one sync (getNewReplicaSet's, then syncRolloutStatus's) meets a
 * Conflict, as it does upstream, and the sync is retried.
 */
export class DeploymentSync {
  readonly view: ClusterView;
  readonly ctx: ReconcileContext;
  readonly now: Millis;
  /** The deployment as this sync has changed it (annotations, status). */
  d: Deployment;
  /** The deployment as this sync last wrote it (or read it). */
  private written: Deployment;
  /** Sets this sync created or changed: their latest local version. */
  private readonly sets = new Map<string, ReplicaSet>();
  private readonly calls: Effect[] = [];

  constructor(view: ClusterView, ctx: ReconcileContext, d: Deployment) {
    this.view = view;
    this.ctx = ctx;
    this.now = ctx.now;
    this.d = d;
    this.written = d;
  }

  /** The involved object for the deployment's events. */
  get involved(): WriteReport['involved'] {
    const m = this.d.metadata;
    return { kind: 'Deployment', namespace: m.namespace as string, name: m.name as string, uid: m.uid as string };
  }

  /** Creates a set: it exists for the rest of the sync. */
  create(rs: ReplicaSet, report: WriteReport): void {
    this.sets.set(rs.metadata.name as string, rs);
    this.calls.push({ type: 'create', object: rs, report });
  }

  /** Updates a set, with an event for when the update lands. */
  update(rs: ReplicaSet, report?: WriteReport): void {
    const name = rs.metadata.name as string;
    // Written before in this sync: over what that call returned, not over the version read.
    const again = this.sets.has(name);
    this.sets.set(name, rs);
    const { resourceVersion: _rv, ...meta } = rs.metadata;
    const object = again ? { ...rs, metadata: meta } : rs;
    this.calls.push({ type: 'update', object, ...(report !== undefined ? { report } : {}) });
  }

  /** A set as this sync last left it (created or changed here), or as the view has it. */
  latest(rs: ReplicaSet): ReplicaSet {
    return this.sets.get(rs.metadata.name as string) ?? rs;
  }

  emit(effect: Effect): void {
    this.calls.push(effect);
  }

  event(eventType: 'Normal' | 'Warning', reason: string, message: string): void {
    this.calls.push({ type: 'event', involved: this.involved, eventType, reason, message });
  }

  /** UpdateStatus now (getNewReplicaSet's: the revision annotation and the Progressing condition). */
  writeStatus(): void {
    this.calls.push({ type: 'updateStatus', object: this.d });
    this.written = this.d;
  }

  /** Every call of this sync, in order, ending with syncRolloutStatus's status write if the status changed. */
  effects(): Effect[] {
    const w = this.written;
    const changed = !deepEqual(this.d.status, w.status) || !deepEqual(this.d.metadata.annotations, w.metadata.annotations);
    return changed ? [...this.calls, { type: 'updateStatus', object: this.d }] : this.calls;
  }

  /** Deletes a set (revision history cleanup), guarded by its uid. */
  deleteReplicaSet(rs: ReplicaSet): void {
    this.calls.push({ type: 'delete', ref: refOf(rs), uid: rs.metadata.uid as string });
  }
}

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
 * and each set it creates or changes — and sends one write per object at the end, so two
 * changes to the same set in one sync do not race each other.
 */
export class DeploymentSync {
  readonly view: ClusterView;
  readonly ctx: ReconcileContext;
  readonly now: Millis;
  /** The deployment as this sync has changed it (annotations, status). */
  d: Deployment;
  private readonly original: Deployment;
  private readonly changed = new Map<string, { rs: ReplicaSet; report?: WriteReport }>();
  private created: { rs: ReplicaSet; report: WriteReport } | undefined;
  private readonly extra: Effect[] = [];

  constructor(view: ClusterView, ctx: ReconcileContext, d: Deployment) {
    this.view = view;
    this.ctx = ctx;
    this.now = ctx.now;
    this.d = d;
    this.original = d;
  }

  /** The involved object for the deployment's events. */
  get involved(): WriteReport['involved'] {
    const m = this.d.metadata;
    return { kind: 'Deployment', namespace: m.namespace as string, name: m.name as string, uid: m.uid as string };
  }

  /** A set this sync created: it exists for the rest of the sync, and is created at the end. */
  create(rs: ReplicaSet, report: WriteReport): void {
    this.created = { rs, report };
  }

  /** A set this sync changed (its latest local version), with an event for when the update lands. */
  update(rs: ReplicaSet, report?: WriteReport): void {
    const key = rs.metadata.name as string;
    if (this.created?.rs.metadata.name === key) {
      this.created = { ...this.created, rs };
      return;
    }
    const prior = this.changed.get(key);
    this.changed.set(key, {
      rs,
      ...(report !== undefined ? { report } : prior?.report !== undefined ? { report: prior.report } : {}),
    });
  }

  /** A set as this sync last left it (created or changed here), or as the view has it. */
  latest(rs: ReplicaSet): ReplicaSet {
    const name = rs.metadata.name as string;
    if (this.created?.rs.metadata.name === name) return this.created.rs;
    return this.changed.get(name)?.rs ?? rs;
  }

  emit(effect: Effect): void {
    this.extra.push(effect);
  }

  event(eventType: 'Normal' | 'Warning', reason: string, message: string): void {
    this.extra.push({ type: 'event', involved: this.involved, eventType, reason, message });
  }

  /** Every write of this sync, in the order upstream would make them. */
  effects(): Effect[] {
    const out: Effect[] = [];
    if (this.created !== undefined) out.push({ type: 'create', object: this.created.rs, report: this.created.report });
    for (const { rs, report } of this.changed.values()) {
      out.push({ type: 'update', object: rs, ...(report !== undefined ? { report } : {}) });
    }
    out.push(...this.extra);
    const o = this.original;
    const dChanged = !deepEqual(this.d.status, o.status) || !deepEqual(this.d.metadata.annotations, o.metadata.annotations);
    if (dChanged) out.push({ type: 'updateStatus', object: this.d });
    return out;
  }

  /** Deletes a set (revision history cleanup), guarded by its uid. */
  deleteReplicaSet(rs: ReplicaSet): void {
    this.extra.push({ type: 'delete', ref: refOf(rs), uid: rs.metadata.uid as string });
  }
}

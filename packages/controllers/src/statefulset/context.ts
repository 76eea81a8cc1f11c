import type {
  ClusterView,
  Effect,
  Millis,
  PersistentVolumeClaim,
  Pod,
  ReconcileContext,
  StatefulSet,
  WriteReport,
} from '@kubesim/core';

const retention = new WeakMap<
  Pod,
  { readonly claims: object; readonly spec: object; readonly set: string | undefined; readonly ok: boolean }
>();

/**
 * One sync of one StatefulSet. Upstream's sync makes its API calls one by one, each once the
 * previous has returned, and goes on with what they return; here the calls are collected as
 * effects in that order and the engine sends them the same way. The pods' calls (creating,
 * updating, deleting pods and claims) are grouped in waves: a failed one stops the rest of the
 * pod work, as an error returned from processReplica does, while the status update after it
 * still goes (performUpdate writes status even when updateStatefulSet failed).
 *
 * Inside the pod work, each pod's calls are steps: its claims (created together; one failing
 * does not stop the next, createPersistentVolumeClaims aggregates the errors), then the pod,
 * then the claims' references. OrderedReady sends one pod's steps one after another; a
 * Parallel slow-start batch sends every pod's step n as one wave (a goroutine per pod), so a
 * pod's create goes once the batch's claims have returned.
 */
export class StatefulSetSync {
  readonly view: ClusterView;
  readonly ctx: ReconcileContext;
  readonly now: Millis;
  readonly set: StatefulSet;
  /** The MaxUnavailableStatefulSet feature gate. */
  readonly maxUnavailableGate: boolean;
  private readonly out: Effect[] = [];
  /** Claims created in this sync, by name: they count as existing for the rest of it. */
  private readonly newClaims = new Map<string, PersistentVolumeClaim>();
  /**
   * Claims whose references this sync rewrote: the rest of the sync sees them rewritten, as
   * upstream's later ClaimsMatchRetentionPolicy does once the update is in its lister (its unit
   * tests' fake writes the indexer at once; in a cluster a stale lister makes the second
   * UpdateClaim conflict and RetryOnConflict try again, which comes to the same).
   */
  private readonly updatedClaims = new Map<string, PersistentVolumeClaim>();
  /** The steps of the pod being processed (each a group of calls sent together). */
  private unitSteps: Effect[][] | undefined;
  /** The pods of the slow-start batch being processed, each its steps. */
  private batchUnits: Effect[][][] | undefined;
  private lastWave = 0;

  constructor(view: ClusterView, ctx: ReconcileContext, set: StatefulSet, maxUnavailableGate: boolean) {
    this.view = view;
    this.ctx = ctx;
    this.now = ctx.now;
    this.set = set;
    this.maxUnavailableGate = maxUnavailableGate;
  }

  /** The set, as the involved object of its events. */
  get involved(): WriteReport['involved'] {
    const m = this.set.metadata;
    return { kind: 'StatefulSet', namespace: m.namespace as string, name: m.name as string, uid: m.uid as string };
  }

  get minReadySeconds(): number {
    return this.set.spec.minReadySeconds ?? 0;
  }

  /** A call outside the pod work (revisions, adoptions, status, history), or any other effect. */
  emit(effect: Effect): void {
    this.out.push(effect);
  }

  /**
   * One step of the pod being processed: calls sent together, after its previous step. Outside
   * a pod's processing a call goes out on its own, outside any wave.
   */
  step(...calls: Effect[]): void {
    if (calls.length === 0) return;
    if (this.unitSteps === undefined) {
      for (const c of calls) this.out.push(c);
      return;
    }
    this.unitSteps.push(calls);
  }

  /** The processing of one pod: its steps go out in order (OrderedReady), or with its batch (Parallel). */
  unit<T>(fn: () => T): T {
    const outer = this.unitSteps;
    const steps: Effect[][] = [];
    this.unitSteps = steps;
    try {
      return fn();
    } finally {
      this.unitSteps = outer;
      if (this.batchUnits !== undefined) this.batchUnits.push(steps);
      else this.flush([steps]);
    }
  }

  /** A slow-start batch: the pods processed in fn go out together, step by step. */
  batch(fn: () => void): void {
    const units: Effect[][][] = [];
    this.batchUnits = units;
    try {
      fn();
    } finally {
      this.batchUnits = undefined;
      this.flush(units);
    }
  }

  /** Step n of every pod in the group is one wave, after step n-1's. */
  private flush(units: readonly Effect[][][]): void {
    let depth = 0;
    for (const u of units) depth = Math.max(depth, u.length);
    for (let n = 0; n < depth; n++) {
      const wave = ++this.lastWave;
      for (const u of units) for (const call of u[n] ?? []) this.out.push(inWave(call, wave));
    }
  }

  event(eventType: 'Normal' | 'Warning', reason: string, message: string): void {
    this.out.push({ type: 'event', involved: this.involved, eventType, reason, message });
  }

  /** A claim of the set's namespace as this sync sees it (created here, or in the view). */
  claim(name: string): PersistentVolumeClaim | undefined {
    return (
      this.newClaims.get(name) ??
      this.updatedClaims.get(name) ??
      this.view.get('PersistentVolumeClaim', this.set.metadata.namespace, name)
    );
  }

  /** A claim's create call; the claim counts as existing for the rest of the sync. */
  createClaim(claim: PersistentVolumeClaim, report: WriteReport): Effect {
    this.newClaims.set(claim.metadata.name as string, claim);
    return { type: 'create', object: claim, report };
  }

  /** A claim's update call; the rest of the sync sees the claim as updated. */
  updateClaim(claim: PersistentVolumeClaim): Effect {
    this.updatedClaims.set(claim.metadata.name as string, claim);
    return { type: 'update', object: claim };
  }

  /**
   * ClaimsMatchRetentionPolicy for a pod, remembered per pod object while no claim changes
   * (the claims collection is the same object) and the set's spec is the same: most syncs of
   * a big set change one pod, and this keeps them from looking up every claim again.
   */
  retentionMatches(updateSet: StatefulSet, pod: Pod, compute: () => boolean): boolean {
    const claims = this.view.state.store.objects.PersistentVolumeClaim;
    const cacheable = this.newClaims.size === 0 && this.updatedClaims.size === 0;
    const known = cacheable ? retention.get(pod) : undefined;
    if (known !== undefined && known.claims === claims && known.spec === this.set.spec && known.set === updateSet.metadata.uid) {
      return known.ok;
    }
    const ok = compute();
    if (cacheable) retention.set(pod, { claims, spec: this.set.spec, set: updateSet.metadata.uid, ok });
    return ok;
  }

  /** Whether this claim was created in this sync (so it is not in the API yet). */
  isNewClaim(name: string): boolean {
    return this.newClaims.has(name);
  }

  effects(): Effect[] {
    return this.out;
  }
}

/** An API call as part of a wave (the calls of one slowStartBatch batch go out together). */
function inWave(effect: Effect, wave: number): Effect {
  switch (effect.type) {
    case 'event':
    case 'remember':
    case 'requeueAfter':
    case 'enqueue':
    case 'error':
    case 'world':
      return effect;
    default:
      return { ...effect, wave };
  }
}

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
 * One sync of one StatefulSet. Upstream's sync makes its API calls one by one and goes on
 * with what they return; here the writes are collected as effects and sent in order at the
 * end (the Parallel policy's batches as waves), and the next sync waits for them to land
 * (its expectations).
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

  /** The slow-start batch the calls emitted now belong to (Parallel pods), if any. */
  wave: number | undefined;

  emit(effect: Effect): void {
    this.out.push(this.wave === undefined ? effect : inWave(effect, this.wave));
  }

  event(eventType: 'Normal' | 'Warning', reason: string, message: string): void {
    this.out.push({ type: 'event', involved: this.involved, eventType, reason, message });
  }

  /** A claim of the set's namespace as this sync sees it (created here, or in the view). */
  claim(name: string): PersistentVolumeClaim | undefined {
    return this.newClaims.get(name) ?? this.view.get('PersistentVolumeClaim', this.set.metadata.namespace, name);
  }

  createClaim(claim: PersistentVolumeClaim, report: WriteReport): void {
    this.newClaims.set(claim.metadata.name as string, claim);
    this.emit({ type: 'create', object: claim, report });
  }

  /**
   * ClaimsMatchRetentionPolicy for a pod, remembered per pod object while no claim changes
   * (the claims collection is the same object) and the set's spec is the same: most syncs of
   * a big set change one pod, and this keeps them from looking up every claim again.
   */
  retentionMatches(updateSet: StatefulSet, pod: Pod, compute: () => boolean): boolean {
    const claims = this.view.state.store.objects.PersistentVolumeClaim;
    const cacheable = this.newClaims.size === 0;
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
      return effect;
    default:
      return { ...effect, wave };
  }
}

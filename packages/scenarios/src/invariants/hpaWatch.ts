import { deepEqual, type HorizontalPodAutoscaler, type InvariantContext, type KubeObject, type Millis } from '@kubesim/core';

/**
 * What the HPA invariants read from the log: the HPA controller's writes to a target's
 * `/scale` (a `Scale` event by `horizontal-pod-autoscaler`), every change of a scalable
 * target's spec.replicas before it (anyone's), and the versions of each HPA's spec over time.
 */

/** The HPA controller's name, as its writes are attributed in the log (plan contract 3). */
export const HPA_CONTROLLER = 'horizontal-pod-autoscaler';

/**
 * How far apart a write can be from the view it was computed from: a reconcile reads the
 * state, and its writes land an API latency later (milliseconds). A user's change inside this
 * slack before an HPA write may not have been seen by it, so a check that depends on it is not
 * made; windows are widened or narrowed by it so that only a certain breach is reported.
 */
export const RACE_SLACK: Millis = 2000;

/** The kinds with a scale subresource the HPA can target. */
const SCALABLE: ReadonlySet<string> = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'ReplicationController']);

/** How long history is kept: the longest stabilization window and policy period upstream allows (1 h). */
const KEEP: Millis = 3_600_000 + RACE_SLACK;

export interface ReplicaChange {
  readonly time: Millis;
  readonly from: number;
  readonly to: number;
  /** Written by the HPA controller's Scale. */
  readonly byHpa: boolean;
}

interface SpecVersion {
  readonly since: Millis;
  readonly spec: HorizontalPodAutoscaler['spec'];
}

/** One HPA write to a target's scale, with what the invariants need to judge it. */
export interface HpaScaleWrite {
  readonly time: Millis;
  /** `deployment/web`: how violations name the target. */
  readonly target: string;
  readonly from: number;
  readonly to: number;
  /** The HPAs whose scaleTargetRef names the target. */
  readonly hpas: readonly HorizontalPodAutoscaler[];
  /** The target's earlier replica changes, oldest first. */
  readonly history: readonly ReplicaChange[];
  /** Someone else changed the target's replicas within the slack before: the HPA may not have seen it. */
  readonly racedByUser: boolean;
  /**
   * The specs of those HPAs as the controller's informers showed them when it decided (the
   * engine's decidedOn view): a spec edited since, however long its informers lagged, is the
   * one the write came from.
   */
  readonly decidedSpecs: readonly HorizontalPodAutoscaler['spec'][];
}

const replicasOf = (o: KubeObject | undefined): number | undefined =>
  o === undefined ? undefined : ((o as { spec?: { replicas?: number } }).spec?.replicas ?? 1);

export class HpaWatch {
  private readonly changes = new Map<string, ReplicaChange[]>();
  private readonly specs = new Map<string, SpecVersion[]>();
  /** The replicas each HPA's first reconcile that read its target's scale saw (its status.currentReplicas). */
  private readonly initial = new Map<string, number>();

  /** Records the entry's changes; returns the HPA's scale write when the entry is one. */
  observe(ctx: InvariantContext): HpaScaleWrite | undefined {
    const t = ctx.entry.time;
    for (const c of ctx.changes) {
      if (c.kind !== 'HorizontalPodAutoscaler' || c.new === undefined) continue;
      const hpa = c.new as HorizontalPodAutoscaler;
      const uid = hpa.metadata.uid ?? '';
      const versions = this.specs.get(uid) ?? [];
      if (!deepEqual(versions.at(-1)?.spec, hpa.spec)) versions.push({ since: t, spec: hpa.spec });
      // A version is kept while it was current at some time within KEEP.
      this.specs.set(
        uid,
        versions.filter((_, i) => (versions[i + 1]?.since ?? t) > t - KEEP),
      );
      if (ctx.entry.by === HPA_CONTROLLER && !this.initial.has(uid) && gotScale(hpa)) {
        this.initial.set(uid, hpa.status?.currentReplicas ?? 0);
      }
    }
    let write: HpaScaleWrite | undefined;
    for (const c of ctx.changes) {
      if (!SCALABLE.has(c.kind)) continue;
      const key = `${c.kind}/${c.key}`;
      if (c.new === undefined) {
        this.changes.delete(key);
        continue;
      }
      const from = replicasOf(c.old as KubeObject | undefined);
      const to = replicasOf(c.new as KubeObject);
      if (from === undefined || to === undefined || from === to) continue;
      const history = (this.changes.get(key) ?? []).filter((h) => h.time > t - KEEP);
      const byHpa = ctx.entry.by === HPA_CONTROLLER && ctx.entry.event.type === 'Scale' && ctx.entry.error === undefined;
      if (byHpa) {
        const obj = c.new as KubeObject;
        const ns = obj.metadata.namespace;
        const hpas = (ctx.view.list('HorizontalPodAutoscaler', ns) as HorizontalPodAutoscaler[]).filter(
          (h) => h.spec.scaleTargetRef.kind === c.kind && h.spec.scaleTargetRef.name === obj.metadata.name,
        );
        write = {
          time: t,
          target: `${c.kind.toLowerCase()}/${obj.metadata.name}`,
          from,
          to,
          hpas,
          history,
          racedByUser: history.some((h) => !h.byHpa && h.time > t - RACE_SLACK),
          decidedSpecs: hpas.flatMap((h) => {
            const seen = ctx.decidedOn?.get('HorizontalPodAutoscaler', ns, h.metadata.name ?? '') as
              | HorizontalPodAutoscaler
              | undefined;
            return seen === undefined ? [] : [seen.spec];
          }),
        };
      }
      this.changes.set(key, [...history, { time: t, from, to, byHpa }]);
    }
    return write;
  }

  /** The versions of the HPA's spec that were current at some time in [from, to]. */
  specsDuring(hpa: HorizontalPodAutoscaler, from: Millis, to: Millis): HorizontalPodAutoscaler['spec'][] {
    const versions = this.specs.get(hpa.metadata.uid ?? '') ?? [];
    return versions
      .filter((v, i) => v.since <= to && (versions[i + 1]?.since ?? Number.POSITIVE_INFINITY) >= from)
      .map((v) => v.spec);
  }

  /** The HPA's spec at a time (undefined before it existed). */
  specAt(hpa: HorizontalPodAutoscaler, t: Millis): HorizontalPodAutoscaler['spec'] | undefined {
    const versions = this.specs.get(hpa.metadata.uid ?? '') ?? [];
    return versions.filter((v) => v.since <= t).at(-1)?.spec;
  }

  /**
   * recordInitialRecommendation: the first reconcile that reads the target's scale records its
   * replicas as a recommendation, known from that reconcile's status write (undefined before;
   * that reconcile cannot scale down but in a bound branch anyway).
   */
  initialRecommendation(hpa: HorizontalPodAutoscaler): number | undefined {
    return this.initial.get(hpa.metadata.uid ?? '');
  }

  /** The HPA's spec changed within the slack before `t`: its write may come from the old one. */
  specChangedRecently(hpa: HorizontalPodAutoscaler, t: Millis): boolean {
    const versions = this.specs.get(hpa.metadata.uid ?? '') ?? [];
    return versions.length > 1 && (versions.at(-1)?.since ?? 0) > t - RACE_SLACK;
  }
}

/** The status of a reconcile that got the target's scale: AbleToScale set, and not for FailedGetScale. */
function gotScale(hpa: HorizontalPodAutoscaler): boolean {
  const able = hpa.status?.conditions?.find((c) => c.type === 'AbleToScale');
  return able !== undefined && able.reason !== 'FailedGetScale';
}

export const minOf = (spec: HorizontalPodAutoscaler['spec']): number => spec.minReplicas ?? 1;

export const hpaName = (hpa: HorizontalPodAutoscaler): string => `horizontalpodautoscaler/${hpa.metadata.name}`;

/** reconcileAutoscaler's bound branches: they set desired to the bound without normalising. */
export function boundBranch(w: Pick<ReplicaChange, 'from' | 'to'>, spec: HorizontalPodAutoscaler['spec']): boolean {
  return (w.from > spec.maxReplicas && w.to === spec.maxReplicas) || (w.from < minOf(spec) && w.to === minOf(spec));
}

/** The HPA a scale write is judged against, or undefined when a race upstream allows means it is not judged. */
export function judged(watch: HpaWatch, w: HpaScaleWrite): HorizontalPodAutoscaler | undefined {
  // Two HPAs on one target fight over it; upstream does not stop that, and neither can a check.
  if (w.racedByUser || w.hpas.length !== 1) return undefined;
  const hpa = w.hpas[0] as HorizontalPodAutoscaler;
  // Decided on another version of the spec than the current one (its informers lagged): not judged.
  if (w.decidedSpecs.some((s) => !deepEqual(s, hpa.spec))) return undefined;
  return watch.specChangedRecently(hpa, w.time) ? undefined : hpa;
}

import {
  type ClusterView,
  type Deployment,
  getCondition,
  type HorizontalPodAutoscaler,
  labelSelectorAsSelector,
  type Millis,
  milliValue,
  type Pod,
  parseQuantity,
} from '@kubesim/core';

/**
 * A direct evaluation of the upstream HPA formula, written from the reference
 * (workloads.md §3.2–3.5 and §3.7) and not from kubesim's controller, for one CPU Utilization
 * metric on a Deployment and no `behavior`: the property test runs it on the very view the
 * controller reconciled and compares the sizes. It keeps its own recommendation history, as
 * the controller keeps its own.
 */
export interface OracleOptions {
  readonly tolerance: number;
  readonly cpuInitializationPeriod: Millis;
  readonly initialReadinessDelay: Millis;
  readonly downscaleStabilization: Millis;
}

export const UPSTREAM_DEFAULTS: OracleOptions = {
  tolerance: 0.1,
  cpuInitializationPeriod: 5 * 60_000,
  initialReadinessDelay: 30_000,
  downscaleStabilization: 5 * 60_000,
};

export interface OracleVerdict {
  /** The size the HPA should write, or undefined when it should not scale. */
  readonly scaleTo: number | undefined;
  /** Why, for a failing property's message. */
  readonly why: string;
}

interface Recommendation {
  readonly time: Millis;
  readonly replicas: number;
}

export class HpaOracle {
  private readonly history = new Map<string, Recommendation[]>();
  constructor(private readonly opts: OracleOptions = UPSTREAM_DEFAULTS) {}

  /** What one reconcile of `hpa` at `now`, reading `view`, should do. */
  decide(view: ClusterView, hpa: HorizontalPodAutoscaler, now: Millis): OracleVerdict {
    const ns = hpa.metadata.namespace ?? 'default';
    const key = `${ns}/${hpa.metadata.name}`;
    const target = view.get('Deployment', ns, hpa.spec.scaleTargetRef.name) as Deployment | undefined;
    if (target === undefined) return { scaleTo: undefined, why: 'no scale target' };
    const current = target.spec.replicas ?? 1;
    // recordInitialRecommendation: the first sync that reads the scale remembers its size.
    if (!this.history.has(key)) this.history.set(key, [{ time: now, replicas: current }]);
    const min = hpa.spec.minReplicas ?? 1;
    const max = hpa.spec.maxReplicas;
    if (current === 0 && min !== 0) return { scaleTo: undefined, why: 'scaling disabled' };
    if (current > max) return { scaleTo: max, why: `current ${current} > max` };
    if (current < min) return { scaleTo: min, why: `current ${current} < min` };
    const metric = hpa.spec.metrics?.[0];
    const targetUtilization = metric?.resource?.target.averageUtilization ?? 80;
    const selector = labelSelectorAsSelector(target.spec.selector);
    const pods = view.list('Pod', ns).filter((p) => selector.matches(p.metadata.labels));
    const proposal = this.cpuReplicas(view, pods, current, targetUtilization, now);
    if (proposal === undefined) return { scaleTo: undefined, why: 'no metrics' };
    // normalizeDesiredReplicas: the highest recommendation of the window, then the rules.
    const cutoff = now - this.opts.downscaleStabilization;
    const recs = this.history.get(key) ?? [];
    let stabilized = proposal;
    let old = -1;
    recs.forEach((r, i) => {
      if (r.time < cutoff) old = i;
      else if (r.replicas > stabilized) stabilized = r.replicas;
    });
    if (old >= 0) recs[old] = { time: now, replicas: proposal };
    else recs.push({ time: now, replicas: proposal });
    this.history.set(key, recs);
    const upper = Math.min(max, Math.max(2 * current, 4));
    const desired = Math.min(Math.max(stabilized, min), upper);
    const why = `proposal ${proposal}, stabilized ${stabilized}, current ${current}, bounds [${min}, ${upper}]`;
    return { scaleTo: desired === current ? undefined : desired, why };
  }

  /** GetResourceReplicas for cpu: groupPods, the utilization, the missing/unready rebalancing. */
  private cpuReplicas(view: ClusterView, pods: readonly Pod[], current: number, target: number, now: Millis): number | undefined {
    if (pods.length === 0) return undefined;
    const usage = new Map<string, number>();
    const requests = new Map<string, number>();
    const missing: string[] = [];
    const unready: string[] = [];
    let ready = 0;
    for (const pod of pods) {
      const name = pod.metadata.name ?? '';
      let request = 0;
      for (const c of pod.spec.containers) {
        const r = c.resources?.requests?.cpu;
        if (r === undefined) return undefined; // missing request: the metric fails
        request += milliValue(parseQuantity(r));
      }
      requests.set(name, request);
      if (pod.metadata.deletionTimestamp !== undefined || pod.status?.phase === 'Failed') continue;
      if (pod.status?.phase === 'Pending') {
        unready.push(name);
        continue;
      }
      const m = view.podMetrics(`${pod.metadata.namespace ?? 'default'}/${name}`);
      if (m === undefined) {
        missing.push(name);
        continue;
      }
      const readyCond = getCondition(pod.status?.conditions, 'Ready');
      const start = pod.status?.startTime;
      let isUnready: boolean;
      if (readyCond === undefined || start === undefined) isUnready = true;
      else if (start + this.opts.cpuInitializationPeriod > now) {
        isUnready = readyCond.status === 'False' || m.timestamp < (readyCond.lastTransitionTime ?? 0) + m.window;
      } else {
        isUnready = readyCond.status === 'False' && start + this.opts.initialReadinessDelay > (readyCond.lastTransitionTime ?? 0);
      }
      if (isUnready) {
        unready.push(name);
        continue;
      }
      usage.set(
        name,
        m.containers.reduce((a, c) => a + c.cpu, 0),
      );
      ready++;
    }
    if (usage.size === 0) return undefined;
    const ratioOf = (u: ReadonlyMap<string, number>): number => {
      let used = 0;
      let requested = 0;
      for (const [name, v] of u) {
        used += v;
        requested += requests.get(name) ?? 0;
      }
      return Math.trunc((used * 100) / requested) / target;
    };
    const ratio = ratioOf(usage);
    // 1.34's Tolerances.isWithin: 1 − down ≤ ratio ≤ 1 + up (not |1 − ratio| ≤ t, which differs
    // in floating point at the edge: 33/30).
    const tol = this.opts.tolerance;
    const within = (r: number): boolean => 1 - tol <= r && r <= 1 + tol;
    const scaleUpWithUnready = unready.length > 0 && ratio > 1;
    if (!scaleUpWithUnready && missing.length === 0) {
      return within(ratio) ? current : Math.ceil(ratio * ready);
    }
    if (missing.length > 0) {
      const fallback = Math.max(100, target);
      for (const name of missing) {
        if (ratio < 1) usage.set(name, Math.trunc(((requests.get(name) ?? 0) * fallback) / 100));
        else if (ratio > 1) usage.set(name, 0);
      }
    }
    if (scaleUpWithUnready) for (const name of unready) usage.set(name, 0);
    const next = ratioOf(usage);
    if (within(next) || (ratio < 1 && next > 1) || (ratio > 1 && next < 1)) return current;
    const replicas = Math.ceil(next * usage.size);
    if ((next < 1 && replicas > current) || (next > 1 && replicas < current)) return current;
    return replicas;
  }
}

import {
  type ClusterView,
  type Controller,
  type Effect,
  type HorizontalPodAutoscaler,
  MINUTE,
  type Millis,
  parseSelector,
  type ReconcileContext,
  SECOND,
  type Selector,
} from '@kubesim/core';
import { type AutoscalerMemory, reconcileAutoscaler } from './horizontal.js';
import { viewMetricsClient } from './metrics/client.js';
import { ReplicaCalculator, viewPodLister } from './replicaCalculator.js';
import { getScale } from './scale.js';

/**
 * The horizontal pod autoscaler controller (pkg/controller/podautoscaler, NewHorizontalController
 * and its work loop). It watches HPAs only: every key is processed once per sync period
 * (enqueueHPA and processNextWorkItem both call queue.AddRateLimited, whose rate limiter is a
 * fixed interval of --horizontal-pod-autoscaler-sync-period), so a new HPA is first synced one
 * period after it appears, and a change to it moves nothing earlier. The recommendations and
 * scale events live in the controller's memory, as upstream's maps do.
 */

export const HORIZONTAL_POD_AUTOSCALER_CONTROLLER = 'horizontal-pod-autoscaler';

/** The HPA controller's flags (kube-controller-manager's --horizontal-pod-autoscaler-*). */
export interface HorizontalPodAutoscalerOptions {
  /** --horizontal-pod-autoscaler-sync-period: how often each HPA is processed (default 15s). */
  readonly syncPeriod?: Millis;
  /** --horizontal-pod-autoscaler-tolerance: the usage ratio within 1 ± this keeps the count (default 0.1). */
  readonly tolerance?: number;
  /** --horizontal-pod-autoscaler-downscale-stabilization: the scale-down window without behavior (default 5m). */
  readonly downscaleStabilizationWindow?: Millis;
  /** --horizontal-pod-autoscaler-cpu-initialization-period: CPU samples of just-started pods are distrusted (default 5m). */
  readonly cpuInitializationPeriod?: Millis;
  /** --horizontal-pod-autoscaler-initial-readiness-delay: a pod unready since start is not yet judged (default 30s). */
  readonly initialReadinessDelay?: Millis;
  /** Feature gates at their 1.34 defaults: HPAConfigurableTolerance is alpha, off. */
  readonly featureGates?: { readonly HPAConfigurableTolerance?: boolean };
  /** The calculator over a view (default: upstream's ReplicaCalculator over the metrics APIs the view serves). */
  readonly calculator?: (view: ClusterView, cpuInitializationPeriod: Millis, initialReadinessDelay: Millis) => ReplicaCalculator;
}

/** Per HPA key: upstream's recommendations, scaleUpEvents, scaleDownEvents and hpaSelectors entry, and the next sync. */
interface KeyMemory extends AutoscalerMemory {
  readonly selector?: string;
  readonly nextSync: Millis;
  /**
   * The scale events as they were before the last sync stored its rescale: upstream stores the
   * event only once Scales().Update has succeeded, so a rescale that failed is taken back.
   */
  readonly beforeRescale?: Pick<AutoscalerMemory, 'scaleUpEvents' | 'scaleDownEvents'>;
}

/** The memory with the last rescale's event taken back when its /scale write failed. */
function settleRescale(m: KeyMemory, ctx: ReconcileContext): KeyMemory {
  if (m.beforeRescale === undefined) return m;
  const { beforeRescale, ...rest } = m;
  return ctx.failures().some((f) => f.write === 'Scale') ? { ...rest, ...beforeRescale } : rest;
}

const memoryKey = (key: string): string => `hpa/${key}`;

export function defaultCalculator(
  view: ClusterView,
  cpuInitializationPeriod: Millis,
  initialReadinessDelay: Millis,
): ReplicaCalculator {
  return new ReplicaCalculator(viewMetricsClient(view), viewPodLister(view), cpuInitializationPeriod, initialReadinessDelay);
}

/** The other HPAs of the namespace with the selector their last sync registered (hpaSelectors). */
function otherSelectors(view: ClusterView, ctx: ReconcileContext, hpa: HorizontalPodAutoscaler): Map<string, Selector> {
  const out = new Map<string, Selector>();
  const ns = hpa.metadata.namespace ?? 'default';
  for (const other of view.list('HorizontalPodAutoscaler', ns)) {
    if (other.metadata.name === hpa.metadata.name) continue;
    const key = `${ns}/${other.metadata.name ?? ''}`;
    const selector = ctx.memory<KeyMemory>(memoryKey(key))?.selector;
    if (selector === undefined) continue;
    try {
      out.set(key, parseSelector(selector));
    } catch {
      // Only selectors that parsed are registered.
    }
  }
  return out;
}

/** The HorizontalPodAutoscaler controller (5 workers): each HPA synced every 15 s. */
export function horizontalPodAutoscalerController(opts: HorizontalPodAutoscalerOptions = {}): Controller {
  const syncPeriod = opts.syncPeriod ?? 15 * SECOND;
  const options = {
    tolerance: opts.tolerance ?? 0.1,
    downscaleStabilisationWindow: opts.downscaleStabilizationWindow ?? 5 * MINUTE,
    configurableTolerance: opts.featureGates?.HPAConfigurableTolerance ?? false,
  };
  const cpuInitializationPeriod = opts.cpuInitializationPeriod ?? 5 * MINUTE;
  const initialReadinessDelay = opts.initialReadinessDelay ?? 30 * SECOND;
  const calculator = opts.calculator ?? defaultCalculator;

  const reconcile = (view: ClusterView, key: string, ctx: ReconcileContext): Effect[] => {
    const hpa = view.getByKey('HorizontalPodAutoscaler', key);
    const stored = ctx.memory<KeyMemory>(memoryKey(key));
    const remembered = stored === undefined ? undefined : settleRescale(stored, ctx);
    if (hpa === undefined) {
      // reconcileKey on NotFound: forget the recommendations and events; the key is not requeued.
      return remembered === undefined ? [] : [{ type: 'remember', key: memoryKey(key), value: undefined }];
    }
    if (remembered === undefined || ctx.now < remembered.nextSync) {
      // enqueueHPA/updateHPA: AddRateLimited, one sync period from the first sight of the HPA.
      const nextSync = remembered?.nextSync ?? ctx.now + syncPeriod;
      const first: KeyMemory = remembered ?? { scaleUpEvents: [], scaleDownEvents: [], nextSync };
      return [
        ...(remembered !== stored || stored === undefined
          ? [{ type: 'remember', key: memoryKey(key), value: first } as const]
          : []),
        { type: 'requeueAfter', after: nextSync - ctx.now },
      ];
    }
    const out = reconcileAutoscaler({
      hpa,
      // scaleNamespacer.Scales(ns).Get: a live GET, not the informers' (lagging) copy.
      scale: getScale(ctx.live?.() ?? view, hpa.metadata.namespace ?? 'default', hpa.spec.scaleTargetRef),
      calculator: calculator(view, cpuInitializationPeriod, initialReadinessDelay),
      listPods: viewPodLister(view),
      otherSelectors: otherSelectors(view, ctx, hpa),
      memory: remembered,
      options,
      now: ctx.now,
    });
    const next: KeyMemory = {
      ...out.memory,
      ...(out.selector !== undefined
        ? { selector: out.selector }
        : remembered.selector !== undefined
          ? { selector: remembered.selector }
          : {}),
      nextSync: ctx.now + syncPeriod,
      ...(out.effects.some((e) => e.type === 'scale')
        ? { beforeRescale: { scaleUpEvents: remembered.scaleUpEvents, scaleDownEvents: remembered.scaleDownEvents } }
        : {}),
    };
    // processNextWorkItem: AddRateLimited after every sync, whatever its error (HandleError only logs it).
    return [...out.effects, { type: 'remember', key: memoryKey(key), value: next }, { type: 'requeueAfter', after: syncPeriod }];
  };

  return {
    name: HORIZONTAL_POD_AUTOSCALER_CONTROLLER,
    component: 'horizontal-pod-autoscaler',
    watches: [{ kind: 'HorizontalPodAutoscaler' }],
    reconcile,
    // --concurrent-horizontal-pod-autoscaler-syncs
    runtime: { process: 'kube-controller-manager', workers: 5 },
  };
}

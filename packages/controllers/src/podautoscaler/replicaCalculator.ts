import {
  type ClusterView,
  isPodReady,
  type LabelSelector,
  labelSelectorAsSelector,
  type Millis,
  type Pod,
  type Selector,
} from '@kubesim/core';
import { calculateRequests } from './calculateRequests.js';
import { groupPods, type PodGroups, removeMetricsForPods } from './groupPods.js';
import { type CrossVersionObjectReference, type MetricsClient, MetricsError, type PodMetricsInfo } from './metrics/interfaces.js';
import { getMetricUsageRatio, getResourceUtilizationRatio } from './metrics/utilization.js';
import { formatLabelSelector, type Tolerances, tolerancesIsWithin } from './tolerances.js';

/**
 * pkg/controller/podautoscaler/replica_calculator.go (v1.34). Methods take upstream's
 * arguments in upstream's order; `now` (upstream's time.Now()) is a last argument where the
 * CPU readiness rules need it. Errors are thrown as MetricsError with upstream's text.
 * A `timestamp` of undefined is Go's zero time.Time, which upstream returns for Object and
 * External Value targets.
 */

/** The pod lister: the pods of a namespace a selector matches. */
export type PodLister = (namespace: string, selector: Selector) => readonly Pod[];

/** The pod lister over a snapshot: the namespace's pods the selector matches, in name order. */
export function viewPodLister(view: ClusterView): PodLister {
  return (namespace, selector) => view.list('Pod', namespace).filter((p) => selector.matches(p.metadata.labels));
}

/** The replica calculator's answer for a resource metric: the count, the utilization and the raw usage. */
export interface ResourceReplicas {
  readonly replicaCount: number;
  /** Utilization in percent of the requests, over the ready pods with samples. */
  readonly utilization: number;
  /** The raw average value, milli-units. */
  readonly rawUtilization: number;
  /** The first pod sample's timestamp. */
  readonly timestamp: Millis;
}

/** The replica calculator's answer for a metric without utilization: the count and the usage. */
export interface UsageReplicas {
  readonly replicaCount: number;
  /** The observed usage, milli-units (per pod for Pods, AverageValue and raw resource targets). */
  readonly usage: number;
  readonly timestamp: Millis | undefined;
}

const MAX_INT32 = 2147483647;
/** math.MaxInt64 as the nearest float64 (2^63), which is what Go compares against after float conversion. */
const MAX_INT64 = 2 ** 63;

/** Go's int32(math.Ceil(x)) for the values the calculator produces. */
function ceilInt32(x: number): number {
  return Math.ceil(x) | 0;
}

function wrap(prefix: string, e: unknown): never {
  if (e instanceof MetricsError) throw new MetricsError(`${prefix}${e.message}`);
  throw e;
}

/** replica_calculator.go's ReplicaCalculator: a replica count per metric from the pods and their metrics. */
export class ReplicaCalculator {
  constructor(
    private readonly metricsClient: MetricsClient,
    private readonly podLister: PodLister,
    private readonly cpuInitializationPeriod: Millis,
    private readonly delayOfInitialReadinessStatus: Millis,
  ) {}

  /** GetResourceReplicas: a Resource/ContainerResource metric with a Utilization target. */
  getResourceReplicas(
    currentReplicas: number,
    targetUtilization: number,
    resource: string,
    tolerances: Tolerances,
    namespace: string,
    selector: Selector,
    container: string,
    now: Millis,
  ): ResourceReplicas {
    let metrics: PodMetricsInfo;
    let timestamp: Millis;
    try {
      ({ metrics, timestamp } = this.metricsClient.getResourceMetric(resource, namespace, selector, container));
    } catch (e) {
      wrap(`unable to get metrics for resource ${resource}: `, e);
    }
    const { podList, readyPodCount, unreadyPods, missingPods } = this.groupReadyPods(metrics, namespace, selector, resource, now);

    const requests = calculateRequests(podList, container, resource);
    const {
      utilizationRatio: usageRatio,
      currentUtilization: utilization,
      rawAverageValue: rawUtilization,
    } = getResourceUtilizationRatio(metrics, requests, targetUtilization);

    const scaleUpWithUnready = unreadyPods.size > 0 && usageRatio > 1.0;
    if (!scaleUpWithUnready && missingPods.size === 0) {
      // return the current replicas if the change would be too small
      if (tolerancesIsWithin(tolerances, usageRatio))
        return { replicaCount: currentReplicas, utilization, rawUtilization, timestamp };
      // if we don't have any unready or missing pods, we can calculate the new replica count now
      return { replicaCount: ceilInt32(usageRatio * readyPodCount), utilization, rawUtilization, timestamp };
    }

    if (missingPods.size > 0) {
      if (usageRatio < 1.0) {
        // on a scale-down, treat missing pods as using 100% (all) of the resource request
        // or the utilization target for targets higher than 100%
        const fallbackUtilization = BigInt(Math.max(100, targetUtilization));
        for (const podName of missingPods) {
          const request = BigInt(requests.get(podName) ?? 0);
          metrics.set(podName, { timestamp: 0, window: 0, value: Number((request * fallbackUtilization) / 100n) });
        }
      } else if (usageRatio > 1.0) {
        // on a scale-up, treat missing pods as using 0% of the resource request
        for (const podName of missingPods) metrics.set(podName, { timestamp: 0, window: 0, value: 0 });
      }
    }
    if (scaleUpWithUnready) {
      // on a scale-up, treat unready pods as using 0% of the resource request
      for (const podName of unreadyPods) metrics.set(podName, { timestamp: 0, window: 0, value: 0 });
    }

    // re-run the utilization calculation with our new numbers
    const newUsageRatio = getResourceUtilizationRatio(metrics, requests, targetUtilization).utilizationRatio;
    if (
      tolerancesIsWithin(tolerances, newUsageRatio) ||
      (usageRatio < 1.0 && newUsageRatio > 1.0) ||
      (usageRatio > 1.0 && newUsageRatio < 1.0)
    ) {
      // the change would be too small, or the new usage ratio would change the scale direction
      return { replicaCount: currentReplicas, utilization, rawUtilization, timestamp };
    }
    const newReplicas = ceilInt32(newUsageRatio * metrics.size);
    if ((newUsageRatio < 1.0 && newReplicas > currentReplicas) || (newUsageRatio > 1.0 && newReplicas < currentReplicas)) {
      // the change of metrics length would cause a change in scale direction
      return { replicaCount: currentReplicas, utilization, rawUtilization, timestamp };
    }
    // the number of replicas considered is however many replicas factored into our calculation
    return { replicaCount: newReplicas, utilization, rawUtilization, timestamp };
  }

  /** GetRawResourceReplicas: a Resource/ContainerResource metric with an AverageValue target (milli-units). */
  getRawResourceReplicas(
    currentReplicas: number,
    targetUsage: number,
    resource: string,
    tolerances: Tolerances,
    namespace: string,
    selector: Selector,
    container: string,
    now: Millis,
  ): UsageReplicas {
    let metrics: PodMetricsInfo;
    let timestamp: Millis;
    try {
      ({ metrics, timestamp } = this.metricsClient.getResourceMetric(resource, namespace, selector, container));
    } catch (e) {
      wrap(`unable to get metrics for resource ${resource}: `, e);
    }
    const r = this.calcPlainMetricReplicas(metrics, currentReplicas, targetUsage, tolerances, namespace, selector, resource, now);
    return { ...r, timestamp };
  }

  /** GetMetricReplicas: a Pods metric with an AverageValue target (milli-units). */
  getMetricReplicas(
    currentReplicas: number,
    targetUsage: number,
    metricName: string,
    tolerances: Tolerances,
    namespace: string,
    selector: Selector,
    metricSelector: Selector | undefined,
    now: Millis,
  ): UsageReplicas {
    let metrics: PodMetricsInfo;
    let timestamp: Millis;
    try {
      ({ metrics, timestamp } = this.metricsClient.getRawMetric(metricName, namespace, selector, metricSelector));
    } catch (e) {
      wrap(`unable to get metric ${metricName}: `, e);
    }
    const r = this.calcPlainMetricReplicas(metrics, currentReplicas, targetUsage, tolerances, namespace, selector, '', now);
    return { ...r, timestamp };
  }

  /** calcPlainMetricReplicas: the replicas for plain (non-utilization) per-pod metrics. */
  private calcPlainMetricReplicas(
    metrics: PodMetricsInfo,
    currentReplicas: number,
    targetUsage: number,
    tolerances: Tolerances,
    namespace: string,
    selector: Selector,
    resource: string,
    now: Millis,
  ): { replicaCount: number; usage: number } {
    const { readyPodCount, unreadyPods, missingPods } = this.groupReadyPods(metrics, namespace, selector, resource, now);

    const { usageRatio, currentUsage: usage } = getMetricUsageRatio(metrics, targetUsage);
    const scaleUpWithUnready = unreadyPods.size > 0 && usageRatio > 1.0;
    if (!scaleUpWithUnready && missingPods.size === 0) {
      if (tolerancesIsWithin(tolerances, usageRatio)) return { replicaCount: currentReplicas, usage };
      return { replicaCount: ceilInt32(usageRatio * readyPodCount), usage };
    }

    if (missingPods.size > 0) {
      if (usageRatio < 1.0) {
        // on a scale-down, treat missing pods as using exactly the target amount
        for (const podName of missingPods) metrics.set(podName, { timestamp: 0, window: 0, value: targetUsage });
      } else if (usageRatio > 1.0) {
        // on a scale-up, treat missing pods as using 0% of the resource request
        for (const podName of missingPods) metrics.set(podName, { timestamp: 0, window: 0, value: 0 });
      }
    }
    if (scaleUpWithUnready) {
      for (const podName of unreadyPods) metrics.set(podName, { timestamp: 0, window: 0, value: 0 });
    }

    // re-run the usage calculation with our new numbers
    const newUsageRatio = getMetricUsageRatio(metrics, targetUsage).usageRatio;
    if (
      tolerancesIsWithin(tolerances, newUsageRatio) ||
      (usageRatio < 1.0 && newUsageRatio > 1.0) ||
      (usageRatio > 1.0 && newUsageRatio < 1.0)
    ) {
      return { replicaCount: currentReplicas, usage };
    }
    const newReplicas = ceilInt32(newUsageRatio * metrics.size);
    if ((newUsageRatio < 1.0 && newReplicas > currentReplicas) || (newUsageRatio > 1.0 && newReplicas < currentReplicas)) {
      return { replicaCount: currentReplicas, usage };
    }
    return { replicaCount: newReplicas, usage };
  }

  /**
   * The opening both per-pod calculations share upstream: list the pods, group them, and
   * drop the samples of ignored and unready pods from `metrics`.
   */
  private groupReadyPods(
    metrics: PodMetricsInfo,
    namespace: string,
    selector: Selector,
    resource: string,
    now: Millis,
  ): PodGroups & { podList: readonly Pod[] } {
    const podList = this.podLister(namespace, selector);
    if (podList.length === 0) throw new MetricsError('no pods returned by selector while calculating replica count');
    const groups = groupPods(podList, metrics, resource, this.cpuInitializationPeriod, this.delayOfInitialReadinessStatus, now);
    removeMetricsForPods(metrics, groups.ignoredPods);
    removeMetricsForPods(metrics, groups.unreadyPods);
    if (metrics.size === 0) throw new MetricsError('did not receive metrics for targeted pods (pods might be unready)');
    return { ...groups, podList };
  }

  /** GetObjectMetricReplicas: an Object metric with a Value target. */
  getObjectMetricReplicas(
    currentReplicas: number,
    targetUsage: number,
    metricName: string,
    tolerances: Tolerances,
    namespace: string,
    objectRef: CrossVersionObjectReference,
    selector: Selector,
    metricSelector: Selector | undefined,
  ): UsageReplicas {
    let usage: number;
    try {
      // upstream discards this timestamp: the result carries getUsageRatioReplicaCount's zero time
      ({ value: usage } = this.metricsClient.getObjectMetric(metricName, namespace, objectRef, metricSelector));
    } catch (e) {
      // upstream's arguments are out of step with its verbs: "…: <Kind> on <namespace> <name>/<error>"
      wrap(`unable to get metric ${metricName}: ${objectRef.kind} on ${namespace} ${objectRef.name}/`, e);
    }
    const usageRatio = usage / targetUsage;
    const replicaCount = this.getUsageRatioReplicaCount(currentReplicas, usageRatio, tolerances, namespace, selector);
    return { replicaCount, usage, timestamp: undefined };
  }

  /**
   * getUsageRatioReplicaCount: ready pods × ratio; with currentReplicas 0 (scale to zero)
   * the ratio alone, ignoring the tolerance.
   */
  private getUsageRatioReplicaCount(
    currentReplicas: number,
    usageRatio: number,
    tolerances: Tolerances,
    namespace: string,
    selector: Selector,
  ): number {
    if (currentReplicas === 0) return ceilInt32(usageRatio);
    // return the current replicas if the change would be too small
    if (tolerancesIsWithin(tolerances, usageRatio)) return currentReplicas;
    let readyPodCount: number;
    try {
      readyPodCount = this.getReadyPodsCount(namespace, selector);
    } catch (e) {
      wrap('unable to calculate ready pods: ', e);
    }
    const replicaCountFloat = usageRatio * readyPodCount;
    return replicaCountFloat > MAX_INT32 ? MAX_INT32 : ceilInt32(replicaCountFloat);
  }

  /** GetObjectPerPodMetricReplicas: an Object metric with an AverageValue target, against scale.status.replicas. */
  getObjectPerPodMetricReplicas(
    statusReplicas: number,
    targetAverageUsage: number,
    metricName: string,
    tolerances: Tolerances,
    namespace: string,
    objectRef: CrossVersionObjectReference,
    metricSelector: Selector | undefined,
  ): UsageReplicas {
    let usage: number;
    let timestamp: Millis;
    try {
      ({ value: usage, timestamp } = this.metricsClient.getObjectMetric(metricName, namespace, objectRef, metricSelector));
    } catch (e) {
      wrap(`unable to get metric ${metricName}: ${objectRef.kind} on ${namespace} ${objectRef.name}/`, e);
    }
    let replicaCount = statusReplicas;
    const usageRatio = usage / (targetAverageUsage * replicaCount);
    // update number of replicas if change is large enough
    if (!tolerancesIsWithin(tolerances, usageRatio)) replicaCount = ceilInt32(usage / targetAverageUsage);
    return { replicaCount, usage: Math.ceil(usage / statusReplicas), timestamp };
  }

  /** getReadyPodsCount: Running pods with Ready=True. */
  private getReadyPodsCount(namespace: string, selector: Selector): number {
    const podList = this.podLister(namespace, selector);
    if (podList.length === 0) throw new MetricsError('no pods returned by selector while calculating replica count');
    return podList.filter((pod) => pod.status?.phase === 'Running' && isPodReady(pod)).length;
  }

  /** GetExternalMetricReplicas: an External metric with a Value target; the sum of the matching series. */
  getExternalMetricReplicas(
    currentReplicas: number,
    targetUsage: number,
    metricName: string,
    tolerances: Tolerances,
    namespace: string,
    metricSelector: LabelSelector | undefined,
    podSelector: Selector,
  ): UsageReplicas {
    const values = this.externalValues(metricName, namespace, metricSelector).values;
    let usage = 0;
    for (const val of values) {
      // Cap at MaxInt64 for positive overflow
      if (val > 0 && usage > MAX_INT64 - val) {
        usage = MAX_INT64;
        break;
      }
      usage += val;
    }
    const usageRatio = usage / targetUsage;
    const replicaCount = this.getUsageRatioReplicaCount(currentReplicas, usageRatio, tolerances, namespace, podSelector);
    return { replicaCount, usage, timestamp: undefined };
  }

  /** GetExternalPerPodMetricReplicas: an External metric with an AverageValue target, against scale.status.replicas. */
  getExternalPerPodMetricReplicas(
    statusReplicas: number,
    targetUsagePerPod: number,
    metricName: string,
    tolerances: Tolerances,
    namespace: string,
    metricSelector: LabelSelector | undefined,
  ): UsageReplicas {
    const { values, timestamp } = this.externalValues(metricName, namespace, metricSelector);
    let usage = 0;
    for (const val of values) {
      usage += val;
      if (usage >= MAX_INT64) {
        // int64 overflow upstream
        usage = MAX_INT64;
        break;
      }
    }
    let replicaCount = statusReplicas;
    const usageRatio = usage / (targetUsagePerPod * replicaCount);
    if (!tolerancesIsWithin(tolerances, usageRatio)) {
      const result = Math.ceil(usage / targetUsagePerPod);
      replicaCount = Math.min(result, MAX_INT32);
    }
    return { replicaCount, usage: usage >= MAX_INT64 ? MAX_INT64 : Math.ceil(usage / statusReplicas), timestamp };
  }

  private externalValues(
    metricName: string,
    namespace: string,
    metricSelector: LabelSelector | undefined,
  ): { values: number[]; timestamp: Millis } {
    let selector: Selector;
    try {
      selector = labelSelectorAsSelector(metricSelector);
    } catch (e) {
      if (e instanceof Error) throw new MetricsError(e.message);
      throw e;
    }
    try {
      return this.metricsClient.getExternalMetric(metricName, namespace, selector);
    } catch (e) {
      wrap(`unable to get external metric ${namespace}/${metricName}/${formatLabelSelector(metricSelector)}: `, e);
    }
  }
}

import {
  applyDefaults,
  type Effect,
  type HorizontalPodAutoscaler,
  type HPAScalingRules,
  type Millis,
  type Pod,
  type Selector,
  selectorFromSet,
} from '@kubesim/core';
import { setConditionInList } from './conditions.js';
import { type ReconcileOutput, reconcileAutoscaler } from './horizontal.js';
import { type MetricsClient, MetricsError, type PodMetricsInfo } from './metrics/interfaces.js';
import type { TimestampedRecommendation } from './normalize.js';
import { ReplicaCalculator } from './replicaCalculator.js';
import type { ScaleAnswer } from './scale.js';
import type { HPACondition, HPAStatus, MetricSpec } from './types.js';

/**
 * horizontal_test.go's testCase harness (v1.34), rebuilt over the pure reconcile: its fake
 * clients become a fake MetricsClient, a pod lister and a scale answer built from the same
 * fields (prepareTestClient), and verifyResults reads the effects instead of reactors. The
 * mock monitor's labels are not kept (kubesim has no controller metrics).
 */

export const NOW: Millis = 10 * 3600 * 1000;
const NAMESPACE = 'test-namespace';
const HPA_NAME = 'test-hpa';
const POD_NAME_PREFIX = 'test-pod';
const LABEL_SET = { name: POD_NAME_PREFIX };
/** defaultTestingTolerance, defaultTestingCPUInitializationPeriod, defaultTestingDelayOfInitialReadinessStatus. */
const TOLERANCE = 0.1;
const CPU_INITIALIZATION_PERIOD: Millis = 2 * 60_000;
const DELAY_OF_INITIAL_READINESS_STATUS: Millis = 10_000;

export const hotCPUCreationTime = (): Millis => NOW;
export const coolCPUCreationTime = (): Millis => NOW - 3 * 60_000;

export interface Cond {
  readonly type: string;
  readonly status: 'True' | 'False';
  readonly reason: string;
}

export interface TestCase {
  minReplicas: number;
  maxReplicas: number;
  specReplicas: number;
  statusReplicas: number;
  scaleUpRules?: HPAScalingRules;
  scaleDownRules?: HPAScalingRules;
  CPUTarget?: number;
  CPUCurrent?: number;
  verifyCPUCurrent?: boolean;
  reportedLevels?: number[];
  /** Quantities as upstream's resource.MustParse strings. */
  reportedCPURequests?: string[];
  reportedPodReadiness?: ('True' | 'False')[];
  reportedPodStartTime?: Millis[];
  reportedPodPhase?: ('Running' | 'Pending' | 'Failed' | 'Succeeded')[];
  reportedPodDeletionTimestamp?: boolean[];
  verifyEvents?: boolean;
  metricsTarget?: MetricSpec[];
  expectedDesiredReplicas: number;
  expectedConditions?: Cond[];
  resource?: { name: string; apiVersion: string; kind: string };
  lastScaleTime?: Millis;
  /** undefined: the controller has no recommendations for the key yet (Go's nil slice). */
  recommendations?: TimestampedRecommendation[];
  /** Other HPAs' selectors (the test's hpaSelectors BiMultimap). */
  hpaSelectors?: Map<string, Selector>;
  // The test-specific reactors of upstream's tests:
  scaleOverride?: ScaleAnswer;
  podsOverride?: Pod[];
  failMetrics?: boolean;
  failExternalMetrics?: boolean;
  failScaleUpdate?: boolean;
  hpaOverride?: HorizontalPodAutoscaler;
}

export const statusOk: Cond[] = [
  { type: 'AbleToScale', status: 'True', reason: 'SucceededRescale' },
  { type: 'ScalingActive', status: 'True', reason: 'ValidMetricFound' },
  { type: 'ScalingLimited', status: 'False', reason: 'DesiredWithinRange' },
];

export function statusOkWithOverrides(...overrides: Cond[]): Cond[] {
  let res: HPACondition[] = statusOk.map((c) => ({ ...c }));
  for (const o of overrides) res = setConditionInList(res, o.type, o.status, o.reason, '', 0);
  return res.map((c) => ({ type: c.type, status: c.status as 'True' | 'False', reason: c.reason ?? '' }));
}

/** resource.MustParse(q).MilliValue() for the plain forms the tests use ("1.0", "0.9", "300m"). */
function milli(q: string): number {
  return q.endsWith('m') ? Number(q.slice(0, -1)) : Math.round(Number(q) * 1000);
}

function computeCPUCurrent(tc: TestCase): number {
  const levels = tc.reportedLevels ?? [];
  const requests = tc.reportedCPURequests ?? [];
  if (levels.length !== requests.length || levels.length === 0) return 0;
  const reported = levels.reduce((a, b) => a + b, 0);
  const requested = requests.reduce((a, r) => a + milli(r), 0);
  return Math.trunc((100 * reported) / requested);
}

function resourceOf(tc: TestCase) {
  return tc.resource ?? { name: 'test-rc', apiVersion: 'v1', kind: 'ReplicationController' };
}

export function buildHPA(tc: TestCase): HorizontalPodAutoscaler {
  if (tc.hpaOverride !== undefined) return tc.hpaOverride;
  const r = resourceOf(tc);
  const metrics: MetricSpec[] = [];
  if ((tc.CPUTarget ?? 0) > 0) {
    metrics.push({
      type: 'Resource',
      resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: tc.CPUTarget as number } },
    });
  }
  metrics.push(...(tc.metricsTarget ?? []));
  // "manually add in the defaulting logic": a cpu metric without a target.
  if (metrics.length === 0) metrics.push({ type: 'Resource', resource: { name: 'cpu', target: {} } });
  const behavior =
    tc.scaleUpRules !== undefined || tc.scaleDownRules !== undefined
      ? {
          ...(tc.scaleUpRules !== undefined ? { scaleUp: tc.scaleUpRules } : {}),
          ...(tc.scaleDownRules !== undefined ? { scaleDown: tc.scaleDownRules } : {}),
        }
      : undefined;
  // SetDefaults_HorizontalPodAutoscalerBehavior; the metrics are set before, so nothing else is defaulted.
  return applyDefaults<HorizontalPodAutoscaler>({
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: HPA_NAME, namespace: NAMESPACE, uid: 'hpa-uid' },
    spec: {
      scaleTargetRef: { kind: r.kind, name: r.name, apiVersion: r.apiVersion },
      minReplicas: tc.minReplicas,
      maxReplicas: tc.maxReplicas,
      metrics: metrics as NonNullable<HorizontalPodAutoscaler['spec']['metrics']>,
      ...(behavior !== undefined ? { behavior } : {}),
    },
    status: {
      currentReplicas: tc.specReplicas,
      desiredReplicas: tc.specReplicas,
      ...(tc.lastScaleTime !== undefined ? { lastScaleTime: tc.lastScaleTime } : {}),
    },
  });
}

/** The "list pods" reactor. */
export function buildPods(tc: TestCase): Pod[] {
  if (tc.podsOverride !== undefined) return tc.podsOverride;
  const requests = tc.reportedCPURequests;
  const n = requests !== undefined ? requests.length : tc.statusReplicas;
  const pods: Pod[] = [];
  for (let i = 0; i < n; i++) {
    const start = tc.reportedPodStartTime?.[i] ?? 0;
    const request = requests !== undefined ? milli(requests[i] as string) : 1000;
    const half = `${Math.trunc(request / 2)}m`;
    pods.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `${POD_NAME_PREFIX}-${i}`,
        namespace: NAMESPACE,
        labels: { ...LABEL_SET },
        ...(tc.reportedPodDeletionTimestamp?.[i] === true ? { deletionTimestamp: NOW } : {}),
      },
      spec: {
        containers: [
          { name: 'container1', image: 'i', resources: { requests: { cpu: half } } },
          { name: 'container2', image: 'i', resources: { requests: { cpu: half } } },
        ],
      },
      status: {
        phase: tc.reportedPodPhase?.[i] ?? 'Running',
        conditions: [{ type: 'Ready', status: tc.reportedPodReadiness?.[i] ?? 'True', lastTransitionTime: start }],
        startTime: start,
      },
    } as Pod);
  }
  return pods;
}

/** The metrics, custom-metrics and external-metrics reactors, through the MetricsClient interface. */
export function fakeMetricsClient(tc: TestCase): MetricsClient {
  const levels = tc.reportedLevels ?? [];
  const perPod = (value: (level: number) => number): PodMetricsInfo =>
    new Map(levels.map((level, i) => [`${POD_NAME_PREFIX}-${i}`, { timestamp: NOW, window: 60_000, value: value(level) }]));
  return {
    getResourceMetric(resource, _namespace, _selector, container) {
      if (tc.failMetrics === true)
        throw new MetricsError('unable to fetch metrics from resource metrics API: something went wrong');
      if (levels.length === 0) throw new MetricsError('no metrics returned from resource metrics API');
      // Two containers, each reporting half of the level (uint64 division), and 512Ki of memory.
      const one = (level: number) => (resource === 'cpu' ? Math.trunc(level / 2) : 1024 * 512 * 1000);
      return { metrics: perPod((level) => (container === '' ? 2 * one(level) : one(level))), timestamp: NOW };
    },
    getRawMetric() {
      if (tc.failMetrics === true)
        throw new MetricsError('unable to fetch metrics from custom metrics API: something went wrong');
      if (levels.length === 0) throw new MetricsError('no metrics returned from custom metrics API');
      return { metrics: perPod((level) => level), timestamp: NOW };
    },
    getObjectMetric() {
      if (tc.failMetrics === true)
        throw new MetricsError('unable to fetch metrics from custom metrics API: something went wrong');
      return { value: levels[0] ?? 0, timestamp: NOW };
    },
    getExternalMetric() {
      if (tc.failMetrics === true || tc.failExternalMetrics === true) {
        throw new MetricsError('unable to fetch metrics from external metrics API: something went wrong');
      }
      if (levels.length === 0) throw new MetricsError('no metrics returned from external metrics API');
      return { values: [...levels], timestamp: NOW };
    },
  };
}

export function runReconcile(tc: TestCase): ReconcileOutput {
  const hpa = buildHPA(tc);
  const pods = buildPods(tc);
  const r = resourceOf(tc);
  const scale: ScaleAnswer = tc.scaleOverride ?? {
    scale: { specReplicas: tc.specReplicas, statusReplicas: tc.statusReplicas, selector: selectorFromSet(LABEL_SET).toString() },
    ref: { kind: r.kind as 'ReplicationController', namespace: NAMESPACE, name: r.name },
  };
  const listPods = (_ns: string, selector: Selector) => pods.filter((p) => selector.matches(p.metadata.labels));
  return reconcileAutoscaler({
    hpa,
    scale,
    calculator: new ReplicaCalculator(
      fakeMetricsClient(tc),
      listPods,
      CPU_INITIALIZATION_PERIOD,
      DELAY_OF_INITIAL_READINESS_STATUS,
    ),
    listPods,
    otherSelectors: tc.hpaSelectors ?? new Map(),
    memory: {
      ...(tc.recommendations !== undefined ? { recommendations: tc.recommendations } : {}),
      scaleUpEvents: [],
      scaleDownEvents: [],
    },
    options: { downscaleStabilisationWindow: 5 * 60_000, tolerance: TOLERANCE, scaleUpLimitFactor: 8 },
    now: NOW,
  });
}

export interface Verified {
  readonly scaleUpdated: boolean;
  readonly scaleReplicas?: number;
  readonly statusUpdated: boolean;
  readonly status?: HPAStatus;
  readonly conditions?: Cond[];
  readonly events: string[];
  readonly output: ReconcileOutput;
}

/** The writes one sync made, read as upstream's reactors read them. */
export function observe(tc: TestCase): Verified {
  const output = runReconcile(tc);
  const scale = output.effects.find((e): e is Extract<Effect, { type: 'scale' }> => e.type === 'scale');
  const update = output.effects.find((e): e is Extract<Effect, { type: 'updateStatus' }> => e.type === 'updateStatus');
  const written = tc.failScaleUpdate === true && update?.ifWaveFailed !== undefined ? update.ifWaveFailed : update?.object;
  const status = (written as HorizontalPodAutoscaler | undefined)?.status as HPAStatus | undefined;
  const events = output.effects.flatMap((e) => (e.type === 'event' ? [`${e.eventType} ${e.reason} ${e.message}`] : []));
  if (scale?.report !== undefined) {
    const outcome = tc.failScaleUpdate === true ? scale.report.failure : scale.report.success;
    if (outcome !== undefined) events.push(`${outcome.eventType} ${outcome.reason} ${outcome.message}`);
  }
  return {
    // A rejected update is no update (upstream's failing reactor returns before marking it).
    scaleUpdated: scale !== undefined && tc.failScaleUpdate !== true,
    ...(scale !== undefined ? { scaleReplicas: scale.replicas } : {}),
    statusUpdated: update !== undefined,
    ...(status !== undefined ? { status } : {}),
    ...(status !== undefined
      ? {
          conditions: (status.conditions ?? []).map((c) => ({
            type: c.type,
            status: c.status as 'True' | 'False',
            reason: c.reason ?? '',
          })),
        }
      : {}),
    events,
    output,
  };
}

/** verifyResults plus the reactors' assertions, as data for expect(). */
export function expectedOf(tc: TestCase): {
  scaleUpdated: boolean;
  desiredReplicas: number;
  conditions: Cond[];
  cpuCurrent?: number;
} {
  const cpu = tc.CPUCurrent !== undefined && tc.CPUCurrent !== 0 ? tc.CPUCurrent : computeCPUCurrent(tc);
  return {
    scaleUpdated: tc.specReplicas !== tc.expectedDesiredReplicas,
    desiredReplicas: tc.expectedDesiredReplicas,
    conditions: tc.expectedConditions ?? statusOkWithOverrides(),
    ...(tc.verifyCPUCurrent === true ? { cpuCurrent: cpu } : {}),
  };
}

export function findCpuUtilization(status: HPAStatus | undefined): number | undefined {
  for (const s of status?.currentMetrics ?? []) {
    if (s.type === 'Resource' && s.resource?.name === 'cpu' && s.resource.current.averageUtilization !== undefined) {
      return s.resource.current.averageUtilization;
    }
  }
  return undefined;
}

/** generateScalingRules: a Max-select rule set with a Pods and/or a Percent policy (0 leaves one out). */
export function generateScalingRules(
  pods: number,
  podsPeriod: number,
  percent: number,
  percentPeriod: number,
  stabilizationWindow: number,
): HPAScalingRules {
  const policies: NonNullable<HPAScalingRules['policies']> = [];
  if (pods !== 0) policies.push({ type: 'Pods', value: pods, periodSeconds: podsPeriod });
  if (percent !== 0) policies.push({ type: 'Percent', value: percent, periodSeconds: percentPeriod });
  return { stabilizationWindowSeconds: stabilizationWindow, selectPolicy: 'Max', ...(policies.length > 0 ? { policies } : {}) };
}

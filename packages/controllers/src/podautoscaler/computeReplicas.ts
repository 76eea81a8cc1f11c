import { type Millis, type Pod, parseSelector, type Selector } from '@kubesim/core';
import { recordEvent } from '../util/effects.js';
import {
  computeStatusForContainerResourceMetric,
  computeStatusForExternalMetric,
  computeStatusForObjectMetric,
  computeStatusForPodsMetric,
  computeStatusForResourceMetric,
  type MetricSync,
  metricSelectorOf,
  type Proposal,
  unableToCompute,
} from './computeStatus.js';
import { setCondition } from './conditions.js';
import type { HPAStatus, MetricSpec, MetricStatus, Scale } from './types.js';

/**
 * computeReplicasForMetrics and computeReplicasForMetric (horizontal.go), with
 * validateAndParseSelector: the target's selector checked, then one proposal per metric and
 * the largest taken.
 */

/** What the selector checks read: the pod lister and the other HPAs' registered selectors (hpaSelectors). */
export interface SelectorContext {
  readonly listPods: (namespace: string, selector: Selector) => readonly Pod[];
  readonly otherSelectors: ReadonlyMap<string, Selector>;
}

export interface Sync extends MetricSync {
  readonly status: HPAStatus;
  /** The target's selector once it parsed: what upstream puts in hpaSelectors. */
  registered?: string;
}

type Selected = { selector: Selector } | { err: string };

/** validateAndParseSelector: present, parseable, and no other HPA selecting the same pods. */
function validateAndParseSelector(sync: Sync, input: SelectorContext, selector: string): Selected {
  const hpa = sync.hpa;
  if (selector === '') {
    const errMsg = 'selector is required';
    sync.effects.push(recordEvent(hpa, 'Warning', 'SelectorRequired', errMsg));
    setCondition(
      sync.status,
      'ScalingActive',
      'False',
      'InvalidSelector',
      "the HPA target's scale is missing a selector",
      sync.now,
    );
    return { err: errMsg };
  }
  let parsed: Selector;
  try {
    parsed = parseSelector(selector);
  } catch (e) {
    const errMsg = `couldn't convert selector into a corresponding internal selector object: ${e instanceof Error ? e.message : String(e)}`;
    sync.effects.push(recordEvent(hpa, 'Warning', 'InvalidSelector', errMsg));
    setCondition(sync.status, 'ScalingActive', 'False', 'InvalidSelector', errMsg, sync.now);
    return { err: errMsg };
  }
  sync.registered = selector;
  const namespace = hpa.metadata.namespace ?? 'default';
  const pods = input.listPods(namespace, parsed);
  // hpasControllingPodsUnderSelector: every registered HPA (this one too) whose selector picks one of the pods.
  const own = `${namespace}/${hpa.metadata.name ?? ''}`;
  const selecting = new Set<string>();
  for (const p of pods) {
    if (parsed.matches(p.metadata.labels)) selecting.add(own);
    for (const [key, s] of input.otherSelectors) if (key !== own && s.matches(p.metadata.labels)) selecting.add(key);
  }
  if (selecting.size > 1) {
    // Upstream lists them in map order; sorted here so that runs replay.
    const errMsg = `pods by selector ${selector} are controlled by multiple HPAs: [${[...selecting].sort().join(' ')}]`;
    sync.effects.push(recordEvent(hpa, 'Warning', 'AmbiguousSelector', errMsg));
    setCondition(sync.status, 'ScalingActive', 'False', 'AmbiguousSelector', errMsg, sync.now);
    return { err: errMsg };
  }
  return { selector: parsed };
}

/** computeReplicasForMetric: one metric's proposal, errors wrapped as upstream wraps them. */
function computeReplicasForMetric(
  sync: Sync,
  spec: MetricSpec,
  specReplicas: number,
  statusReplicas: number,
  selector: Selector,
): Proposal {
  const wrap = (p: Proposal, prefix: string): Proposal => (p.ok ? p : { ...p, err: `${prefix}${p.err}` });
  switch (spec.type) {
    case 'Object': {
      const o = spec.object as NonNullable<MetricSpec['object']>;
      const ms = metricSelectorOf(o.metric.selector);
      if (typeof ms === 'string') {
        return {
          ok: false,
          err: `failed to get object metric value: ${ms}`,
          condition: unableToCompute(sync, 'FailedGetObjectMetric', ms),
        };
      }
      return wrap(
        computeStatusForObjectMetric(sync, specReplicas, statusReplicas, o, selector, ms),
        'failed to get object metric value: ',
      );
    }
    case 'Pods': {
      const p = spec.pods as NonNullable<MetricSpec['pods']>;
      const ms = metricSelectorOf(p.metric.selector);
      if (typeof ms === 'string') {
        return {
          ok: false,
          err: `failed to get pods metric value: ${ms}`,
          condition: unableToCompute(sync, 'FailedGetPodsMetric', ms),
        };
      }
      return wrap(computeStatusForPodsMetric(sync, specReplicas, p, selector, ms), 'failed to get pods metric value: ');
    }
    case 'Resource': {
      const r = spec.resource as NonNullable<MetricSpec['resource']>;
      return wrap(
        computeStatusForResourceMetric(sync, specReplicas, r, selector),
        `failed to get ${r.name} resource metric value: `,
      );
    }
    case 'ContainerResource': {
      const c = spec.containerResource as NonNullable<MetricSpec['containerResource']>;
      return wrap(
        computeStatusForContainerResourceMetric(sync, specReplicas, c, selector),
        `failed to get ${c.container} container metric value: `,
      );
    }
    case 'External': {
      const x = spec.external as NonNullable<MetricSpec['external']>;
      return wrap(
        computeStatusForExternalMetric(sync, specReplicas, statusReplicas, x, selector),
        `failed to get ${x.metric.name} external metric value: `,
      );
    }
    default: {
      // The API server's validation filters these out; upstream still handles them.
      const err = `unknown metric source type "${spec.type}"`;
      return { ok: false, err, condition: unableToCompute(sync, 'InvalidMetricSourceType', err) };
    }
  }
}

/**
 * computeReplicasForMetrics: the largest proposal over the metrics. Some invalid metrics still
 * allow a scale-up (the error is returned alongside); all invalid, or some invalid and the rest
 * proposing fewer replicas than spec, is a failure (replicas −1) and no scale-down.
 */
export function computeReplicasForMetrics(
  sync: Sync,
  input: SelectorContext,
  scale: Scale,
  metricSpecs: readonly MetricSpec[],
): { replicas: number; metric: string; statuses: MetricStatus[] | undefined; timestamp: Millis | undefined; err?: string } {
  const sel = validateAndParseSelector(sync, input, scale.selector);
  if ('err' in sel) return { replicas: -1, metric: '', statuses: undefined, timestamp: 0, err: sel.err };
  const statuses: MetricStatus[] = metricSpecs.map(() => ({ type: '' }));
  let replicas = 0;
  let metric = '';
  let timestamp: Millis | undefined;
  let invalidMetricsCount = 0;
  let invalidMetricError: string | undefined;
  let invalidMetricCondition: Extract<Proposal, { ok: false }>['condition'] | undefined;
  metricSpecs.forEach((spec, i) => {
    const p = computeReplicasForMetric(sync, spec, scale.specReplicas, scale.statusReplicas, sel.selector);
    if (!p.ok) {
      if (invalidMetricsCount <= 0) {
        invalidMetricCondition = p.condition;
        invalidMetricError = p.err;
      }
      invalidMetricsCount++;
      return;
    }
    statuses[i] = p.status;
    if (replicas === 0 || p.replicas > replicas) {
      timestamp = p.timestamp;
      replicas = p.replicas;
      metric = p.metricName;
    }
  });
  const err =
    invalidMetricError === undefined
      ? undefined
      : `invalid metrics (${invalidMetricsCount} invalid out of ${metricSpecs.length}), first error is: ${invalidMetricError}`;
  if (invalidMetricsCount >= metricSpecs.length || (invalidMetricsCount > 0 && replicas < scale.specReplicas)) {
    const c = invalidMetricCondition ?? { type: '', status: '' as 'False', reason: '', message: '' };
    setCondition(sync.status, c.type, c.status, c.reason ?? '', c.message ?? '', sync.now);
    return { replicas: -1, metric: '', statuses, timestamp: 0, ...(err !== undefined ? { err } : {}) };
  }
  setCondition(
    sync.status,
    'ScalingActive',
    'True',
    'ValidMetricFound',
    `the HPA was able to successfully calculate a replica count from ${metric}`,
    sync.now,
  );
  return { replicas, metric, statuses, timestamp, ...(err !== undefined ? { err } : {}) };
}

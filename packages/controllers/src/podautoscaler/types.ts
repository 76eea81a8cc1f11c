import type { HorizontalPodAutoscaler, HPAScalingRules, LabelSelector, Millis } from '@kubesim/core';

/**
 * autoscaling/v2 as the controller reads and writes it. Core's HorizontalPodAutoscaler keeps
 * metrics and statuses loose (any shape YAML brings); these are the shapes of
 * k8s.io/api/autoscaling/v2 the controller relies on, with quantities as strings.
 */

import type { CrossVersionObjectReference } from './metrics/interfaces.js';

export type { CrossVersionObjectReference };

/** autoscaling/v2 MetricIdentifier: a metric's name and optional selector. */
export interface MetricIdentifier {
  readonly name: string;
  readonly selector?: LabelSelector;
}

export interface MetricTarget {
  readonly type?: 'Utilization' | 'Value' | 'AverageValue' | string;
  readonly value?: string;
  readonly averageValue?: string;
  readonly averageUtilization?: number;
}

export interface MetricSpec {
  readonly type: 'Resource' | 'ContainerResource' | 'Pods' | 'Object' | 'External' | string;
  readonly resource?: { readonly name: string; readonly target: MetricTarget };
  readonly containerResource?: { readonly name: string; readonly container: string; readonly target: MetricTarget };
  readonly pods?: { readonly metric: MetricIdentifier; readonly target: MetricTarget };
  readonly object?: {
    readonly describedObject: CrossVersionObjectReference;
    readonly metric: MetricIdentifier;
    readonly target: MetricTarget;
  };
  readonly external?: { readonly metric: MetricIdentifier; readonly target: MetricTarget };
}

/** autoscaling/v2 MetricValueStatus: a metric's current value, average value or average utilization. */
export interface MetricValueStatus {
  value?: string;
  averageValue?: string;
  averageUtilization?: number;
}

/** One entry of status.currentMetrics; an entry whose metric failed stays `{ type: '' }` (Go's zero value). */
export interface MetricStatus {
  type: string;
  resource?: { name: string; current: MetricValueStatus };
  containerResource?: { name: string; container: string; current: MetricValueStatus };
  pods?: { metric: MetricIdentifier; current: MetricValueStatus };
  object?: { describedObject?: CrossVersionObjectReference; metric: MetricIdentifier; current: MetricValueStatus };
  external?: { metric: MetricIdentifier; current: MetricValueStatus };
}

export type ConditionType = 'AbleToScale' | 'ScalingActive' | 'ScalingLimited';

/** One of an HPA's status conditions. */
export interface HPACondition {
  type: ConditionType | string;
  status: 'True' | 'False' | 'Unknown';
  lastTransitionTime?: Millis;
  reason?: string;
  message?: string;
}

/** HorizontalPodAutoscalerStatus, mutable while one reconcile builds it (upstream mutates its deep copy). */
export interface HPAStatus {
  observedGeneration?: number;
  lastScaleTime?: Millis;
  currentReplicas: number;
  desiredReplicas: number;
  currentMetrics?: MetricStatus[];
  conditions?: HPACondition[];
}

export type { HPAScalingRules };

/** spec.behavior, when given (the API server has defaulted what it leaves out). */
export type HPABehavior = NonNullable<HorizontalPodAutoscaler['spec']['behavior']>;

/** The /scale subresource of a scale target (autoscaling/v1 Scale). */
export interface Scale {
  readonly specReplicas: number;
  readonly statusReplicas: number;
  /** status.selector: the label selector string; empty when the target reports none. */
  readonly selector: string;
}

export function hpaMetrics(hpa: HorizontalPodAutoscaler): readonly MetricSpec[] {
  return (hpa.spec.metrics ?? []) as readonly MetricSpec[];
}

import { canonicalQuantity, type HorizontalPodAutoscaler } from '@kubesim/core';

/**
 * The autoscaling/v2 metric shapes the HPA printers read (k8s.io/api/autoscaling/v2 MetricSpec
 * and MetricStatus). core's MetricSpec types only `resource`; the other sources are read
 * through these, as the objects hold them.
 */
export interface MetricTargetView {
  readonly type?: string;
  readonly averageUtilization?: number;
  readonly averageValue?: string | number;
  readonly value?: string | number;
}
export interface MetricValueStatusView {
  readonly averageUtilization?: number;
  readonly averageValue?: string | number;
  readonly value?: string | number;
}
interface Identifier {
  readonly name: string;
}
export interface MetricSpecView {
  readonly type: string;
  readonly resource?: { readonly name: string; readonly target: MetricTargetView };
  readonly containerResource?: { readonly name: string; readonly container: string; readonly target: MetricTargetView };
  readonly pods?: { readonly metric: Identifier; readonly target: MetricTargetView };
  readonly object?: {
    readonly describedObject: { readonly kind: string; readonly name: string };
    readonly metric: Identifier;
    readonly target: MetricTargetView;
  };
  readonly external?: { readonly metric: Identifier; readonly target: MetricTargetView };
}
export interface MetricStatusView {
  readonly type: string;
  readonly resource?: { readonly name: string; readonly current: MetricValueStatusView };
  readonly containerResource?: { readonly name: string; readonly container: string; readonly current: MetricValueStatusView };
  readonly pods?: { readonly current: MetricValueStatusView };
  readonly object?: { readonly current: MetricValueStatusView };
  readonly external?: { readonly current: MetricValueStatusView };
}

export function hpaMetrics(hpa: HorizontalPodAutoscaler): { specs: MetricSpecView[]; statuses: MetricStatusView[] } {
  return {
    specs: (hpa.spec.metrics ?? []) as unknown as MetricSpecView[],
    statuses: (hpa.status?.currentMetrics ?? []) as MetricStatusView[],
  };
}

/**
 * Quantity.String() of an optional quantity: the canonical form the API server's round trip
 * gives (`0.5` → `500m`), and Go's `<nil>` for a nil *Quantity.
 */
export function quantityString(q: string | number | undefined): string {
  if (q === undefined) return '<nil>';
  try {
    return canonicalQuantity(q);
  } catch {
    return String(q);
  }
}

/** One metric of the TARGETS column (the cases of formatHPAMetrics' switch). */
function formatOne(spec: MetricSpecView, status: MetricStatusView | undefined): string {
  switch (spec.type) {
    case 'External': {
      const e = spec.external;
      if (e?.target.averageValue !== undefined) {
        const cur = status?.external?.current.averageValue;
        const current = status?.external !== undefined && cur !== undefined ? quantityString(cur) : '<unknown>';
        return `${current}/${quantityString(e.target.averageValue)} (avg)`;
      }
      const current = status?.external !== undefined ? quantityString(status.external.current.value) : '<unknown>';
      return `${current}/${quantityString(e?.target.value)}`;
    }
    case 'Pods': {
      const current = status?.pods !== undefined ? quantityString(status.pods.current.averageValue) : '<unknown>';
      return `${current}/${quantityString(spec.pods?.target.averageValue)}`;
    }
    case 'Object': {
      const o = spec.object;
      if (o?.target.averageValue !== undefined) {
        const cur = status?.object?.current.averageValue;
        const current = status?.object !== undefined && cur !== undefined ? quantityString(cur) : '<unknown>';
        return `${current}/${quantityString(o.target.averageValue)} (avg)`;
      }
      const current = status?.object !== undefined ? quantityString(status.object.current.value) : '<unknown>';
      return `${current}/${quantityString(o?.target.value)}`;
    }
    case 'Resource':
    case 'ContainerResource': {
      const source = spec.type === 'Resource' ? spec.resource : spec.containerResource;
      const st = spec.type === 'Resource' ? status?.resource : status?.containerResource;
      const name = source?.name ?? '';
      if (source?.target.averageValue !== undefined) {
        const current = st !== undefined ? quantityString(st.current.averageValue) : '<unknown>';
        return `${name}: ${current}/${quantityString(source.target.averageValue)}`;
      }
      const util = st?.current.averageUtilization;
      const current = util !== undefined ? `${util}%` : '<unknown>';
      const target = source?.target.averageUtilization !== undefined ? `${source.target.averageUtilization}%` : '<auto>';
      return `${name}: ${current}/${target}`;
    }
    default:
      return '<unknown type>';
  }
}

/**
 * formatHPAMetrics (pkg/printers/internalversion/printers.go): each metric as
 * `current/target`, the status matched to the spec by index; at most two, then `+ N more...`.
 */
export function formatHPAMetrics(specs: readonly MetricSpecView[], statuses: readonly MetricStatusView[]): string {
  if (specs.length === 0) return '<none>';
  const maximum = 2;
  const list = specs.map((spec, i) => formatOne(spec, statuses[i]));
  const ret = list.slice(0, maximum).join(', ');
  return list.length > maximum ? `${ret} + ${list.length - maximum} more...` : ret;
}

/** printHorizontalPodAutoscaler's cells but NAME and AGE: REFERENCE, TARGETS, MINPODS, MAXPODS, REPLICAS. */
export function hpaCells(hpa: HorizontalPodAutoscaler): string[] {
  const { specs, statuses } = hpaMetrics(hpa);
  return [
    `${hpa.spec.scaleTargetRef.kind}/${hpa.spec.scaleTargetRef.name}`,
    formatHPAMetrics(specs, statuses),
    hpa.spec.minReplicas === undefined ? '<unset>' : String(hpa.spec.minReplicas),
    String(hpa.spec.maxReplicas),
    String(hpa.status?.currentReplicas ?? 0),
  ];
}

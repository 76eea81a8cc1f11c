import { type ExternalMetricSpec, externalMetricAt, loadAt, type Millis, type SeriesSample } from '@kubesim/core';
import type { LoadGroup } from '../usage/serving.js';

/**
 * The custom and external metrics a metrics adapter (prometheus-adapter, say) would serve,
 * sampled at the scrape: values in milli-units, keyed as WorldState.customMetrics is.
 * - `Pods`: per running pod of the target, its share of this load × perUnit (an unready pod
 *   serves nothing: 0);
 * - `Object`: on the target itself, the whole load × perUnit;
 * - external: one labelled series per ExternalMetricSpec, grouped by namespace and name.
 * The values are the load at the scrape's instant (an adapter's rate over a short window).
 */

/** A value in milli-units, truncated as resource.NewMilliQuantity(int64(v × 1000)) is (the epsilon absorbs float noise). */
export function milliUnits(value: number): number {
  return Math.floor(value * 1000 + 1e-6);
}

/** The custom (Pods, Object) and external metric series at a scrape, from the loads and the external metrics' specs. */
export function customSeries(
  groups: readonly LoadGroup[],
  externals: readonly ExternalMetricSpec[],
  now: Millis,
  seed: string,
  window: Millis,
): Map<string, SeriesSample[]> {
  const out = new Map<string, SeriesSample[]>();
  const add = (key: string, value: number, labels?: Readonly<Record<string, string>>): void => {
    const list = out.get(key);
    const sample: SeriesSample = labels === undefined ? [milliUnits(value), window] : [milliUnits(value), window, labels];
    if (list === undefined) out.set(key, [sample]);
    else list.push(sample);
  };
  for (const g of groups) {
    const metrics = g.spec.metrics ?? [];
    if (metrics.length === 0) continue;
    const load = loadAt(g.spec, now, seed);
    const serving = new Set(g.serving.map((s) => s.key));
    const each = serving.size === 0 ? 0 : load / serving.size;
    const { kind, namespace, name } = g.spec.target;
    for (const m of metrics) {
      const perUnit = m.perUnit ?? 1;
      if (m.type === 'Object') {
        add(`object/${kind}/${namespace}/${name}/${m.name}`, load * perUnit);
        continue;
      }
      for (const pod of g.pods) {
        const key = `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name}`;
        add(`pods/${key}/${m.name}`, serving.has(key) ? each * perUnit : 0);
      }
    }
  }
  for (const spec of externals) add(`external/${spec.namespace}/${spec.name}`, externalMetricAt(spec, now, seed), spec.labels);
  // Several loads on one pod's metric: one series, their sum.
  for (const [key, list] of out) {
    if (key.startsWith('external/') || list.length < 2) continue;
    out.set(key, [[list.reduce((sum, s) => sum + s[0], 0), window]]);
  }
  return out;
}

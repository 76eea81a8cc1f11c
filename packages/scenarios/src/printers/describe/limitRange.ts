import { type ClusterView, canonicalQuantity, type LimitRange, type Millis } from '@kubesim/core';
import { LEVEL_0, type PrefixWriter, tabbedString } from './writer.js';

/**
 * describe.go's describeLimitRange and DescribeLimitRanges (the namespace's Resource Limits
 * table). Upstream ranges over a Go map of resource names; kubesim prints them sorted.
 */

const HEADER = 'Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n';
const RULE = '----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n';

/** describeLimitRangeSpec: one row per type and resource, `-` where a bound is unset. */
export function describeLimitRangeSpec(lr: LimitRange, prefix: string, w: PrefixWriter): void {
  for (const item of lr.spec?.limits ?? []) {
    const lists = [item.min, item.max, item.defaultRequest, item.default, item.maxLimitRequestRatio];
    const names = new Set<string>();
    for (const l of lists) for (const k of Object.keys(l ?? {})) names.add(k);
    for (const k of [...names].sort()) {
      const cells = lists.map((l) => (l?.[k] === undefined ? '-' : canonicalQuantity(l[k] as string)));
      w.write(LEVEL_0, `${prefix}${item.type}\t${k}\t${cells.join('\t')}\n`);
    }
  }
}

export function describeLimitRange(_view: ClusterView, lr: LimitRange, _now: Millis): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${lr.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${lr.metadata.namespace ?? ''}\n`);
    w.write(LEVEL_0, HEADER);
    w.write(LEVEL_0, RULE);
    describeLimitRangeSpec(lr, '', w);
  });
}

/** DescribeLimitRanges: what `describe namespace` prints of the namespace's LimitRanges. */
export function describeLimitRanges(ranges: readonly LimitRange[], w: PrefixWriter): void {
  if (ranges.length === 0) {
    w.write(LEVEL_0, 'No LimitRange resource.\n');
    return;
  }
  w.write(LEVEL_0, `Resource Limits\n ${HEADER}`);
  w.write(LEVEL_0, ` ${RULE}`);
  for (const lr of ranges) describeLimitRangeSpec(lr, ' ', w);
}

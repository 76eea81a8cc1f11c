import type { LabelSelector, PodSpec } from '@kubesim/core';
import { formatLabelSelector } from './format.js';
import { LEVEL_0, type PrefixWriter } from './writer.js';

interface TopologySpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  whenUnsatisfiable: string;
  labelSelector?: LabelSelector;
}

/** describeTopologySpreadConstraints: nothing without any, else one line each, sorted by key. */
export function describeTopologySpreadConstraints(spec: PodSpec, w: PrefixWriter, space: string): void {
  const tscs = [...((spec.topologySpreadConstraints as TopologySpreadConstraint[] | undefined) ?? [])].sort((a, b) =>
    a.topologyKey < b.topologyKey ? -1 : a.topologyKey > b.topologyKey ? 1 : 0,
  );
  if (tscs.length === 0) return;
  w.write(LEVEL_0, `${space}Topology Spread Constraints:\t`);
  tscs.forEach((t, i) => {
    if (i !== 0) w.write(LEVEL_0, `${space}\t`);
    let line = `${t.topologyKey}:${t.whenUnsatisfiable} when max skew ${t.maxSkew} is exceeded`;
    if (t.labelSelector !== undefined) line += ` for selector ${formatLabelSelector(t.labelSelector)}`;
    w.write(LEVEL_0, `${line}\n`);
  });
}

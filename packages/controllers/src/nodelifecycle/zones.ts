import { type ClusterView, getCondition, type Node } from '@kubesim/core';

/**
 * Per-zone disruption state (nodelifecycle ComputeZoneState) and the eviction rate it
 * allows: Normal 0.1 nodes/s; PartialDisruption 0.01/s in zones of more than 50 nodes, else
 * none; FullDisruption the normal rate, unless every zone is fully disrupted, in which case
 * the controller assumes its own connectivity is at fault and taints nothing.
 */
export type ZoneState = 'Normal' | 'PartialDisruption' | 'FullDisruption';

/** --node-eviction-rate: nodes per second whose pods are evicted in a healthy zone (0.1). */
export const EVICTION_RATE = 0.1;
export const SECONDARY_EVICTION_RATE = 0.01;
const UNHEALTHY_ZONE_THRESHOLD = 0.55;
const LARGE_CLUSTER_THRESHOLD = 50;

/** A node's zone, from topology.kubernetes.io/zone (or the beta label); '' without. */
export function zoneOf(node: Node): string {
  const l = node.metadata.labels ?? {};
  return l['topology.kubernetes.io/zone'] ?? l['failure-domain.beta.kubernetes.io/zone'] ?? '';
}

function isReady(node: Node): boolean {
  return getCondition(node.status?.conditions, 'Ready')?.status === 'True';
}

/** The node lifecycle controller's zones: each zone's state and size, and whether all are fully disrupted. */
export interface Zones {
  /** A zone's state (Normal, PartialDisruption, FullDisruption). */
  readonly state: (zone: string) => ZoneState;
  /** How many nodes a zone has. */
  readonly size: (zone: string) => number;
  readonly allFullyDisrupted: boolean;
}

/** Each zone's state (Normal, PartialDisruption, FullDisruption) from its nodes' Ready conditions. */
export function computeZones(view: ClusterView): Zones {
  const counts = new Map<string, { ready: number; notReady: number }>();
  view.forEach('Node', undefined, (n) => {
    const z = zoneOf(n);
    const c = counts.get(z) ?? { ready: 0, notReady: 0 };
    if (isReady(n)) c.ready++;
    else c.notReady++;
    counts.set(z, c);
    return true;
  });
  const stateOf = (z: string): ZoneState => {
    const c = counts.get(z) ?? { ready: 0, notReady: 0 };
    if (c.ready === 0 && c.notReady > 0) return 'FullDisruption';
    if (c.notReady > 2 && c.notReady / (c.ready + c.notReady) >= UNHEALTHY_ZONE_THRESHOLD) return 'PartialDisruption';
    return 'Normal';
  };
  const all = [...counts.keys()];
  return {
    state: stateOf,
    size: (z) => {
      const c = counts.get(z);
      return c ? c.ready + c.notReady : 0;
    },
    allFullyDisrupted: all.length > 0 && all.every((z) => stateOf(z) === 'FullDisruption'),
  };
}

/** Nodes per second that may get a NoExecute taint in this zone. */
export function evictionRate(zones: Zones, zone: string): number {
  switch (zones.state(zone)) {
    case 'Normal':
    case 'FullDisruption':
      return EVICTION_RATE;
    case 'PartialDisruption':
      return zones.size(zone) > LARGE_CLUSTER_THRESHOLD ? SECONDARY_EVICTION_RATE : 0;
  }
}

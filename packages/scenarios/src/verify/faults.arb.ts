import { parseDuration } from '@kubesim/core';
import fc from 'fast-check';
import { CONTROLLER_NAMES } from '../scenario/controlPlane.js';
import type { FaultEntry } from '../scenario/schema.js';

/**
 * Arbitraries for every fault kind a scenario can hold (issue 13), as scenario file entries.
 * Each fault that lasts carries its end (a recovery, a heal, a duration), so a generated
 * cluster heals and liveness is still promised; shrinking goes towards fewer faults (the
 * schedule's array), the simplest kind (the first of `oneof`) and earlier ends (durations
 * shrink towards their minimum).
 */

/** One kind of fault, as `kubesim check --faults` names it. */
export type FaultKind =
  | 'nodeFails'
  | 'kubeletRestart'
  | 'nodePartition'
  | 'clockSkew'
  | 'podKilled'
  | 'controllerLag'
  | 'controllerRestart'
  | 'watchFault'
  | 'apiFaults';

/** A family of fault kinds (`--faults nodes`): node faults, pod kills, or control-plane faults. */
export type FaultFamily = 'nodes' | 'pods' | 'control-plane';

/** The families (profiles) of fault kinds. */
export const FAULT_PROFILES: Readonly<Record<FaultFamily, readonly FaultKind[]>> = {
  nodes: ['nodeFails', 'kubeletRestart', 'nodePartition', 'clockSkew'],
  pods: ['podKilled'],
  'control-plane': ['controllerLag', 'controllerRestart', 'watchFault', 'apiFaults'],
};

/** Every fault kind the generator draws from, family by family. */
export const FAULT_KINDS: readonly FaultKind[] = [
  ...FAULT_PROFILES.nodes,
  ...FAULT_PROFILES.pods,
  ...FAULT_PROFILES['control-plane'],
];

/**
 * `all`, `none`, a family (`nodes`, `pods`, `control-plane`), or a comma list of families and
 * kinds, as the kinds it means; undefined (with the bad name) when a name is unknown.
 */
export function faultKindsOf(spec: string): { kinds: FaultKind[] } | { unknown: string } {
  if (spec === 'all') return { kinds: [...FAULT_KINDS] };
  if (spec === 'none') return { kinds: [] };
  const kinds = new Set<FaultKind>();
  for (const name of spec.split(',').map((s) => s.trim())) {
    if (Object.hasOwn(FAULT_PROFILES, name)) for (const k of FAULT_PROFILES[name as FaultFamily]) kinds.add(k);
    else if ((FAULT_KINDS as readonly string[]).includes(name)) kinds.add(name as FaultKind);
    else return { unknown: name };
  }
  return { kinds: FAULT_KINDS.filter((k) => kinds.has(k)) };
}

/** Families and kinds together, as the kinds they mean. */
export function expandFaultKinds(kinds: readonly (FaultKind | FaultFamily)[]): FaultKind[] {
  const out = new Set<FaultKind>();
  for (const k of kinds) {
    if (Object.hasOwn(FAULT_PROFILES, k)) for (const f of FAULT_PROFILES[k as FaultFamily]) out.add(f);
    else out.add(k as FaultKind);
  }
  return FAULT_KINDS.filter((k) => out.has(k));
}

/** The controllers control-plane faults strike: the workload controllers first, then the rest that run. */
const TARGET_CONTROLLERS = [
  'replicaset',
  'deployment',
  'statefulset',
  'daemonset',
  'job',
  'scheduler',
  'garbagecollector',
].filter((c) => CONTROLLER_NAMES.includes(c));

/** What a generated fault may strike: the nodes, and the pods by label selector. */
export interface FaultTargets {
  readonly nodes: readonly string[];
  /** Label selectors of the pods a kill may strike (none of a StatefulSet's: see faultArb). */
  readonly selectors: readonly string[];
}

/** A fault that is one step, or a fault and its end, at times (seconds) from `at`. */
export interface FaultEpisode {
  readonly steps: readonly { readonly after: number; readonly fault: FaultEntry }[];
}

const seconds = (min: number, max: number): fc.Arbitrary<number> => fc.integer({ min, max });
const dur = (s: number): string => `${s}s`;

/** One fault episode of a kind. */
function episodeArb(kind: FaultKind, t: FaultTargets): fc.Arbitrary<FaultEpisode> | undefined {
  const node = t.nodes.length > 0 ? fc.constantFrom(...t.nodes) : undefined;
  const controller = fc.constantFrom(...TARGET_CONTROLLERS);
  const one = (fault: FaultEntry): FaultEpisode => ({ steps: [{ after: 0, fault }] });
  switch (kind) {
    case 'nodeFails':
      // An outage: it fails, and recovers 10s to 5m later.
      return node?.chain((n) =>
        seconds(10, 300).map((down) => ({
          steps: [
            { after: 0, fault: { nodeFails: n } },
            { after: down, fault: { nodeRecovers: n } },
          ],
        })),
      );
    case 'kubeletRestart':
      return node?.chain((n) => seconds(1, 120).map((down) => one({ kubeletRestart: { node: n, downtime: dur(down) } })));
    case 'nodePartition':
      // Up to 10 minutes: past the grace period and the 300s default toleration, so evicted pods are replaced while they run on.
      return node?.chain((n) => seconds(5, 600).map((d) => one({ nodePartition: { node: n, duration: dur(d) } })));
    case 'clockSkew':
      // A clock off by up to 2 minutes either way, put right again later (NTP).
      return node?.chain((n) =>
        fc.record({ skew: seconds(-120, 120), fixed: seconds(10, 300) }).map(({ skew, fixed }) => ({
          steps: [
            { after: 0, fault: { clockSkew: { node: n, skew: dur(skew) } } },
            { after: fixed, fault: { clockSkew: { node: n, skew: '0s' } } },
          ],
        })),
      );
    case 'podKilled':
      return t.selectors.length > 0
        ? fc.constantFrom(...t.selectors).map((selector) => one({ podKilled: { selector } }))
        : undefined;
    case 'controllerLag':
      return fc.record({ controller, lag: seconds(1, 30), lasts: seconds(5, 300) }).map(({ controller: c, lag, lasts }) => ({
        steps: [
          { after: 0, fault: { controllerLag: { controller: c, lag: dur(lag) } } },
          { after: lasts, fault: { controllerLag: { controller: c, lag: '0s' } } },
        ],
      }));
    case 'controllerRestart':
      return controller.map((c) => one({ controllerRestart: c }));
    case 'watchFault':
      return fc
        .record({
          controller,
          mode: fc.constantFrom('delay' as const, 'drop' as const, 'duplicate' as const),
          delay: seconds(1, 10),
          lasts: seconds(5, 120),
        })
        .map(({ controller: c, mode, delay, lasts }) =>
          one({ watchFault: { controller: c, mode, ...(mode === 'delay' ? { delay: dur(delay) } : {}), duration: dur(lasts) } }),
        );
    case 'apiFaults':
      return fc
        .record({
          controller,
          error: fc.constantFrom('Conflict' as const, 'InternalError' as const, 'Timeout' as const, 'Rejected' as const),
          probability: fc.constantFrom(0.1, 0.5, 1),
          lasts: seconds(5, 120),
        })
        .map(({ controller: c, error, probability, lasts }) =>
          one({ apiFaults: { controller: c, error, probability, duration: dur(lasts) } }),
        );
  }
}

/** A fault episode of one of `kinds` (the first is what shrinking prefers); undefined when none can strike. */
export function faultEpisodeArb(
  targets: FaultTargets,
  kinds: readonly (FaultKind | FaultFamily)[] = FAULT_KINDS,
): fc.Arbitrary<FaultEpisode> | undefined {
  const forms = expandFaultKinds(kinds).flatMap((k) => {
    const a = episodeArb(k, targets);
    return a === undefined ? [] : [a];
  });
  return forms.length === 0 ? undefined : fc.oneof(...forms);
}

/**
 * When a generated step's fault is over, in seconds: a partition heals, a watch or write fault
 * ends, `duration` after the step; a kubelet comes back after its `downtime`, a controller after
 * its restart `delay` (a run must settle after that, not after the step).
 */
export function stepEnd(step: { readonly at: number; readonly fault?: FaultEntry }): number {
  const f = step.fault;
  const lasting =
    f === undefined ? undefined : typeof f.nodePartition === 'object' ? f.nodePartition : (f.watchFault ?? f.apiFaults);
  const d =
    lasting?.duration ??
    (typeof f?.kubeletRestart === 'object' ? f.kubeletRestart.downtime : undefined) ??
    (typeof f?.controllerRestart === 'object' ? f.controllerRestart.delay : undefined);
  return d === undefined ? step.at : step.at + Math.ceil(parseDuration(d) / 1000);
}

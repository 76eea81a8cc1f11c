import type { ClusterView, Effect, PersistentVolume, PersistentVolumeClaim, ReconcileContext } from '@kubesim/core';

/**
 * The VolumeBinding plugin's assume cache (volumebinding/assume_cache.go, AssumePodVolumes):
 * a volume the scheduler has chosen for a claim counts as taken from that decision on, until
 * the informers show its claimRef set (the bind landed) or the pod's assumption is dropped,
 * so the next cycle does not choose it again for another claim.
 */
export interface AssumedVolume {
  /** The claim's uid. */
  readonly claim: string;
  /** The pod whose scheduling chose it. */
  readonly pod: string;
}

type Volumes = ReadonlyMap<string, AssumedVolume>;

const KEY = 'assumedVolumes';
const NONE: Volumes = new Map();

/** The volumes assumed now: the remembered ones whose bind has not been seen yet. */
export function assumedVolumes(view: ClusterView, ctx: ReconcileContext): Volumes {
  const all = ctx.memory<Volumes>(KEY) ?? NONE;
  let live: Map<string, AssumedVolume> | undefined;
  for (const name of all.keys()) {
    const pv: PersistentVolume | undefined = view.get('PersistentVolume', undefined, name);
    if (pv !== undefined && pv.spec.claimRef === undefined) continue;
    live ??= new Map(all);
    live.delete(name);
  }
  return live ?? all;
}

/** Volumes another pod's claims hold: not to be chosen for these claims. */
export function takenVolumes(volumes: Volumes, claims: readonly PersistentVolumeClaim[]): ReadonlySet<string> {
  const mine = new Set(claims.map((c) => c.metadata.uid));
  const taken = new Set<string>();
  for (const [name, a] of volumes) if (!mine.has(a.claim)) taken.add(name);
  return taken;
}

/** AssumePodVolumes: the chosen volumes are taken for their claims. */
export function assumeVolumes(
  volumes: Volumes,
  bindings: readonly (readonly [PersistentVolumeClaim, PersistentVolume])[],
  pod: string,
): Effect {
  const next = new Map(volumes);
  for (const [claim, pv] of bindings) next.set(pv.metadata.name as string, { claim: claim.metadata.uid as string, pod });
  return { type: 'remember', key: KEY, value: next.size > 0 ? next : undefined };
}

/** RevertAssumedPVs: a pod's assumption is dropped, its volumes with it. */
export function forgetVolumes(ctx: ReconcileContext, pod: string): Effect | undefined {
  const volumes = ctx.memory<Volumes>(KEY);
  if (volumes === undefined || ![...volumes.values()].some((a) => a.pod === pod)) return undefined;
  const next = new Map([...volumes].filter(([, a]) => a.pod !== pod));
  return { type: 'remember', key: KEY, value: next.size > 0 ? next : undefined };
}

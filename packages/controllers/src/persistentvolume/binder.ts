import {
  type Change,
  type ClusterView,
  type Controller,
  type Effect,
  type Millis,
  type PersistentVolumeClaim,
  type ReconcileContext,
  SECOND,
} from '@kubesim/core';
import { syncClaim } from './syncClaim.js';
import { syncVolume } from './syncVolume.js';
import { CLAIM, VOLUME } from './writes.js';
/**
 * The PersistentVolume controller, the binder (pkg/controller/volume/persistentvolume,
 * pv_controller.go): syncClaim binds a claim to the best volume (or asks for one to be
 * provisioned), syncVolume keeps a volume's phase (Available, Bound, Released) and reclaims
 * it. Keys are `pvc:<namespace>/<name>` and `pv:<name>`. Unbound claims are synced again
 * every 15s, the controller's resync period.
 *
 * Calls: a sync's writes go one after another and the first that fails ends it (bind: the
 * volume, its status, the claim, its status). Upstream writes whole objects (Update and
 * UpdateStatus, each over the version the previous call returned); kubesim's sync cannot see
 * what a call returned, so each write is a merge patch of what it changes, guarded by the
 * object's uid. The operations upstream runs in goroutines (scheduleOperation: provisioning's
 * annotation, a volume's deletion or recycling) are sent without the sync waiting for them.
 */
export const PV_CONTROLLER = 'persistentvolume-controller';
/** The PV controller's resync period (15 s): every claim and volume is synced again. */
export const PV_RESYNC: Millis = 15 * SECOND;

function claimWatchKeys(change: Change): Iterable<string> {
  const before = change.old as PersistentVolumeClaim | undefined;
  const after = change.new as PersistentVolumeClaim | undefined;
  const keys = new Set<string>([`${CLAIM}${change.key}`]);
  // A claim gone or rebound: its volume may be released.
  const was = before?.spec.volumeName;
  const is = after?.spec.volumeName;
  if (was && was !== is) keys.add(`${VOLUME}${was}`);
  if (is && is !== was) keys.add(`${VOLUME}${is}`);
  return keys;
}

function volumeWatchKeys(change: Change): Iterable<string> {
  return [`${VOLUME}${change.key}`];
}

/** One resync timer per claim at a time (the periodic resync, not a timer per sync). */
function resync(key: string, ctx: ReconcileContext): Effect[] {
  const due = ctx.memory<Millis>(`resync/${key}`);
  if (due !== undefined && due > ctx.now) return [];
  return [
    { type: 'requeueAfter', after: PV_RESYNC },
    { type: 'remember', key: `resync/${key}`, value: ctx.now + PV_RESYNC },
  ];
}

/**
 * The controller keeps its own cache of volumes and claims, updated with what its writes
 * return (storeVolumeUpdate / storeClaimUpdate), so a sync never acts on a version older than
 * its own last write. kubesim's sync reads the informers: it waits instead until they show its
 * writes (the writes wake it again when they do).
 */
function reconcile(view: ClusterView, key: string, ctx: ReconcileContext): Effect[] {
  if (ctx.inFlight() > 0) return [];
  if (key.startsWith(VOLUME)) {
    const volume = view.get('PersistentVolume', undefined, key.slice(VOLUME.length));
    return volume === undefined ? [] : syncVolume(view, volume);
  }
  const claim = view.getByKey('PersistentVolumeClaim', key.slice(CLAIM.length));
  if (claim === undefined) {
    return ctx.memory(`resync/${key}`) === undefined ? [] : [{ type: 'remember', key: `resync/${key}`, value: undefined }];
  }
  const effects = syncClaim(view, claim);
  if (claim.status?.phase !== 'Bound') effects.push(...resync(key, ctx));
  return effects;
}

/** The PersistentVolume binder: claims bound to volumes, reclaim policies. */
export function persistentVolumeController(): Controller {
  return {
    name: 'persistentvolume-binder',
    component: PV_CONTROLLER,
    watches: [
      { kind: 'PersistentVolumeClaim', keys: claimWatchKeys },
      { kind: 'PersistentVolume', keys: volumeWatchKeys },
    ],
    reconcile,
    // Upstream runs one volumeWorker and one claimWorker (pv_controller_base.go Run) on two
    // queues, so two claims are never bound at once; kubesim keys both on one queue, and one
    // worker keeps that guarantee (a volume sync then waits behind a claim sync).
    runtime: { process: 'kube-controller-manager', workers: 1 },
  };
}

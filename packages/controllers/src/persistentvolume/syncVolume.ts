import type { ClusterView, Effect, PersistentVolume } from '@kubesim/core';
import { recordEvent, refOf } from '../util/effects.js';
import { ANN_BOUND_BY_CONTROLLER, ANN_DYNAMICALLY_PROVISIONED } from './util.js';
import { claimKey, type PatchEffect, patch, updateVolumePhase } from './writes.js';

/**
 * pv_controller.go's syncVolume: a volume's phase (Available, Bound, Released) and its
 * reclaim (Retain, Delete, Recycle).
 * @module
 */

/**
 * reclaimVolume: Retain keeps the volume Released; Delete deletes it (a provisioner's volume
 * is left to that provisioner); Recycle scrubs it (the recycler pod, not modelled) and makes
 * it Available again. Deleting and recycling run in goroutines (scheduleOperation): the sync
 * does not wait; each starts with a GET of the volume.
 */
export function reclaimVolume(volume: PersistentVolume): Effect[] {
  switch (volume.spec.persistentVolumeReclaimPolicy ?? 'Retain') {
    case 'Retain':
      return [];
    case 'Delete':
      if (volume.metadata.annotations?.[ANN_DYNAMICALLY_PROVISIONED] !== undefined) return [];
      // deleteVolumeOperation: GET, the plugin's delete, then DELETE by name.
      return [{ type: 'delete', ref: refOf(volume), async: true, getFirst: true }];
    case 'Recycle': {
      // recycleVolumeOperation: GET, recycle, the event, then unbindVolume (Update, UpdateStatus).
      const [unbind, ...rest] = unbindVolume(volume).map((e) => ({ ...e, async: true }));
      return [
        recordEvent(volume, 'Normal', 'VolumeRecycled', 'Volume recycled'),
        ...(unbind !== undefined ? [{ ...unbind, getFirst: true }] : []),
        ...rest,
      ];
    }
    default:
      return [];
  }
}

/** unbindVolume: a volume the controller bound loses its claimRef; a user's keeps it without the uid. */
export function unbindVolume(volume: PersistentVolume): PatchEffect[] {
  const byController = volume.metadata.annotations?.[ANN_BOUND_BY_CONTROLLER] !== undefined;
  const body = byController
    ? { metadata: { annotations: { [ANN_BOUND_BY_CONTROLLER]: null } }, spec: { claimRef: null } }
    : { spec: { claimRef: { uid: null } } };
  return [patch(volume, body), ...updateVolumePhase(volume, 'Available')];
}

/**
 * A volume whose claim is gone: Released (unless already Released or Failed), then reclaimed.
 * `confirm`: upstream does not trust its caches that the claim is gone and GETs it from the
 * API server before releasing the volume (the GET rides on the release).
 */
export function releaseAndReclaim(volume: PersistentVolume, confirm = false): Effect[] {
  const phase = volume.status?.phase;
  const released = phase !== 'Released' && phase !== 'Failed' ? updateVolumePhase(volume, 'Released') : [];
  return [...released.map((e) => (confirm ? { ...e, getFirst: true } : e)), ...reclaimVolume(volume)];
}

/** syncVolume. */
export function syncVolume(view: ClusterView, volume: PersistentVolume): Effect[] {
  const ref = volume.spec.claimRef;
  if (ref === undefined || ref === null || !ref.uid) return updateVolumePhase(volume, 'Available');
  let claim = view.get('PersistentVolumeClaim', ref.namespace, ref.name ?? '');
  if (claim !== undefined && claim.metadata.uid !== ref.uid) claim = undefined;
  if (claim === undefined) {
    return releaseAndReclaim(volume, true);
  }
  if (!claim.spec.volumeName) return [{ type: 'enqueue', key: claimKey(claim) }];
  if (claim.spec.volumeName === volume.metadata.name) return updateVolumePhase(volume, 'Bound');
  // The claim is bound elsewhere.
  const provisioned = volume.metadata.annotations?.[ANN_DYNAMICALLY_PROVISIONED] !== undefined;
  if (provisioned && volume.spec.persistentVolumeReclaimPolicy === 'Delete') {
    return releaseAndReclaim(volume);
  }
  return unbindVolume(volume);
}

import type { Effect, PersistentVolume, PersistentVolumeClaim, WriteReport } from '@kubesim/core';
import { refOf } from '../util/effects.js';
import { ANN_BIND_COMPLETED, ANN_BOUND_BY_CONTROLLER, isVolumeBoundToClaim } from './util.js';

/**
 * The PV controller's API writes (pv_controller.go's bind, updateVolumePhase,
 * updateClaimStatus): each a merge patch of what changes, guarded by the object's uid.
 * @module
 */

/** The work-queue keys: `pvc:<namespace>/<name>` for a claim, `pv:<name>` for a volume. */
export const CLAIM = 'pvc:';
/** The key prefix of a volume. */
export const VOLUME = 'pv:';

/** A claim's work-queue key. */
export function claimKey(claim: PersistentVolumeClaim): string {
  return `${CLAIM}${claim.metadata.namespace}/${claim.metadata.name}`;
}

/** An object as the involved object of the Event a call's report records. */
export function involvedOf(obj: PersistentVolume | PersistentVolumeClaim): WriteReport['involved'] {
  const m = obj.metadata;
  return {
    kind: obj.kind,
    ...(m.namespace !== undefined ? { namespace: m.namespace } : {}),
    name: m.name as string,
    uid: m.uid as string,
  };
}

export type PatchEffect = Extract<Effect, { type: 'patch' }>;

/** A merge patch of one object, guarded by its uid. */
export function patch(obj: PersistentVolume | PersistentVolumeClaim, body: unknown, status = false): PatchEffect {
  return {
    type: 'patch',
    ref: refOf(obj),
    patchType: 'merge',
    patch: body,
    uid: obj.metadata.uid as string,
    ...(status ? { subresource: 'status' as const } : {}),
  };
}

/** updateVolumePhase: only when it changes. */
export function updateVolumePhase(
  volume: PersistentVolume,
  phase: NonNullable<PersistentVolume['status']>['phase'],
  message = '',
): PatchEffect[] {
  if (volume.status?.phase === phase) return [];
  return [patch(volume, { status: { phase, message: message === '' ? null : message } }, true)];
}

/** updateClaimStatus: the phase, and the volume's access modes and capacity (set when it becomes Bound). */
export function updateClaimStatus(
  claim: PersistentVolumeClaim,
  phase: 'Pending' | 'Bound' | 'Lost',
  volume: PersistentVolume | undefined,
): PatchEffect[] {
  const s = claim.status ?? {};
  const body: Record<string, unknown> = {};
  if (s.phase !== phase) body.phase = phase;
  if (volume === undefined) {
    if (s.accessModes !== undefined) body.accessModes = null;
    if (s.capacity !== undefined) body.capacity = null;
  } else {
    const modes = volume.spec.accessModes ?? [];
    if (JSON.stringify(s.accessModes ?? null) !== JSON.stringify(modes)) body.accessModes = modes;
    if (s.phase !== phase && volume.spec.capacity?.storage !== s.capacity?.storage) body.capacity = volume.spec.capacity ?? null;
  }
  return Object.keys(body).length === 0 ? [] : [patch(claim, { status: body }, true)];
}

/** GetReference for a claim: what a volume's claimRef holds. */
export function claimReference(
  claim: PersistentVolumeClaim,
): NonNullable<PersistentVolume['spec']['claimRef']> & Record<string, unknown> {
  return {
    kind: 'PersistentVolumeClaim',
    namespace: claim.metadata.namespace as string,
    name: claim.metadata.name as string,
    uid: claim.metadata.uid as string,
    apiVersion: 'v1',
    resourceVersion: claim.metadata.resourceVersion as string,
  };
}

/**
 * bind: the volume first (claimRef, bound-by-controller, phase Bound), then the claim
 * (volumeName, bound-by-controller and bind-completed, phase Bound with the volume's
 * access modes and capacity). Each write only when something changes.
 */
export function bind(volume: PersistentVolume, claim: PersistentVolumeClaim): Effect[] {
  const out: Effect[] = [];
  const ref = volume.spec.claimRef;
  const needsRef =
    ref === undefined ||
    ref === null ||
    ref.name !== claim.metadata.name ||
    ref.namespace !== claim.metadata.namespace ||
    ref.uid !== claim.metadata.uid;
  const boundBy = !isVolumeBoundToClaim(volume, claim) && volume.metadata.annotations?.[ANN_BOUND_BY_CONTROLLER] === undefined;
  if (needsRef || boundBy) {
    out.push(
      patch(volume, {
        ...(boundBy ? { metadata: { annotations: { [ANN_BOUND_BY_CONTROLLER]: 'yes' } } } : {}),
        ...(needsRef ? { spec: { claimRef: claimReference(claim) } } : {}),
      }),
    );
  }
  out.push(...updateVolumePhase(volume, 'Bound'));
  const annotations: Record<string, string> = {};
  const claimAnn = claim.metadata.annotations ?? {};
  const rebinding = claim.spec.volumeName !== volume.metadata.name;
  if (rebinding && claimAnn[ANN_BOUND_BY_CONTROLLER] === undefined) annotations[ANN_BOUND_BY_CONTROLLER] = 'yes';
  if (claimAnn[ANN_BIND_COMPLETED] === undefined) annotations[ANN_BIND_COMPLETED] = 'yes';
  if (rebinding || Object.keys(annotations).length > 0) {
    out.push(
      patch(claim, {
        ...(Object.keys(annotations).length > 0 ? { metadata: { annotations } } : {}),
        ...(rebinding ? { spec: { volumeName: volume.metadata.name } } : {}),
      }),
    );
  }
  out.push(...updateClaimStatus(claim, 'Bound', volume));
  return out;
}

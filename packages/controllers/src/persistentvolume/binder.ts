import {
  type Change,
  type ClusterView,
  type Controller,
  type Effect,
  isPodTerminal,
  type Millis,
  type PersistentVolume,
  type PersistentVolumeClaim,
  type ReconcileContext,
  SECOND,
  type WriteReport,
} from '@kubesim/core';
import { recordEvent, refOf } from '../util/effects.js';
import { findBestMatchForClaim } from './match.js';
import {
  ANN_BETA_STORAGE_PROVISIONER,
  ANN_BIND_COMPLETED,
  ANN_BOUND_BY_CONTROLLER,
  ANN_DYNAMICALLY_PROVISIONED,
  ANN_STORAGE_PROVISIONER,
  checkAccessModes,
  getDefaultClass,
  getPersistentVolumeClaimClass,
  getPersistentVolumeClass,
  isDelayBindingMode,
  isDelayBindingProvisioning,
  isVolumeBoundToClaim,
  NO_PROVISIONER,
  persistentVolumeClaimHasClass,
  podClaimNames,
  storageClassOf,
  storageOf,
} from './util.js';

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

const CLAIM = 'pvc:';
const VOLUME = 'pv:';

function claimKey(claim: PersistentVolumeClaim): string {
  return `${CLAIM}${claim.metadata.namespace}/${claim.metadata.name}`;
}

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

/** An object as the involved object of the Event a call's report records. */
function involvedOf(obj: PersistentVolume | PersistentVolumeClaim): WriteReport['involved'] {
  const m = obj.metadata;
  return {
    kind: obj.kind,
    ...(m.namespace !== undefined ? { namespace: m.namespace } : {}),
    name: m.name as string,
    uid: m.uid as string,
  };
}

type PatchEffect = Extract<Effect, { type: 'patch' }>;

/** A merge patch of one object, guarded by its uid. */
function patch(obj: PersistentVolume | PersistentVolumeClaim, body: unknown, status = false): PatchEffect {
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
function updateVolumePhase(
  volume: PersistentVolume,
  phase: NonNullable<PersistentVolume['status']>['phase'],
  message = '',
): PatchEffect[] {
  if (volume.status?.phase === phase) return [];
  return [patch(volume, { status: { phase, message: message === '' ? null : message } }, true)];
}

/** updateClaimStatus: the phase, and the volume's access modes and capacity (set when it becomes Bound). */
function updateClaimStatus(
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
function claimReference(
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

/** findNonScheduledPodsByPVC: unscheduled, unfinished pods that use the claim. */
function nonScheduledPodsUsing(view: ClusterView, claim: PersistentVolumeClaim): string[] {
  const names: string[] = [];
  for (const pod of view.podsOnNode('')) {
    if (pod.metadata.namespace !== claim.metadata.namespace) continue;
    if (isPodTerminal(pod)) continue;
    if (podClaimNames(pod).includes(claim.metadata.name as string)) names.push(pod.metadata.name as string);
  }
  return names;
}

/** emitEventForUnboundDelayBindingClaim: WaitForFirstConsumer, or WaitForPodScheduled naming the pods. */
function delayBindingEvent(view: ClusterView, claim: PersistentVolumeClaim): Effect {
  const pods = nonScheduledPodsUsing(view, claim);
  if (pods.length === 0)
    return recordEvent(claim, 'Normal', 'WaitForFirstConsumer', 'waiting for first consumer to be created before binding');
  const message =
    pods.length > 1 ? `waiting for pods ${pods.join(',')} to be scheduled` : `waiting for pod ${pods[0]} to be scheduled`;
  return recordEvent(claim, 'Normal', 'WaitForPodScheduled', message);
}

/**
 * provisionClaim: the class's provisioner is asked through the claim's annotations
 * (provisionClaimOperationExternal, in a goroutine of its own: the sync does not wait for it;
 * the ExternalProvisioning event once the annotation is saved, ProvisioningFailed if it is
 * not). kubesim's provisioner serves every provisioner name but kubernetes.io/no-provisioner,
 * which no plugin matches.
 */
function provisionClaim(view: ClusterView, claim: PersistentVolumeClaim): Effect[] {
  const className = getPersistentVolumeClaimClass(claim);
  const sc = storageClassOf(view, className);
  if (sc === undefined) {
    return [
      recordEvent(claim, 'Warning', 'ProvisioningFailed', `storageclass.storage.k8s.io ${JSON.stringify(className)} not found`),
    ];
  }
  if (sc.provisioner === NO_PROVISIONER) {
    return [recordEvent(claim, 'Warning', 'ProvisioningFailed', `no volume plugin matched name: ${sc.provisioner}`)];
  }
  const message = `Waiting for a volume to be created either by the external provisioner '${sc.provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`;
  const ann = claim.metadata.annotations ?? {};
  if (ann[ANN_STORAGE_PROVISIONER] === sc.provisioner && ann[ANN_BETA_STORAGE_PROVISIONER] === sc.provisioner) {
    // setClaimProvisioner: already set, nothing to save.
    return [recordEvent(claim, 'Normal', 'ExternalProvisioning', message)];
  }
  return [
    {
      ...patch(claim, {
        metadata: { annotations: { [ANN_STORAGE_PROVISIONER]: sc.provisioner, [ANN_BETA_STORAGE_PROVISIONER]: sc.provisioner } },
      }),
      async: true,
      report: {
        involved: involvedOf(claim),
        success: { eventType: 'Normal', reason: 'ExternalProvisioning', message },
        failure: { eventType: 'Warning', reason: 'ProvisioningFailed', message: 'Error saving claim: ' },
      },
    },
  ];
}

/** syncUnboundClaim. */
function syncUnboundClaim(view: ClusterView, claim: PersistentVolumeClaim): Effect[] {
  const volumeName = claim.spec.volumeName;
  if (!volumeName) {
    const delayBinding = isDelayBindingMode(view, claim);
    const volume = findBestMatchForClaim(view, claim, delayBinding);
    if (volume !== undefined) return bind(volume, claim);
    // assignDefaultStorageClass (retroactive default class): the next sync binds or provisions.
    if (!persistentVolumeClaimHasClass(claim)) {
      const def = getDefaultClass(view);
      if (def !== undefined) return [patch(claim, { spec: { storageClassName: def.metadata.name } })];
    }
    const out: Effect[] = [];
    if (delayBinding && !isDelayBindingProvisioning(claim)) out.push(delayBindingEvent(view, claim));
    else if (getPersistentVolumeClaimClass(claim) !== '') return provisionClaim(view, claim);
    else
      out.push(
        recordEvent(
          claim,
          'Normal',
          'FailedBinding',
          'no persistent volumes available for this claim and no storage class is set',
        ),
      );
    out.push(...updateClaimStatus(claim, 'Pending', undefined));
    return out;
  }
  // The user asked for a specific volume.
  const volume = view.get('PersistentVolume', undefined, volumeName);
  if (volume === undefined) return updateClaimStatus(claim, 'Pending', undefined);
  const ref = volume.spec.claimRef;
  if (ref === undefined || ref === null) {
    const mismatch = checkVolumeSatisfyClaim(volume, claim);
    if (mismatch !== undefined) {
      return [
        recordEvent(
          claim,
          'Warning',
          'VolumeMismatch',
          `Cannot bind to requested volume ${JSON.stringify(volume.metadata.name)}: ${mismatch}`,
        ),
        ...updateClaimStatus(claim, 'Pending', undefined),
      ];
    }
    return bind(volume, claim);
  }
  if (isVolumeBoundToClaim(volume, claim)) return bind(volume, claim);
  const message = `volume ${JSON.stringify(volume.metadata.name)} already bound to a different claim.`;
  return [recordEvent(claim, 'Warning', 'FailedBinding', message), ...updateClaimStatus(claim, 'Pending', undefined)];
}

/** checkVolumeSatisfyClaim: why a requested volume cannot serve the claim, if it cannot. */
function checkVolumeSatisfyClaim(volume: PersistentVolume, claim: PersistentVolumeClaim): string | undefined {
  if (volume.metadata.deletionTimestamp !== undefined)
    return `the volume is marked for deletion ${JSON.stringify(volume.metadata.name)}`;
  if (storageOf(volume.spec.capacity) < storageOf(claim.spec.resources?.requests)) return 'requested PV is too small';
  if (getPersistentVolumeClass(volume) !== getPersistentVolumeClaimClass(claim)) return 'storageClassName does not match';
  if ((claim.spec.volumeMode ?? 'Filesystem') !== (volume.spec.volumeMode ?? 'Filesystem')) return 'incompatible volumeMode';
  if (!checkAccessModes(claim, volume)) return 'incompatible accessMode';
  return undefined;
}

/**
 * syncBoundClaim: a bound claim whose volume went or was taken is Lost
 * (updateClaimStatusWithEvent: the event once the status is saved).
 */
function syncBoundClaim(view: ClusterView, claim: PersistentVolumeClaim): Effect[] {
  const lost = (reason: string, message: string): Effect[] => {
    if (claim.status?.phase === 'Lost') return [];
    return updateClaimStatus(claim, 'Lost', undefined).map((e) => ({
      ...e,
      report: { involved: involvedOf(claim), success: { eventType: 'Warning' as const, reason, message } },
    }));
  };
  if (!claim.spec.volumeName)
    return lost('ClaimLost', 'Bound claim has lost reference to PersistentVolume. Data on the volume is lost!');
  const volume = view.get('PersistentVolume', undefined, claim.spec.volumeName);
  if (volume === undefined) return lost('ClaimLost', 'Bound claim has lost its PersistentVolume. Data on the volume is lost!');
  const ref = volume.spec.claimRef;
  if (ref === undefined || ref === null || ref.uid === claim.metadata.uid) return bind(volume, claim);
  return lost('ClaimMisbound', 'Two claims are bound to the same volume, this one is bound incorrectly');
}

/** syncClaim. */
function syncClaim(view: ClusterView, claim: PersistentVolumeClaim): Effect[] {
  if (claim.metadata.annotations?.[ANN_BIND_COMPLETED] === undefined) return syncUnboundClaim(view, claim);
  return syncBoundClaim(view, claim);
}

/**
 * reclaimVolume: Retain keeps the volume Released; Delete deletes it (a provisioner's volume
 * is left to that provisioner); Recycle scrubs it (the recycler pod, not modelled) and makes
 * it Available again. Deleting and recycling run in goroutines (scheduleOperation): the sync
 * does not wait; each starts with a GET of the volume.
 */
function reclaimVolume(volume: PersistentVolume): Effect[] {
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
function unbindVolume(volume: PersistentVolume): PatchEffect[] {
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
function releaseAndReclaim(volume: PersistentVolume, confirm = false): Effect[] {
  const phase = volume.status?.phase;
  const released = phase !== 'Released' && phase !== 'Failed' ? updateVolumePhase(volume, 'Released') : [];
  return [...released.map((e) => (confirm ? { ...e, getFirst: true } : e)), ...reclaimVolume(volume)];
}

/** syncVolume. */
function syncVolume(view: ClusterView, volume: PersistentVolume): Effect[] {
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

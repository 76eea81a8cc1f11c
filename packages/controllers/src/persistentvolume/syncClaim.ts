import { type ClusterView, type Effect, isPodTerminal, type PersistentVolume, type PersistentVolumeClaim } from '@kubesim/core';
import { recordEvent } from '../util/effects.js';
import { findBestMatchForClaim } from './match.js';
import {
  ANN_BETA_STORAGE_PROVISIONER,
  ANN_BIND_COMPLETED,
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
import { bind, involvedOf, patch, updateClaimStatus } from './writes.js';

/**
 * pv_controller.go's syncClaim: an unbound claim is bound to the best volume, or a volume is
 * provisioned for it (now, or once a pod is scheduled); a bound claim is kept bound.
 * @module
 */

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
export function syncClaim(view: ClusterView, claim: PersistentVolumeClaim): Effect[] {
  if (claim.metadata.annotations?.[ANN_BIND_COMPLETED] === undefined) return syncUnboundClaim(view, claim);
  return syncBoundClaim(view, claim);
}

import type { ClusterView, Millis, PersistentVolumeClaim, PersistentVolumeClaimTemplate, Pod } from '@kubesim/core';
import { accessModes } from '../get.js';
import { formatRFC1123Z } from '../rfc1123.js';
import { describeEvents } from './events.js';
import { goSlice, quantityString, since } from './format.js';
import { printAnnotationsMultiline, printLabelsMultiline, printNamesMultiline } from './multiline.js';
import { LEVEL_0, LEVEL_1, tabbedString } from './writer.js';

/** storageutil.GetPersistentVolumeClaimClass: the beta annotation wins over the field. */
export function storageClassOf(pvc: PersistentVolumeClaim | PersistentVolumeClaimTemplate): string {
  return pvc.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? pvc.spec.storageClassName ?? '';
}

/** getPodsForPVC: pods of the namespace that mount the claim, then pods that own it. */
function podsUsing(view: ClusterView, pvc: PersistentVolumeClaim): Pod[] {
  const pods = view.list('Pod', pvc.metadata.namespace ?? 'default');
  const out = pods.filter((p) => (p.spec.volumes ?? []).some((v) => v.persistentVolumeClaim?.claimName === pvc.metadata.name));
  for (const ref of pvc.metadata.ownerReferences ?? []) {
    if (ref.kind !== 'Pod') continue;
    const owner = pods.find((p) => p.metadata.uid === ref.uid);
    if (owner !== undefined && !out.includes(owner)) out.push(owner);
  }
  return out;
}

interface ClaimCondition {
  type: string;
  status: string;
  lastProbeTime?: Millis;
  lastTransitionTime?: Millis;
  reason?: string;
  message?: string;
}

/** describePersistentVolumeClaim: capacity and access modes only once bound, the pods using it, conditions. */
export function describePersistentVolumeClaim(view: ClusterView, pvc: PersistentVolumeClaim, now: Millis): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${pvc.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${pvc.metadata.namespace ?? ''}\n`);
    w.write(LEVEL_0, `StorageClass:\t${storageClassOf(pvc)}\n`);
    const deleting = pvc.metadata.deletionTimestamp;
    w.write(
      LEVEL_0,
      deleting !== undefined ? `Status:\tTerminating (lasts ${since(deleting, now)})\n` : `Status:\t${pvc.status?.phase ?? ''}\n`,
    );
    w.write(LEVEL_0, `Volume:\t${pvc.spec.volumeName ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', pvc.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', pvc.metadata.annotations);
    w.write(LEVEL_0, `Finalizers:\t${goSlice(pvc.metadata.finalizers)}\n`);
    const bound = !!pvc.spec.volumeName;
    w.write(LEVEL_0, `Capacity:\t${bound ? quantityString(pvc.status?.capacity?.storage) : ''}\n`);
    w.write(LEVEL_0, `Access Modes:\t${bound ? accessModes(pvc.status?.accessModes) : ''}\n`);
    if (pvc.spec.volumeMode !== undefined) w.write(LEVEL_0, `VolumeMode:\t${pvc.spec.volumeMode}\n`);
    printNamesMultiline(
      w,
      'Used By',
      podsUsing(view, pvc).map((p) => p.metadata.name ?? ''),
    );
    const conditions = ((pvc.status as { conditions?: ClaimCondition[] } | undefined)?.conditions ?? []) as ClaimCondition[];
    if (conditions.length > 0) {
      w.write(LEVEL_0, 'Conditions:\n');
      w.write(LEVEL_1, 'Type\tStatus\tLastProbeTime\tLastTransitionTime\tReason\tMessage\n');
      w.write(LEVEL_1, '----\t------\t-----------------\t------------------\t------\t-------\n');
      for (const c of conditions) {
        w.write(
          LEVEL_1,
          `${c.type} \t${c.status} \t${formatRFC1123Z(c.lastProbeTime, view.startTime)} \t${formatRFC1123Z(c.lastTransitionTime, view.startTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`,
        );
      }
    }
    describeEvents(view.eventsFor(pvc.metadata.uid ?? ''), w, now);
  });
}

import {
  type ClusterView,
  type Controller,
  type Effect,
  type Millis,
  type PersistentVolume,
  type PersistentVolumeClaim,
  type ReconcileContext,
  SECOND,
  type StorageClass,
} from '@kubesim/core';
import { recordEvent, refOf } from '../util/effects.js';
import {
  ANN_BETA_STORAGE_PROVISIONER,
  ANN_DYNAMICALLY_PROVISIONED,
  ANN_SELECTED_NODE,
  ANN_STORAGE_PROVISIONER,
  getPersistentVolumeClaimClass,
  NO_PROVISIONER,
  storageClassOf,
} from './util.js';

/**
 * A dynamic provisioner in the manner of an external provisioner (sig-storage-lib-external-
 * provisioner) running a local-path-like driver: for a claim the PV controller handed to a
 * provisioner, it creates a hostPath volume `pvc-<claim uid>` of the requested size, pinned
 * to the selected node when the class waits for the first consumer, and deletes the volumes
 * it made once they are Released under the Delete policy. It serves every provisioner name
 * but kubernetes.io/no-provisioner, as if each class's provisioner were installed.
 *
 * Calls (sig-storage-lib-external-provisioner controller.go): provisioning is the Provisioning
 * event, the driver's Provision (its time: the claim is synced again once it has passed, where
 * upstream's worker waits in the RPC), then one PV create (volumeStore.StoreVolume, which
 * counts AlreadyExists as done); deleting is the driver's Delete, then one PV DELETE by name.
 * No expectations: the library reads its informers (a claim synced again before the PV shows
 * in them is provisioned again, as upstream's would be).
 */
export const PROVISIONER_COMPONENT = 'external-provisioner';

/** The dynamic provisioner's timing. */
export interface ProvisionerOptions {
  /** How long creating a volume takes (local-path runs a helper pod). Default 1s. */
  readonly provisioningTime?: Millis;
}

const CLAIM = 'pvc:';
const VOLUME = 'pv:';

/** getProvisionedVolumeNameForClaim. */
export function provisionedVolumeName(claim: PersistentVolumeClaim): string {
  return `pvc-${claim.metadata.uid}`;
}

function provisionerOf(claim: PersistentVolumeClaim): string | undefined {
  const ann = claim.metadata.annotations ?? {};
  return ann[ANN_STORAGE_PROVISIONER] ?? ann[ANN_BETA_STORAGE_PROVISIONER];
}

/** The volume the provisioner makes for a claim of a class. */
export function provisionVolume(claim: PersistentVolumeClaim, sc: StorageClass): PersistentVolume {
  const name = provisionedVolumeName(claim);
  const node = claim.metadata.annotations?.[ANN_SELECTED_NODE];
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name, annotations: { [ANN_DYNAMICALLY_PROVISIONED]: sc.provisioner } },
    spec: {
      capacity: { storage: claim.spec.resources?.requests?.storage ?? '0' },
      accessModes: [...(claim.spec.accessModes ?? [])],
      persistentVolumeReclaimPolicy: sc.reclaimPolicy ?? 'Delete',
      storageClassName: sc.metadata.name as string,
      volumeMode: claim.spec.volumeMode ?? 'Filesystem',
      claimRef: {
        kind: 'PersistentVolumeClaim',
        namespace: claim.metadata.namespace as string,
        name: claim.metadata.name as string,
        uid: claim.metadata.uid as string,
        apiVersion: 'v1',
        resourceVersion: claim.metadata.resourceVersion as string,
      } as NonNullable<PersistentVolume['spec']['claimRef']>,
      hostPath: {
        path: `/var/local-path-provisioner/${name}_${claim.metadata.namespace}_${claim.metadata.name}`,
        type: 'DirectoryOrCreate',
      },
      ...(node !== undefined
        ? {
            nodeAffinity: {
              required: {
                nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [node] }] }],
              },
            },
          }
        : {}),
    },
  };
}

/** shouldProvision and provisionClaimOperation, after the provisioning time has passed. */
function syncClaim(view: ClusterView, claim: PersistentVolumeClaim, key: string, ctx: ReconcileContext, time: Millis): Effect[] {
  const startedKey = `started/${key}`;
  const started = ctx.memory<{ uid: string; at: Millis }>(startedKey);
  const forget: Effect[] = started === undefined ? [] : [{ type: 'remember', key: startedKey, value: undefined }];
  const provisioner = provisionerOf(claim);
  if (claim.spec.volumeName || provisioner === undefined || provisioner === NO_PROVISIONER) return forget;
  const className = getPersistentVolumeClaimClass(claim);
  const sc = storageClassOf(view, className);
  if (sc === undefined || sc.provisioner !== provisioner) return forget;
  // WaitForFirstConsumer: only once the scheduler has picked the node.
  if (sc.volumeBindingMode === 'WaitForFirstConsumer' && claim.metadata.annotations?.[ANN_SELECTED_NODE] === undefined)
    return forget;
  const name = provisionedVolumeName(claim);
  if (view.get('PersistentVolume', undefined, name) !== undefined) return forget;
  const uid = claim.metadata.uid as string;
  if (started === undefined || started.uid !== uid) {
    return [
      recordEvent(
        claim,
        'Normal',
        'Provisioning',
        `External provisioner is provisioning volume for claim "${claim.metadata.namespace}/${claim.metadata.name}"`,
      ),
      { type: 'remember', key: startedKey, value: { uid, at: ctx.now } },
      { type: 'requeueAfter', after: time },
    ];
  }
  if (ctx.now < started.at + time) return [{ type: 'requeueAfter', after: started.at + time - ctx.now }];
  return [
    {
      type: 'create',
      object: provisionVolume(claim, sc),
      report: {
        involved: {
          kind: 'PersistentVolumeClaim',
          namespace: claim.metadata.namespace as string,
          name: claim.metadata.name as string,
          uid,
        },
        success: { eventType: 'Normal', reason: 'ProvisioningSucceeded', message: `Successfully provisioned volume ${name}` },
        failure: {
          eventType: 'Warning',
          reason: 'ProvisioningFailed',
          message: `failed to provision volume with StorageClass ${JSON.stringify(className)}: `,
        },
      },
    },
    { type: 'remember', key: startedKey, value: undefined },
  ];
}

/** A Released volume this provisioner made, under the Delete policy, is deleted. */
function syncVolume(volume: PersistentVolume): Effect[] {
  const by = volume.metadata.annotations?.[ANN_DYNAMICALLY_PROVISIONED];
  if (by === undefined || by === NO_PROVISIONER) return [];
  if (volume.status?.phase !== 'Released' || volume.spec.persistentVolumeReclaimPolicy !== 'Delete') return [];
  if (volume.metadata.deletionTimestamp !== undefined) return [];
  return [{ type: 'delete', ref: refOf(volume) }];
}

/** A dynamic provisioner as the CSI external-provisioner sidecar runs it (100 workers, 5 QPS): a volume per claim of its class. */
export function dynamicProvisioner(opts: ProvisionerOptions = {}): Controller {
  const time = opts.provisioningTime ?? SECOND;
  return {
    name: 'provisioner',
    component: PROVISIONER_COMPONENT,
    watches: [
      { kind: 'PersistentVolumeClaim', keys: (change) => [`${CLAIM}${change.key}`] },
      { kind: 'PersistentVolume', keys: (change) => [`${VOLUME}${change.key}`] },
    ],
    reconcile: (view, key, ctx) => {
      if (key.startsWith(VOLUME)) {
        const volume = view.get('PersistentVolume', undefined, key.slice(VOLUME.length));
        return volume === undefined ? [] : syncVolume(volume);
      }
      const claimKey = key.slice(CLAIM.length);
      const claim = view.getByKey('PersistentVolumeClaim', claimKey);
      if (claim === undefined) {
        return ctx.memory(`started/${key}`) === undefined ? [] : [{ type: 'remember', key: `started/${key}`, value: undefined }];
      }
      return syncClaim(view, claim, key, ctx, time);
    },
    // The CSI external-provisioner sidecar: --worker-threads 100 (its client: --kube-api-qps 5, burst 10).
    runtime: { process: 'external-provisioner', workers: 100 },
  };
}

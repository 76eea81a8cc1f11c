import { type ClusterView, type Effect, type Millis, type Node, type ReconcileContext, SECOND } from '@kubesim/core';
import { ANN_BOUND_BY_CONTROLLER, ANN_SELECTED_NODE } from '../persistentvolume/util.js';
import { refOf } from '../util/effects.js';
import { findPodVolumes, type PodVolumeClaims } from './filters.js';
import { assumedForClaims, assumedVolumes, assumeVolumes } from './volumeCache.js';

/** VolumeBinding's bind timeout: PreBind waits this long for the pod's claims to be bound. */
export const BIND_TIMEOUT: Millis = 600 * SECOND;
/** BindPodVolumes checks the claims every second (wait.PollUntilContextTimeout, not immediately). */
export const BIND_POLL_INTERVAL: Millis = 1 * SECOND;

/**
 * BindPodVolumes' API updates, sent from the binding goroutine: a matched volume gets the
 * claim as its claimRef; a claim to provision gets the chosen node. The PV controller and the
 * provisioner do the rest.
 */
export function bindPodVolumes(
  view: ClusterView,
  ctx: ReconcileContext,
  key: string,
  claims: PodVolumeClaims,
  node: Node,
): Effect[] {
  const assumed = assumedVolumes(view, ctx);
  const { bindings, provisions } = findPodVolumes(view, claims, node, assumedForClaims(assumed, claims.delayed));
  const out: Effect[] = [assumeVolumes(assumed, bindings, key)];
  for (const [claim, pv] of bindings) {
    out.push({
      type: 'patch',
      ref: refOf(pv),
      patchType: 'merge',
      uid: pv.metadata.uid as string,
      // bindAPIUpdate is an Update of the version chosen: a volume changed since is a Conflict.
      patch: {
        metadata: { resourceVersion: pv.metadata.resourceVersion, annotations: { [ANN_BOUND_BY_CONTROLLER]: 'yes' } },
        spec: {
          claimRef: {
            kind: 'PersistentVolumeClaim',
            namespace: claim.metadata.namespace,
            name: claim.metadata.name,
            uid: claim.metadata.uid,
            apiVersion: 'v1',
            resourceVersion: claim.metadata.resourceVersion,
          },
        },
      },
      async: true,
    });
  }
  for (const claim of provisions) {
    if (claim.metadata.annotations?.[ANN_SELECTED_NODE] === node.metadata.name) continue;
    out.push({
      type: 'patch',
      ref: refOf(claim),
      patchType: 'merge',
      uid: claim.metadata.uid as string,
      patch: { metadata: { annotations: { [ANN_SELECTED_NODE]: node.metadata.name } } },
      async: true,
    });
  }
  return out;
}

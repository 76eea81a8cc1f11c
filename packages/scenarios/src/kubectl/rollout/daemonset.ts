import type { ClusterView } from '@kubesim/core';
import { failed, type KubectlOutcome, printed } from '../outcome.js';

/**
 * `kubectl rollout status daemonset/NAME` (polymorphichelpers DaemonSetStatusViewer): only for
 * RollingUpdate; once the spec is observed, waits for every desired node to have an updated
 * pod, then for them all to be available. History and undo are revisions.ts's.
 */
export function daemonSetStatus(view: ClusterView, name: string, namespace = 'default'): KubectlOutcome & { done: boolean } {
  const ds = view.get('DaemonSet', namespace, name);
  if (ds === undefined)
    return { ...failed(`Error from server (NotFound): daemonsets.apps ${JSON.stringify(name)} not found`), done: true };
  // Upstream names the StatefulSet's constant here; both spell RollingUpdate.
  if (ds.spec.updateStrategy?.type !== 'RollingUpdate') {
    return { ...failed('rollout status is only available for RollingUpdate strategy type'), done: true };
  }
  const waiting = (m: string): KubectlOutcome & { done: boolean } => ({ ...printed(m), done: false });
  const s = ds.status;
  if ((ds.metadata.generation ?? 0) > (s?.observedGeneration ?? 0)) {
    return waiting('Waiting for daemon set spec update to be observed...\n');
  }
  const desired = s?.desiredNumberScheduled ?? 0;
  const updated = s?.updatedNumberScheduled ?? 0;
  if (updated < desired) {
    return waiting(
      `Waiting for daemon set ${JSON.stringify(name)} rollout to finish: ${updated} out of ${desired} new pods have been updated...\n`,
    );
  }
  const available = s?.numberAvailable ?? 0;
  if (available < desired) {
    return waiting(
      `Waiting for daemon set ${JSON.stringify(name)} rollout to finish: ${available} of ${desired} updated pods are available...\n`,
    );
  }
  return { ...printed(`daemon set ${JSON.stringify(name)} successfully rolled out\n`), done: true };
}

import type { ClusterView, Pod, Selector } from '@kubesim/core';

/**
 * getPodStatusForController: the pods that match the selector and whose controller is the
 * object with this uid, counted by phase (Pending counts as Waiting; Unknown is not counted).
 */
export function podStatusForController(view: ClusterView, selector: Selector, uid: string | undefined): string {
  let running = 0;
  let waiting = 0;
  let succeeded = 0;
  let failed = 0;
  if (uid !== undefined) {
    for (const pod of view.dependentsOf(uid, 'Pod') as Pod[]) {
      if (!pod.metadata.ownerReferences?.some((r) => r.controller && r.uid === uid)) continue;
      if (!selector.matches(pod.metadata.labels ?? {})) continue;
      switch (pod.status?.phase) {
        case 'Running':
          running++;
          break;
        case 'Pending':
          waiting++;
          break;
        case 'Succeeded':
          succeeded++;
          break;
        case 'Failed':
          failed++;
          break;
        default:
          break;
      }
    }
  }
  return `${running} Running / ${waiting} Waiting / ${succeeded} Succeeded / ${failed} Failed`;
}

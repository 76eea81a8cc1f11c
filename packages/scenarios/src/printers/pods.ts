import { getCondition, humanDuration, type Millis, type Pod } from '@kubesim/core';

/**
 * The columns of `kubectl get pods`, computed as kubectl's printPod computes them
 * (pkg/printers/internalversion/printers.go): READY counts ready running containers, STATUS
 * is the first waiting or terminated reason (first container wins), `Terminating` for a
 * pod being deleted, RESTARTS adds `(5m ago)` after the last restart.
 */
export const POD_COLUMNS: readonly string[] = ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'];
/** The columns of `kubectl get pods -o wide`. */
export const POD_WIDE_COLUMNS: readonly string[] = [...POD_COLUMNS, 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'];

/** A pod's STATUS column, as printPod works it out (a waiting or terminated reason, Terminating, Init:...). */
export function podStatusColumn(pod: Pod): string {
  const status = pod.status ?? {};
  let reason: string = status.reason || status.phase || '';
  let initializing = false;
  const inits = status.initContainerStatuses ?? [];
  for (let i = 0; i < inits.length; i++) {
    const c = inits[i];
    if (c === undefined) continue;
    const t = c.state.terminated;
    if (t !== undefined && t.exitCode === 0) continue;
    if (t !== undefined) reason = t.reason ? `Init:${t.reason}` : `Init:ExitCode:${t.exitCode}`;
    else if (c.state.waiting?.reason && c.state.waiting.reason !== 'PodInitializing') reason = `Init:${c.state.waiting.reason}`;
    else reason = `Init:${i}/${pod.spec.initContainers?.length ?? inits.length}`;
    initializing = true;
    break;
  }
  if (!initializing || getCondition(status.conditions, 'Initialized')?.status === 'True') {
    let hasRunning = false;
    const cs = status.containerStatuses ?? [];
    for (let i = cs.length - 1; i >= 0; i--) {
      const c = cs[i];
      if (c === undefined) continue;
      if (c.state.waiting?.reason) reason = c.state.waiting.reason;
      else if (c.state.terminated?.reason) reason = c.state.terminated.reason;
      else if (c.state.terminated !== undefined) reason = `ExitCode:${c.state.terminated.exitCode}`;
      else if (c.ready && c.state.running !== undefined) hasRunning = true;
    }
    if (reason === 'Completed' && hasRunning) {
      reason = getCondition(status.conditions, 'Ready')?.status === 'True' ? 'Running' : 'NotReady';
    }
  }
  if (pod.metadata.deletionTimestamp !== undefined) {
    if (status.reason === 'NodeLost') reason = 'Unknown';
    else if (status.phase !== 'Succeeded' && status.phase !== 'Failed') reason = 'Terminating';
  }
  return reason;
}

/** A pod's READY column: ready containers / containers. */
export function podReadyColumn(pod: Pod): string {
  const cs = pod.status?.containerStatuses ?? [];
  const ready = cs.filter((c) => c.ready && c.state.running !== undefined).length;
  return `${ready}/${pod.spec.containers.length}`;
}

/** A pod's RESTARTS column: the count, and how long ago the last one was. */
export function podRestartsColumn(pod: Pod, now: Millis): string {
  let restarts = 0;
  let last: Millis | undefined;
  for (const c of pod.status?.containerStatuses ?? []) {
    restarts += c.restartCount;
    const t = c.lastState.terminated?.finishedAt;
    if (t !== undefined && (last === undefined || t > last)) last = t;
  }
  return restarts !== 0 && last !== undefined ? `${restarts} (${humanDuration(now - last)} ago)` : String(restarts);
}

/** A pod's row of `kubectl get pods` (with -o wide's columns when wide). */
export function podRow(pod: Pod, now: Millis, wide = false): string[] {
  const row = [
    pod.metadata.name ?? '',
    podReadyColumn(pod),
    podStatusColumn(pod),
    podRestartsColumn(pod, now),
    humanDuration(now - (pod.metadata.creationTimestamp ?? now)),
  ];
  if (!wide) return row;
  const gates = pod.spec.readinessGates ?? [];
  const trueGates = gates.filter((g) => getCondition(pod.status?.conditions, g.conditionType)?.status === 'True').length;
  return [
    ...row,
    pod.status?.podIPs?.[0]?.ip ?? pod.status?.podIP ?? '<none>',
    pod.spec.nodeName || '<none>',
    pod.status?.nominatedNodeName || '<none>',
    gates.length === 0 ? '<none>' : `${trueGates}/${gates.length}`,
  ];
}

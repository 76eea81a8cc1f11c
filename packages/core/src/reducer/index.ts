import type { LogEntry } from '../events.js';
import { faultError } from '../faults/apiFaults.js';
import type { ClusterState } from '../state.js';
import { applyObject, bindPod, createObject, deleteObject, evictPod, patchObject, scaleObject, updateObject } from './api.js';
import { clockSkew, kubeletRestart, nodePartition, nodePartitionHeals } from './nodeFaults.js';
import { recordEvent } from './recordEvent.js';
import { type ReduceResult, rejected, unchanged } from './result.js';
import { containerCrash, metricSample, nodeAdded, nodeFails, nodeRecovers, setImageProfile } from './world.js';

/**
 * The reducer: (state, logged event) → new state, with one pure case per event kind. It
 * reads nothing but its arguments, so folding a log through it rebuilds any past state.
 */
export function reduce(state: ClusterState, entry: LogEntry): ReduceResult {
  const now = entry.time;
  const at: ClusterState = state.time === now ? state : { ...state, time: now };
  const e = entry.event;
  // An injected API fault refused the write before storage (a Timeout's write lands as usual).
  if (entry.fault !== undefined && entry.fault !== 'Timeout') return rejected(at, entry.error ?? faultError(entry.fault, e));
  switch (e.type) {
    case 'Start':
      return unchanged(at);
    case 'Reconcile':
      return unchanged(at);
    case 'Apply':
      return applyObject(at, e, now);
    case 'Create':
      return createObject(at, e.object, now);
    case 'Update':
      return updateObject(at, e.object, { status: false, checkResourceVersion: true });
    case 'UpdateStatus':
      return updateObject(at, e.object, { status: true, checkResourceVersion: true });
    case 'Patch':
      return patchObject(at, e);
    case 'Scale':
      return scaleObject(at, e);
    case 'Delete':
      return deleteObject(at, e, now);
    case 'Bind':
      return bindPod(at, e, now);
    case 'Evict':
      return evictPod(at, e, now);
    case 'RecordEvent':
      return recordEvent(at, e, now, entry.seq);
    case 'NodeAdded':
      return nodeAdded(at, e, now);
    case 'NodeFails':
      return nodeFails(at, e, now);
    case 'NodeRecovers':
      return nodeRecovers(at, e, now);
    case 'KubeletRestart':
      return kubeletRestart(at, e, now);
    case 'NodePartition':
      return nodePartition(at, e, now);
    case 'NodePartitionHeals':
      return nodePartitionHeals(at, e);
    case 'ClockSkew':
      return clockSkew(at, e);
    case 'ContainerCrash':
      return containerCrash(at, e, now);
    case 'MetricSample':
      return metricSample(at, e, now);
    case 'SetImageProfile':
      return setImageProfile(at, e);
    // Control-plane faults change what controllers see and do, not the store (faults/).
    case 'ControllerLag':
    case 'ControllerRestart':
    case 'WatchFault':
    case 'ApiFaults':
      return unchanged(at);
  }
}

export { type Change, type ReduceResult, writtenChange } from './result.js';

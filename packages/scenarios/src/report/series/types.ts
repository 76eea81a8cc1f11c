import type { Millis } from '@kubesim/core';

/**
 * The time series of a run, computed from its log alone (so `kubesim replay LOG --report`
 * draws the run's report): what `--json` carries under `series` and the HTML report draws.
 * Each series keeps a point only when a value changes: read it as a step function.
 * SERIES_VERSION changes when a field's meaning changes (the JSON Schema names it).
 */
export const SERIES_VERSION = 1;

/** The time series of a run, versioned: per workload, pod, node and HPA, with the moments of steps and faults. */
export interface RunSeries {
  readonly version: typeof SERIES_VERSION;
  /** The simulated time the series end at. */
  readonly end: Millis;
  readonly marks: readonly Mark[];
  readonly workloads: readonly WorkloadSeries[];
  readonly pods: readonly PodTrack[];
  readonly nodes: readonly NodeSeries[];
  readonly hpas: readonly HpaSeries[];
  readonly events: readonly EventRow[];
}

/** A moment a user or a fault acted: the log's writes by `user` and the world's faults. */
export interface Mark {
  readonly at: Millis;
  readonly by: 'user' | 'world';
  readonly text: string;
}

/**
 * One line per name in `lines`; each point is [time, value of lines[0], lines[1], ...], null
 * where a line has no value at that time (a metric not yet observed, a line added later).
 */
export interface Series {
  readonly lines: readonly string[];
  readonly points: readonly (readonly (number | null)[])[];
}

/** The workload kinds the report draws series for. */
export type WorkloadKind = 'Deployment' | 'ReplicaSet' | 'ReplicationController' | 'StatefulSet' | 'DaemonSet' | 'Job';

/** One workload's series (a Deployment, ReplicaSet, StatefulSet, ...): its replica counts at each sample. */
export interface WorkloadSeries extends Series {
  readonly kind: WorkloadKind;
  readonly namespace: string;
  readonly name: string;
  /** The controller that owns it (a Deployment's ReplicaSets), as Kind/name. */
  readonly owner?: string;
}

/** What a pod showed, over the intervals it showed it (`kubectl get pods`' STATUS column). */
export interface PodTrack {
  readonly uid: string;
  readonly namespace: string;
  readonly name: string;
  /** The controller that owns it, as Kind/name; absent for a bare pod. */
  readonly owner?: string;
  readonly node?: string;
  readonly spans: readonly PodSpan[];
}

/** The state a pod track's span shows. */
export type PodCategory = 'pending' | 'creating' | 'running' | 'ready' | 'terminating' | 'completed' | 'failed';

/** A stretch of a pod's life in one phase or state, for the report's pod tracks. */
export interface PodSpan {
  readonly from: Millis;
  /** Absent while the span lasts to the end of the run. */
  readonly to?: Millis;
  readonly status: string;
  readonly category: PodCategory;
}

/** Pods bound to the node and what they request (millicores, bytes), against what it offers. */
export interface NodeSeries extends Series {
  readonly name: string;
  readonly allocatable: { readonly cpuMillis: number; readonly memoryBytes: number; readonly pods: number };
}

/** One HorizontalPodAutoscaler's series: its target and, at each sample, its replicas and metrics. */
export interface HpaSeries extends Series {
  readonly namespace: string;
  readonly name: string;
  /** The scale target, as Kind/name. */
  readonly target: string;
  /** For each metric: its current line's and its target line's names in `lines`, and the unit. */
  readonly metrics: readonly {
    readonly name: string;
    readonly current: string;
    readonly target: string;
    readonly unit: string;
  }[];
}

/** One Kubernetes Event object as its last version read (count, lastTimestamp). */
export interface EventRow {
  readonly first: Millis;
  readonly last: Millis;
  readonly type: string;
  readonly reason: string;
  /** The involved object, as Kind/name. */
  readonly object: string;
  readonly message: string;
  readonly count: number;
  readonly source: string;
}

import { formatDuration, type Kind, type Millis, type SimEvent } from '@kubesim/core';

/**
 * The component faults in the scenario model: the node faults (a kubelet restart, a node cut
 * off from the API server, a clock off the true time) and the control-plane faults (a
 * controller's stale view or restart, watch notifications delayed, dropped or doubled, API
 * writes failing). Each is one world event in the log; `duration` (a partition's, a watch or
 * write fault's) is when it ends, counted from the step.
 */

export type NodeFault =
  /** The kubelet process restarts; its containers run on. Down `downtime` (default 10s). */
  | { readonly type: 'kubeletRestart'; readonly node: string; readonly downtime?: Millis }
  /** The node is cut off from the API server; with a duration, the partition heals after it. */
  | { readonly type: 'nodePartition'; readonly node: string; readonly duration?: Millis }
  | { readonly type: 'nodePartitionHeals'; readonly node: string }
  /** The node's clock reads `skew` ms off the true time from now on (signed; 0 puts it right). */
  | { readonly type: 'clockSkew'; readonly node: string; readonly skew: Millis };

/** The errors an API write fault can answer with. */
export const API_ERRORS = ['Conflict', 'InternalError', 'Timeout', 'Rejected'] as const;
/** The errors an API write fault answers with. */
export type ApiError = (typeof API_ERRORS)[number];
/** How a watch fault can disturb notifications. */
export const WATCH_MODES = ['delay', 'drop', 'duplicate'] as const;
/** How a watch fault disturbs notifications: delayed, dropped or duplicated. */
export type WatchMode = (typeof WATCH_MODES)[number];
/** The API verbs a write fault can target (Kubernetes' audit verbs of a write). */
export const WRITE_VERBS = ['create', 'update', 'patch', 'delete'] as const;
/** An API verb a write fault targets. */
export type WriteVerb = (typeof WRITE_VERBS)[number];

/**
 * The control-plane faults a scenario injects: a controller's informers lagging, a controller
 * restarting, watch notifications going wrong, API writes failing.
 */
export type ControlPlaneFault =
  /** The controller's informers lag by `lag` or by `events` events from now on (lag 0: caught up). */
  | { readonly type: 'controllerLag'; readonly controller: string; readonly lag?: Millis; readonly events?: number }
  /**
   * The controller crashes: memory, expectations and work queue lost; it starts again `delay`
   * later and relists, from an API server `relistLag` behind (Sieve's time travel) when given.
   */
  | { readonly type: 'controllerRestart'; readonly controller: string; readonly delay?: Millis; readonly relistLag?: Millis }
  | {
      readonly type: 'watchFault';
      readonly controller?: string;
      readonly kind?: Kind;
      readonly mode: WatchMode;
      readonly delay?: Millis;
      readonly duration?: Millis;
    }
  | {
      readonly type: 'apiFaults';
      readonly controller?: string;
      readonly kind?: Kind;
      readonly verb?: WriteVerb;
      readonly error: ApiError;
      readonly probability?: number;
      readonly count?: number;
      readonly duration?: Millis;
      /** The error's cause (InternalError) or the admission webhook's message (Rejected). */
      readonly message?: string;
    };

/** A fault of a cluster component (a kubelet, the network, a clock, a controller, the API server). */
export type ComponentFault = NodeFault | ControlPlaneFault;

const COMPONENT_FAULT_TYPES: ReadonlySet<string> = new Set([
  'kubeletRestart',
  'nodePartition',
  'nodePartitionHeals',
  'clockSkew',
  'controllerLag',
  'controllerRestart',
  'watchFault',
  'apiFaults',
]);

export function isComponentFault(f: { readonly type: string }): f is ComponentFault {
  return COMPONENT_FAULT_TYPES.has(f.type);
}

const signed = (ms: Millis): string => (ms < 0 ? `-${formatDuration(-ms)}` : `+${formatDuration(ms)}`);
const target = (f: { controller?: string; kind?: string }): string =>
  [f.controller ?? 'every controller', ...(f.kind !== undefined ? [`(${f.kind})`] : [])].join(' ');
const lasting = (d: Millis | undefined): string => (d === undefined ? '' : ` for ${formatDuration(d)}`);

/** How the fault reads in the timeline. */
export function describeComponentFault(f: ComponentFault): string {
  switch (f.type) {
    case 'kubeletRestart':
      return `the kubelet of node ${f.node} restarts${f.downtime !== undefined ? ` (down ${formatDuration(f.downtime)})` : ''}`;
    case 'nodePartition':
      return `node ${f.node} is cut off from the API server${lasting(f.duration)}`;
    case 'nodePartitionHeals':
      return `the partition of node ${f.node} heals`;
    case 'clockSkew':
      return f.skew === 0 ? `the clock of node ${f.node} is right again` : `the clock of node ${f.node} reads ${signed(f.skew)}`;
    case 'controllerLag':
      return f.events !== undefined
        ? `controller ${f.controller} lags ${f.events} event(s) behind`
        : (f.lag ?? 0) === 0
          ? `controller ${f.controller} catches up`
          : `controller ${f.controller} lags ${formatDuration(f.lag ?? 0)} behind`;
    case 'controllerRestart':
      return `controller ${f.controller} restarts${f.delay !== undefined ? ` (down ${formatDuration(f.delay)})` : ''}${f.relistLag !== undefined ? `, relisting ${formatDuration(f.relistLag)} behind` : ''}`;
    case 'watchFault':
      return `watch events to ${target(f)} are ${f.mode === 'delay' ? `delayed${f.delay !== undefined ? ` ${formatDuration(f.delay)}` : ''}` : f.mode === 'drop' ? 'dropped' : 'delivered twice'}${lasting(f.duration)}`;
    case 'apiFaults': {
      const how =
        f.count !== undefined ? `the next ${f.count}` : f.probability !== undefined ? `${f.probability * 100}% of` : 'all';
      return `${how} ${f.verb ?? ''}${f.verb !== undefined ? ' ' : ''}writes by ${target(f)} fail (${f.error})${lasting(f.duration)}`;
    }
  }
}

/** The world event of the fault, at the step's time `at`. */
export function componentFaultEvent(f: ComponentFault, at: Millis): SimEvent {
  const until = (d: Millis | undefined): { until?: Millis } => (d === undefined ? {} : { until: at + d });
  switch (f.type) {
    case 'kubeletRestart':
      return { type: 'KubeletRestart', node: f.node, ...(f.downtime !== undefined ? { downtime: f.downtime } : {}) };
    case 'nodePartition':
      return { type: 'NodePartition', node: f.node };
    case 'nodePartitionHeals':
      return { type: 'NodePartitionHeals', node: f.node };
    case 'clockSkew':
      return { type: 'ClockSkew', node: f.node, skew: f.skew };
    case 'controllerLag':
      return {
        type: 'ControllerLag',
        controller: f.controller,
        ...(f.lag !== undefined ? { lag: f.lag } : {}),
        ...(f.events !== undefined ? { events: f.events } : {}),
      };
    case 'controllerRestart':
      return {
        type: 'ControllerRestart',
        controller: f.controller,
        ...(f.delay !== undefined ? { delay: f.delay } : {}),
        ...(f.relistLag !== undefined ? { relistLag: f.relistLag } : {}),
      };
    case 'watchFault':
      return {
        type: 'WatchFault',
        ...(f.controller !== undefined ? { controller: f.controller } : {}),
        ...(f.kind !== undefined ? { kind: f.kind } : {}),
        mode: f.mode,
        ...(f.delay !== undefined ? { delay: f.delay } : {}),
        ...until(f.duration),
      };
    case 'apiFaults':
      return {
        type: 'ApiFaults',
        ...(f.controller !== undefined ? { controller: f.controller } : {}),
        ...(f.kind !== undefined ? { kind: f.kind } : {}),
        ...(f.verb !== undefined ? { verb: f.verb } : {}),
        error: f.error,
        ...(f.probability !== undefined ? { probability: f.probability } : {}),
        ...(f.count !== undefined ? { count: f.count } : {}),
        ...until(f.duration),
        ...(f.message !== undefined ? { message: f.message } : {}),
      };
  }
}

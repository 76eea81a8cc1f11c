import { isDraft } from 'immer';
import type { Millis } from '../time/duration.js';
import { parseQuantity } from './quantity.js';
import type { ConditionStatus, ContainerStatus, Pod, PodCondition, PodPhase, PodStatus } from './types.js';

/**
 * Pod status helpers shared by the API server model and the kubelet model: condition
 * bookkeeping (pkg/api/v1/pod/util.go), readiness and availability (podutil.IsPodReady,
 * IsPodAvailable), activity (controller.IsPodActive), and the condition set the kubelet
 * writes (pkg/kubelet/status/generate.go).
 */

export function getCondition<C extends { type: string }>(conditions: readonly C[] | undefined, type: string): C | undefined {
  return conditions?.find((c) => c.type === type);
}

/**
 * Sets a condition, keeping lastTransitionTime when the status does not change
 * (UpdatePodCondition). Returns a new list; `now` stamps a real transition.
 */
export function setCondition(conditions: readonly PodCondition[] | undefined, next: PodCondition, now: Millis): PodCondition[] {
  const list = conditions ? [...conditions] : [];
  const i = list.findIndex((c) => c.type === next.type);
  const prev = i >= 0 ? list[i] : undefined;
  const merged: PodCondition = {
    ...next,
    lastProbeTime: next.lastProbeTime ?? null,
    lastTransitionTime: prev !== undefined && prev.status === next.status ? (prev.lastTransitionTime ?? now) : now,
  };
  if (i >= 0) list[i] = merged;
  else list.push(merged);
  return list;
}

/** podutil.IsPodReady: the pod's Ready condition is True. */
export function isPodReady(pod: Pod): boolean {
  return getCondition(pod.status?.conditions, 'Ready')?.status === 'True';
}

/** When the pod last became Ready, if it is Ready. */
export function podReadySince(pod: Pod): Millis | undefined {
  const c = getCondition(pod.status?.conditions, 'Ready');
  return c?.status === 'True' ? c.lastTransitionTime : undefined;
}

/**
 * podutil.IsPodAvailable: Ready, and Ready for more than minReadySeconds (strictly: the
 * ready time plus minReadySeconds must be before now). With minReadySeconds 0 a Ready pod is
 * available even without a transition time.
 */
export function isPodAvailable(pod: Pod, minReadySeconds: number, now: Millis): boolean {
  if (!isPodReady(pod)) return false;
  if (minReadySeconds === 0) return true;
  const since = podReadySince(pod);
  return since !== undefined && since + minReadySeconds * 1000 < now;
}

/** Whether the pod has finished for good (phase Succeeded or Failed). */
export function isPodTerminal(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/** controller.IsPodActive: not finished and not being deleted. */
export function isPodActive(pod: Pod): boolean {
  return !isPodTerminal(pod) && pod.metadata.deletionTimestamp === undefined;
}

/** The condition types the kubelet owns; any other (DisruptionTarget, gates) it keeps as found. */
const KUBELET_OWNED: ReadonlySet<string> = new Set([
  'PodReadyToStartContainers',
  'Initialized',
  'Ready',
  'ContainersReady',
  'PodScheduled',
]);

/**
 * The conditions the kubelet reports for these container statuses, in its order
 * (PodReadyToStartContainers, Initialized, Ready, ContainersReady, PodScheduled), after the
 * conditions it does not own. Transition times are kept where a status did not change.
 */
export function kubeletConditions(
  previous: readonly PodCondition[] | undefined,
  containers: readonly ContainerStatus[],
  phase: PodPhase,
  sandboxReady: boolean,
  now: Millis,
): PodCondition[] {
  const kept: PodCondition[] = [];
  for (const c of previous ?? []) if (!KUBELET_OWNED.has(c.type)) kept.push(c);
  // Each condition is one literal of its final shape: a property added after creation costs a
  // store of its own, and a pod keeps five of these for its lifetime.
  const add = (type: string, status: ConditionStatus, reason?: string, message?: string): PodCondition => {
    const prev = getCondition(previous, type);
    const lastTransitionTime = prev !== undefined && prev.status === status ? (prev.lastTransitionTime ?? now) : now;
    if (reason === undefined) return { type, status, lastProbeTime: null, lastTransitionTime };
    if (message === undefined) return { type, status, lastProbeTime: null, lastTransitionTime, reason };
    return { type, status, lastProbeTime: null, lastTransitionTime, reason, message };
  };
  let unready = '';
  for (const c of containers) if (!c.ready) unready += unready === '' ? c.name : ` ${c.name}`;
  // Ready copies ContainersReady (no readiness gates here).
  const [status, reason, message]: [ConditionStatus, string?, string?] =
    phase === 'Succeeded'
      ? ['False', 'PodCompleted']
      : phase === 'Failed'
        ? ['False', 'PodFailed'] // generateContainersReadyConditionForTerminalPhase
        : unready !== ''
          ? ['False', 'ContainersNotReady', `containers with unready status: [${unready}]`]
          : ['True'];
  const owned = [
    add('PodReadyToStartContainers', sandboxReady ? 'True' : 'False'),
    add('Initialized', 'True'),
    add('Ready', status, reason, message),
    add('ContainersReady', status, reason, message),
    add('PodScheduled', 'True'),
  ];
  // An array literal is allocated at its size; one grown by push keeps spare room.
  return kept.length === 0 ? owned : kept.concat(owned);
}

/**
 * The pod phase from its containers (kubelet getPhase, for pods without init containers):
 * Pending while any container has not started (or none reported); Running while any runs or
 * will restart; Succeeded/Failed once all have stopped for good. A container waiting after a
 * previous run (CrashLoopBackOff) counts as stopped, and as succeeded only when it is
 * terminated with exit code 0 now. A pod the kubelet has finished stopping (`podIsTerminal`:
 * deleted, its containers killed) is terminal whatever its restart policy: Succeeded when every
 * container exited 0, Failed otherwise.
 */
export function podPhase(containers: readonly ContainerStatus[], restartPolicy: string, podIsTerminal = false): PodPhase {
  let waiting = 0;
  let running = 0;
  let stopped = 0;
  let succeeded = 0;
  let unknown = 0;
  for (const c of containers) {
    if (c.state.running) running++;
    else if (c.state.terminated) {
      stopped++;
      if (c.state.terminated.exitCode === 0) succeeded++;
    } else if (c.state.waiting) {
      if (c.lastState?.terminated) stopped++;
      else waiting++;
    } else unknown++;
  }
  if (waiting > 0) return 'Pending';
  if (running > 0 && unknown === 0) return 'Running';
  if (running === 0 && stopped > 0 && unknown === 0) {
    if (podIsTerminal) return stopped === succeeded ? 'Succeeded' : 'Failed';
    if (restartPolicy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    if (restartPolicy === 'Never') return 'Failed';
    return 'Running'; // OnFailure: a failed container is being restarted
  }
  return 'Pending';
}

/** Whether a quantity is above zero; an unparseable one counts as zero. */
function positive(q: string | undefined): q is string {
  if (q === undefined) return false;
  try {
    return parseQuantity(q).nanos > 0n;
  } catch {
    return false;
  }
}

/**
 * qos.ComputePodQOS over containers and init containers (or the pod-level resources, when the
 * pod sets them): BestEffort when no container asks
 * for or caps CPU or memory; Guaranteed when every container has positive CPU and memory
 * limits and the summed requests equal the summed limits; Burstable otherwise. Requests missing
 * next to a limit are taken as the limit, as defaulting makes them (SetDefaults_Pod).
 */
export function qosClass(pod: Pod): NonNullable<PodStatus['qosClass']> {
  // A spec is immutable (once stored) and pods of a template share theirs: computed once per
  // spec. A draft can still change, so it is never a key.
  const spec = pod.spec;
  if (isDraft(spec)) return computeQosClass(pod.spec);
  let qos = qosBySpec.get(spec);
  if (qos === undefined) {
    qos = computeQosClass(spec);
    qosBySpec.set(spec, qos);
  }
  return qos;
}

const qosBySpec = new WeakMap<Pod['spec'], NonNullable<PodStatus['qosClass']>>();

function computeQosClass(spec: Pod['spec']): NonNullable<PodStatus['qosClass']> {
  const requests = new Map<string, bigint>();
  const limits = new Map<string, bigint>();
  let guaranteed = true;
  // PodLevelResources (on by default in v1.34): pod-level requests or limits decide alone.
  const podLevel = spec.resources as { requests?: Record<string, string>; limits?: Record<string, string> } | undefined;
  const levels =
    podLevel != null && (Object.keys(podLevel.requests ?? {}).length > 0 || Object.keys(podLevel.limits ?? {}).length > 0)
      ? [{ resources: podLevel }]
      : [...spec.containers, ...(spec.initContainers ?? [])];
  for (const c of levels) {
    const lim = c.resources?.limits ?? {};
    const req = { ...lim, ...(c.resources?.requests ?? {}) };
    const limitsFound = new Set<string>();
    for (const r of ['cpu', 'memory']) {
      const rq = req[r];
      if (positive(rq)) requests.set(r, (requests.get(r) ?? 0n) + parseQuantity(rq).nanos);
      const lq = lim[r];
      if (positive(lq)) {
        limitsFound.add(r);
        limits.set(r, (limits.get(r) ?? 0n) + parseQuantity(lq).nanos);
      }
    }
    if (limitsFound.size < 2) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed) {
    for (const [r, q] of requests) if (limits.get(r) !== q) guaranteed = false;
  }
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}

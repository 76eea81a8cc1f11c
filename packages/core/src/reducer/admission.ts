import type { ObjectMeta, Pod, PodSpec, PodStatus, Toleration } from '../api/types.js';
import { frozenInTests } from '../frozen.js';

/**
 * The parts of a create that every pod repeats, built once and shared: DefaultTolerationSeconds
 * admission's tolerations (per defaulted spec, which pods of one template share) and the
 * initial status (one per QoS class). Stored objects are immutable, so pods can share them.
 */

const TOLERATED = ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'] as const;

function tolerationFor(key: string): Toleration {
  return { key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 };
}

/** What a pod that tolerates neither gets: the same two tolerations for every pod. */
const BOTH: Toleration[] = frozenInTests(TOLERATED.map(tolerationFor));

const admitted = new WeakMap<PodSpec, PodSpec>();

/** DefaultTolerationSeconds admission: pods tolerate not-ready and unreachable for 300s. */
export function withDefaultTolerations(spec: PodSpec): PodSpec {
  let out = admitted.get(spec);
  if (out === undefined) {
    const tolerations = spec.tolerations ?? [];
    const tolerates = (key: string): boolean =>
      tolerations.some((t) => (t.key === key || !t.key) && (t.effect === 'NoExecute' || !t.effect));
    const add = TOLERATED.filter((key) => !tolerates(key));
    if (add.length === 0) out = spec;
    else if (add.length === 2 && tolerations.length === 0) out = Object.assign({}, spec, { tolerations: BOTH });
    else out = Object.assign({}, spec, { tolerations: [...tolerations, ...add.map(tolerationFor)] });
    admitted.set(spec, frozenInTests(out));
  }
  return out;
}

/**
 * A new pod: `pod` with this metadata, spec and status. The usual key order is written as a
 * literal (the most compact object); any other goes through Object.assign, which keeps it.
 */
export function createdPod(pod: Pod, metadata: ObjectMeta, spec: PodSpec, status: PodStatus): Pod {
  const keys = Object.keys(pod);
  const usual =
    keys.length >= 4 &&
    keys.length <= 5 &&
    keys[0] === 'apiVersion' &&
    keys[1] === 'kind' &&
    keys[2] === 'metadata' &&
    keys[3] === 'spec' &&
    (keys.length === 4 || keys[4] === 'status');
  if (usual) return { apiVersion: pod.apiVersion, kind: pod.kind, metadata, spec, status };
  return Object.assign({}, pod, { metadata, spec, status });
}

const PENDING = new Map<PodStatus['qosClass'], PodStatus>();

/** A new pod's status: Pending, with its QoS class. */
export function pendingStatus(qosClass: NonNullable<PodStatus['qosClass']>): PodStatus {
  let status = PENDING.get(qosClass);
  if (status === undefined) {
    status = frozenInTests({ phase: 'Pending', qosClass });
    PENDING.set(qosClass, status);
  }
  return status;
}

/*
 * Copies here are Object.assign onto {}, not spreads: V8 gives a spread copy that gains a key
 * its source lacked a hidden class of its own (a few hundred bytes per stored object), while
 * objects built up from {} share theirs. New keys land after the source's, as with a spread.
 */

/**
 * The metadata of a new object: its identity from the API server, and no deletion marks
 * (in the key order that assigning and deleting them on a draft would leave).
 */
export function createdMeta(meta: ObjectMeta, uid: string, rv: number, now: number, hasGeneration: boolean): ObjectMeta {
  const m: ObjectMeta = Object.assign({}, meta, { uid, resourceVersion: String(rv), creationTimestamp: now });
  if (hasGeneration) m.generation = 1;
  if (!('deletionTimestamp' in m) && !('deletionGracePeriodSeconds' in m)) return m;
  const { deletionTimestamp: _t, deletionGracePeriodSeconds: _g, ...rest } = m;
  return rest;
}

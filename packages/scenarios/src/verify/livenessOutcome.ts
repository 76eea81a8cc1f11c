import { deploymentutil } from '@kubesim/controllers';
import { type ClusterView, KINDS, type KubeObject } from '@kubesim/core';

const { DESIRED_REPLICAS_ANNOTATION: DESIRED_REPLICAS, MAX_REPLICAS_ANNOTATION: MAX_REPLICAS } = deploymentutil;
/**
 * The settled state of a run with everything that may differ between equally correct runs
 * taken out — names the API server generates, uids, resourceVersions, times, pod IPs, which
 * node a pod landed on, restart and failure counts, messages (they name pods) — so that what
 * is left is what the user asked for and got: the objects, their specs, and what their status
 * says. `same-outcome` compares two of them.
 */

/**
 * Kinds whose content is derived from pod names and IPs (Endpoints), a record of what happened
 * (Events), or the provisioner's placement (PersistentVolumes: a claim with WaitForFirstConsumer
 * gets one only if a pod of it was ever scheduled, which a StatefulSet scaled back down before
 * its pod started never does — upstream too).
 */
const SKIPPED = new Set(['Event', 'Endpoints', 'EndpointSlice', 'Lease', 'PersistentVolume', 'ControllerRevision']);

/**
 * Revision bookkeeping: a controller numbers the templates it saw (a Deployment's revision, its
 * ReplicaSets' history, a DaemonSet pod's template generation, a set's ControllerRevisions, in
 * SKIPPED). Two quick changes of a template make one revision or two depending on whether the
 * controller synced between them — a lagging or restarted controller sees only the last, upstream
 * too — so the numbers are history, not outcome.
 */
const REVISION_KEYS: ReadonlySet<string> = new Set([
  'deployment.kubernetes.io/revision',
  'deployment.kubernetes.io/revision-history',
  'pod-template-generation',
]);

/** Keys dropped wherever they appear: identities, times, placement, counts of what went wrong. */
const DROPPED = new Set([
  'uid',
  'resourceVersion',
  'managedFields',
  'nodeName',
  'podIP',
  'podIPs',
  'hostIP',
  'hostIPs',
  'containerID',
  'imageID',
  'restartCount',
  'lastState',
  'message',
  'startedAt',
  'finishedAt',
  'timeAdded',
  'lastProbeTime',
  'collisionCount',
  // A ReplicaSet's generation counts its scalings, how many depends on timing (eventually-stable
  // already checks each status observed its spec).
  'observedGeneration',
  'volumeName',
  'claimRef',
]);

/** Status counts that record the faults a run met rather than its outcome (a killed Job pod is a failure). */
const FAULT_COUNTS: Readonly<Record<string, readonly string[]>> = {
  Job: ['failed', 'uncountedTerminatedPods', 'terminating', 'failedIndexes'],
};

function dropped(key: string): boolean {
  return DROPPED.has(key) || /(Time|Timestamp)$/.test(key) || key.endsWith('controller-uid');
}

/** A generated name (`web-7b4f9c-x2k9p`, `pvc-<uid>`) as its stem, so equal objects compare equal. */
function nameOf(o: KubeObject): string {
  const m = o.metadata;
  if (m.generateName !== undefined) return `${m.generateName}*`;
  // A pod a ReplicaSet, Job or DaemonSet made: its owner's name and a random suffix.
  const owner = m.ownerReferences?.find((r) => r.controller === true);
  if (o.kind === 'Pod' && owner !== undefined && owner.kind !== 'StatefulSet' && m.name?.startsWith(`${owner.name}-`)) {
    return `${owner.name}-*`;
  }
  if (o.kind === 'PersistentVolume' && m.name?.startsWith('pvc-')) return 'pvc-*';
  return m.name ?? '';
}

/** Annotations of binding and placement (the node a claim's volume was made on, the binder's marks). */
function withoutPlacement(annotations: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(annotations).filter(
      ([k]) => !k.startsWith('pv.kubernetes.io/') && !/^volume\.(beta\.)?kubernetes\.io\//.test(k),
    ),
  );
}

function withoutRevisions(map: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(map).filter(([k]) => !REVISION_KEYS.has(k)));
}

function clean(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) {
    const items = value.map((v) => clean(v));
    // Conditions are set by removing and appending (SetDeploymentCondition): their order is history.
    if (key === 'conditions') items.sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
    return items;
  }
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    if (dropped(key)) continue;
    out[key] = clean((value as Record<string, unknown>)[key], key);
  }
  return out;
}

/** One object as the outcome compares it, or undefined when it is no part of the outcome. */
export function outcomeOf(o: KubeObject): unknown {
  if (SKIPPED.has(o.kind)) return undefined;
  const m = o.metadata;
  // A pod that failed or is going away is a trace of a fault, not of the outcome.
  if (m.deletionTimestamp !== undefined) return undefined;
  // A finished pod is history too: how many of a Job's succeeded pods are still there depends on
  // when a user deleted pods (a `kubectl delete pod` catches the ones that had finished by
  // then), not on the controllers; the Job's own status counts them.
  const phase = (o as { status?: { phase?: string } }).status?.phase;
  if (o.kind === 'Pod' && (phase === 'Failed' || phase === 'Succeeded')) return undefined;
  // A Deployment's scaled-down ReplicaSet is its history (how many it keeps depends on which
  // templates it saw, see REVISION_KEYS); the live one is compared.
  if (
    o.kind === 'ReplicaSet' &&
    (o as { spec?: { replicas?: number } }).spec?.replicas === 0 &&
    m.ownerReferences?.some((r) => r.controller === true && r.kind === 'Deployment')
  ) {
    return undefined;
  }
  // A pod no controller manages (a bare pod, one orphaned by --cascade=orphan) is restored by
  // nothing: a fault that kills it changes the outcome by design, upstream too.
  if (o.kind === 'Pod' && !m.ownerReferences?.some((r) => r.controller === true)) return undefined;
  const body = { ...(o as unknown as Record<string, unknown>) };
  delete body.metadata;
  const status = body.status as Record<string, unknown> | undefined;
  const counts = FAULT_COUNTS[o.kind];
  if (status !== undefined && counts !== undefined) {
    const s = { ...status };
    for (const c of counts) delete s[c];
    body.status = s;
  }
  // Whether a claim is bound yet is the same timing (see SKIPPED): its status and the binder's marks go.
  if (o.kind === 'PersistentVolumeClaim') delete body.status;
  // Whether a Job completes or fails depends on how many of its pods the faults killed (each
  // counts against backoffLimit, upstream too): its status is not promised, its spec is.
  if (o.kind === 'Job') delete body.status;
  let annotations = m.annotations === undefined ? undefined : withoutRevisions(withoutPlacement(m.annotations));
  const labels = m.labels === undefined ? undefined : withoutRevisions(m.labels);
  // A scaled-down ReplicaSet keeps the sizes of its last scaling (desired-replicas, max-replicas):
  // whether that came before or after a user's scale of the Deployment is timing, not outcome.
  if (o.kind === 'ReplicaSet' && annotations !== undefined && (o as { spec?: { replicas?: number } }).spec?.replicas === 0) {
    const { [DESIRED_REPLICAS]: _d, [MAX_REPLICAS]: _m, ...rest } = annotations;
    annotations = rest;
  }
  const owners = m.ownerReferences?.map((r) => ({ kind: r.kind, controller: r.controller === true }));
  return clean({
    ...body,
    metadata: {
      name: nameOf(o),
      ...(m.namespace !== undefined ? { namespace: m.namespace } : {}),
      ...(labels !== undefined ? { labels } : {}),
      ...(annotations !== undefined ? { annotations } : {}),
      ...(owners !== undefined ? { owners } : {}),
      ...(m.finalizers !== undefined ? { finalizers: m.finalizers } : {}),
    },
  });
}

/** The outcome of a state: `Kind/namespace/name` (generated names as stems) → its objects, canonical JSON, sorted. */
export type Outcome = ReadonlyMap<string, readonly string[]>;

/**
 * A claim a StatefulSet kept for an ordinal at or past its replicas, or after it was deleted
 * (retention Retain): which of them exist is how far a scale-up got before it was undone, so it
 * depends on timing. A claim of no owner named like one (`TEMPLATE-STS-ORDINAL`) whose
 * StatefulSet is gone counts as one too (a user's own claim named `data-1` is not compared).
 */
function retainedPastReplicas(view: ClusterView, o: KubeObject): boolean {
  if (o.kind !== 'PersistentVolumeClaim') return false;
  const name = o.metadata.name ?? '';
  const owned = (o.metadata.ownerReferences ?? []).length > 0;
  if (
    !owned &&
    /-\d+$/.test(name) &&
    !view.list('StatefulSet', o.metadata.namespace).some((s) => name.includes(`-${s.metadata.name}-`))
  )
    return true;
  for (const sts of view.list('StatefulSet', o.metadata.namespace)) {
    for (const t of sts.spec.volumeClaimTemplates ?? []) {
      const prefix = `${t.metadata?.name}-${sts.metadata.name}-`;
      if (!name.startsWith(prefix)) continue;
      const ordinal = name.slice(prefix.length);
      if (/^\d+$/.test(ordinal) && Number(ordinal) >= (sts.spec.replicas ?? 1)) return true;
    }
  }
  return false;
}

/**
 * The outcome of a state, what same-outcome compares: every object that is part of it (outcomeOf), bar
 * retained StatefulSet claims, by key.
 */
export function outcome(view: ClusterView): Outcome {
  const out = new Map<string, string[]>();
  for (const info of KINDS) {
    for (const o of view.list(info.kind)) {
      if (retainedPastReplicas(view, o)) continue;
      const v = outcomeOf(o);
      if (v === undefined) continue;
      const key = `${o.kind}/${o.metadata.namespace ?? ''}/${nameOf(o)}`;
      const list = out.get(key) ?? [];
      list.push(JSON.stringify(v));
      out.set(key, list);
    }
  }
  for (const list of out.values()) list.sort();
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The first path at which two JSON values differ, with both values there. */
function firstDifference(a: unknown, b: unknown, path: string): string | undefined {
  if (JSON.stringify(a) === JSON.stringify(b)) return undefined;
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    for (const k of keys) {
      const d = firstDifference(
        (a as Record<string, unknown>)[k],
        (b as Record<string, unknown>)[k],
        Array.isArray(a) ? `${path}[${k}]` : `${path}.${k}`,
      );
      if (d !== undefined) return d;
    }
  }
  return `${path.replace(/^\./, '')}: ${JSON.stringify(a) ?? 'absent'} vs ${JSON.stringify(b) ?? 'absent'}`;
}

/** The first difference between two outcomes, in words, or undefined when they are the same. */
export function outcomeDifference(a: Outcome, b: Outcome): string | undefined {
  const keys = [...new Set([...a.keys(), ...b.keys()])].sort();
  for (const key of keys) {
    const x = a.get(key) ?? [];
    const y = b.get(key) ?? [];
    if (x.length !== y.length) return `${key}: ${x.length} object(s) vs ${y.length}`;
    for (let i = 0; i < x.length; i++) {
      if (x[i] === y[i]) continue;
      const d = firstDifference(JSON.parse(x[i] as string), JSON.parse(y[i] as string), '');
      return `${key}: ${d}`;
    }
  }
  return undefined;
}

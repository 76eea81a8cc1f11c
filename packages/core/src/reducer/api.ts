import type { Draft } from 'immer';
import { decodeError, scaleDecodeError } from '../api/decode.js';
import { applyDefaults } from '../api/defaults.js';
import { type FieldError, fieldErrorString, InvalidObjectError } from '../api/fieldErrors.js';
import { generateJobSelector } from '../api/jobSelector.js';
import { isKind, kindInfo } from '../api/kinds.js';
import { applyPatch } from '../api/patch.js';
import { qosClass } from '../api/podStatus.js';
import type { GenericObject, Kind, KubeObject, Namespace, ObjectMeta, Pod } from '../api/types.js';
import { validateObject, validateUpdate } from '../api/validation/index.js';
import { isKubesimError } from '../errors.js';
import type { ApplyEvent, BindEvent, DeleteEvent, EvictEvent, ObjectRef, PatchEvent, ScaleEvent, WriteError } from '../events.js';
import { frozenInTests } from '../frozen.js';
import { produce } from '../immer.js';
import { groupResourceOf } from '../quota/registry.js';
import { deriveUid } from '../random/names.js';
import type { ClusterState } from '../state.js';
import { keyOf, objectKey } from '../store/keys.js';
import { getObject, putObject, removeObject } from '../store/store.js';
import type { Millis } from '../time/duration.js';
import { deepEqual } from '../util.js';
import { createdMeta, createdPod, pendingStatus, withDefaultTolerations } from './admission.js';
import { daemonSetOnCreate, daemonSetOnUpdate } from './daemonSetStrategy.js';
import { checkDisruptionBudget } from './eviction.js';
import { genericApply, genericCreate, genericDelete, genericPatch, genericUpdate } from './generic.js';
import { admitLimitRanger, validateLimitRanger } from './limitRanger.js';
import { admitToNamespace, deleteNamespace, prepareNamespaceForCreate, prepareNamespaceForUpdate } from './namespace.js';
import { checkQuotaRequest, writeQuotaStatus } from './resourceQuota.js';
import { type ReduceResult, rejected } from './result.js';
import { admitServiceAccount, withServiceAccountName } from './serviceAccount.js';

/**
 * The API server's side of every write: defaulting, admission, validation, preconditions,
 * resourceVersion and generation, graceful deletion and finalizers. Each function returns
 * the new state and the changed objects, or the error the API server would have returned
 * (and then the state is the one it was given).
 */

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** `deployments.apps`, `pods`: schema.GroupResource's String(). */
export function groupResource(kind: Kind): string {
  const i = kindInfo(kind);
  return i.group === '' ? i.resource : `${i.resource}.${i.group}`;
}

export function notFound(kind: Kind, name: string): WriteError {
  return { reason: 'NotFound', message: `${groupResource(kind)} ${JSON.stringify(name)} not found` };
}

export function alreadyExists(kind: Kind, name: string): WriteError {
  return { reason: 'AlreadyExists', message: `${groupResource(kind)} ${JSON.stringify(name)} already exists` };
}

export function conflict(kind: Kind, name: string): WriteError {
  return {
    reason: 'Conflict',
    message: `Operation cannot be fulfilled on ${groupResource(kind)} ${JSON.stringify(name)}: the object has been modified; please apply your changes to the latest version and try again`,
  };
}

function invalid(kind: Kind, name: string, errors: readonly FieldError[]): WriteError {
  const error = new InvalidObjectError(kind, name, errors);
  return { reason: 'Invalid', message: error.message, causes: error.errors.map(fieldErrorString) };
}

export function refKey(ref: ObjectRef): string {
  return kindInfo(ref.kind).namespaced ? objectKey(ref.namespace ?? 'default', ref.name) : ref.name;
}

/** The service CIDR kubeadm uses by default; .1 is the kubernetes Service's. */
function serviceIP(n: number): string {
  const host = n + 1;
  return `10.96.${Math.floor(host / 256) % 256}.${host % 256}`;
}

const BETA_STORAGE_CLASS = 'volume.beta.kubernetes.io/storage-class';

/** util.GetDefaultClass: of the classes annotated default, the newest (then the first by name). */
function defaultStorageClass(state: ClusterState): string | undefined {
  let best: { name: string; created: number } | undefined;
  state.store.objects.StorageClass.forEachRange(undefined, undefined, (sc) => {
    const a = sc.metadata.annotations ?? {};
    const isDefault =
      a['storageclass.kubernetes.io/is-default-class'] === 'true' ||
      a['storageclass.beta.kubernetes.io/is-default-class'] === 'true';
    const created = sc.metadata.creationTimestamp ?? 0;
    // Name order is the store's order, so only a strictly newer class replaces the best.
    if (isDefault && (best === undefined || created > best.created)) best = { name: sc.metadata.name as string, created };
    return true;
  });
  return best?.name;
}

/**
 * What the API server adds to a valid new object, in one pass: its identity (uid,
 * resourceVersion, creationTimestamp, generation), admission (default tolerations, a
 * Service's cluster IP) and the initial status.
 */
function prepareForCreate(
  state: ClusterState,
  obj: KubeObject,
  now: Millis,
  rv: number,
): { stored: KubeObject; serviceIPs: number } {
  let serviceIPs = state.world.serviceIPs;
  const hasGeneration = kindInfo(obj.kind as Kind).hasGeneration;
  if (obj.kind === 'Pod') {
    // The hot path (a create per pod): a copy that shares the defaulted, admitted spec.
    const pod = createdPod(
      obj,
      createdMeta(obj.metadata, deriveUid(state.uidSalt, rv), rv, now, hasGeneration),
      withDefaultTolerations(withServiceAccountName(obj.spec)),
      pendingStatus(qosClass(obj)),
    );
    return { stored: frozenInTests(pod), serviceIPs };
  }
  const base = obj.kind === 'Namespace' ? prepareNamespaceForCreate(obj) : daemonSetOnCreate(obj);
  const stored = produce(base, (d: Draft<KubeObject>) => {
    const m = d.metadata as ObjectMeta;
    m.uid = deriveUid(state.uidSalt, rv);
    m.resourceVersion = String(rv);
    m.creationTimestamp = now;
    if (hasGeneration) m.generation = 1;
    delete m.deletionTimestamp;
    delete m.deletionGracePeriodSeconds;
    switch (d.kind) {
      case 'Service':
        if (d.spec.clusterIP === undefined && d.spec.type !== 'ExternalName') {
          serviceIPs += 1;
          d.spec.clusterIP = serviceIP(serviceIPs);
          d.spec.clusterIPs = [d.spec.clusterIP];
        } else if (d.spec.clusterIP === 'None') d.spec.clusterIPs ??= ['None'];
        break;
      case 'PersistentVolumeClaim':
        // DefaultStorageClass admission: a claim that names no class gets the default one.
        if (d.spec.storageClassName == null && d.metadata.annotations?.[BETA_STORAGE_CLASS] === undefined) {
          const name = defaultStorageClass(state);
          if (name !== undefined) d.spec.storageClassName = name;
        }
        d.status = { phase: 'Pending' };
        break;
      case 'PersistentVolume':
        d.status = { phase: 'Pending' };
        break;
      case 'ResourceQuota':
        // PrepareForCreate: the status is the controller's to fill in.
        delete d.status;
        break;
      case 'Job':
        generateJobSelector(d, m.uid);
        break;
      default:
        break;
    }
  });
  return { stored, serviceIPs };
}

/** Checks apiVersion against the kind, as the API server's RESTMapper would. */
function checkVersion(obj: KubeObject): WriteError | undefined {
  const kind = (obj as { kind?: string }).kind ?? '';
  const apiVersion = (obj as { apiVersion?: string }).apiVersion ?? '';
  if (!isKind(kind) || kindInfo(kind).apiVersion !== apiVersion) {
    return {
      reason: 'BadRequest',
      message: `no matches for kind ${JSON.stringify(kind)} in version ${JSON.stringify(apiVersion)}`,
    };
  }
  // The body must decode into the Go types before anything is validated (api/decode.ts).
  const undecodable = decodeError(obj);
  if (undecodable !== undefined) return { reason: 'BadRequest', message: undecodable };
  return undefined;
}

/** A namespaced object written without a namespace lands in `default` (kubectl's context). */
function withNamespace(obj: KubeObject): KubeObject {
  if (kindInfo(obj.kind as Kind).namespaced && !obj.metadata?.namespace) {
    return Object.assign({}, obj, { metadata: Object.assign({}, obj.metadata, { namespace: 'default' }) });
  }
  return obj;
}

function defaultAndValidate(obj: KubeObject): { obj: KubeObject; errors: FieldError[] } {
  let defaulted: KubeObject;
  try {
    defaulted = applyDefaults(obj);
  } catch (e) {
    return { obj, errors: [{ type: 'Invalid value', field: 'spec', value: null, detail: String(e) }] };
  }
  try {
    return { obj: defaulted, errors: validateObject(defaulted) };
  } catch (e) {
    if (isKubesimError(e))
      return { obj: defaulted, errors: [{ type: 'Invalid value', field: 'spec', value: null, detail: e.message }] };
    throw e;
  }
}

export function createObject(state: ClusterState, input: KubeObject, now: Millis): ReduceResult {
  if (!isKind(String(input.kind))) return genericCreate(state, input as unknown as GenericObject, now);
  const versionError = checkVersion(input);
  if (versionError) return rejected(state, versionError);
  const kind = input.kind as Kind;
  const named = withNamespace(input);
  // NamespaceLifecycle and ServiceAccount are mutating admission plugins: they run before
  // validation, in the API server's order (NamespaceLifecycle first).
  const refused =
    admitToNamespace(state.store, kind, named.metadata.namespace, named.metadata.name ?? '') ??
    (kind === 'Pod' ? admitServiceAccount(state.store, named as Pod) : undefined);
  if (refused) return rejected(state, refused);
  // LimitRanger's Admit sits between the two in upstream's order; it only fills in defaults.
  const { obj, errors } = defaultAndValidate(kind === 'Pod' ? admitLimitRanger(state.store, named as Pod) : named);
  const name = obj.metadata.name ?? '';
  if (errors.length > 0) return rejected(state, invalid(kind, name, errors));
  // Validating admission runs after the object's validation, before it is stored.
  const forbidden = kind === 'Pod' ? validateLimitRanger(state.store, obj as Pod) : undefined;
  if (forbidden) return rejected(state, forbidden);
  const key = keyOf(obj.metadata);
  const exists = getObject(state.store, kind, key) !== undefined;
  let rv = state.store.resourceVersion + 1;
  let { stored, serviceIPs } = prepareForCreate(state, obj, now, rv);
  // ResourceQuota admission, the last plugin, sees the object as admitted (a claim's default
  // class included) and writes its quotas' usage before the object is stored. It runs before
  // storage finds the name taken, so its refusal comes first; an AlreadyExists is not charged
  // here (upstream charges it until the controller's next full recalculation).
  const namespace = stored.metadata.namespace;
  let charged: ReturnType<typeof writeQuotaStatus> = { state, changes: [] };
  if (namespace !== undefined) {
    const attrs = { operation: 'create', groupResource: groupResourceOf(kind), namespace, name, object: stored } as const;
    const quota = checkQuotaRequest(state.store, attrs, now);
    if ('error' in quota) return rejected(state, quota.error);
    if (exists) return rejected(state, alreadyExists(kind, name));
    if (quota.quotas.length > 0) {
      charged = writeQuotaStatus(state, quota.quotas);
      rv = charged.state.store.resourceVersion + 1;
      ({ stored, serviceIPs } = prepareForCreate(charged.state, obj, now, rv));
    }
  }
  if (exists) return rejected(state, alreadyExists(kind, name));
  const base = charged.state;
  const world = serviceIPs === base.world.serviceIPs ? base.world : { ...base.world, serviceIPs };
  return {
    state: { ...base, store: putObject(base.store, stored, rv), world },
    changes: [...charged.changes, { kind, key, new: stored } as never],
  };
}

/** Metadata only the API server sets: carried over from the stored object on every update. */
function keepSystemMeta(meta: ObjectMeta, old: ObjectMeta): ObjectMeta {
  // Built key by key without what the stored object lacks (a delete would turn the copy into a
  // slow dictionary object, kept per stored pod); generateName moves last, as it always has.
  const m: Record<string, unknown> = {};
  for (const k of Object.keys(meta)) {
    if (
      k === 'generateName' ||
      (k === 'generation' && old.generation === undefined) ||
      (k === 'deletionTimestamp' && old.deletionTimestamp === undefined) ||
      (k === 'deletionGracePeriodSeconds' && old.deletionGracePeriodSeconds === undefined)
    ) {
      continue;
    }
    m[k] = (meta as Record<string, unknown>)[k];
  }
  m.name = old.name as string;
  if (old.namespace !== undefined) m.namespace = old.namespace;
  m.uid = old.uid as string;
  m.creationTimestamp = old.creationTimestamp as number;
  if (old.generation !== undefined) m.generation = old.generation;
  if (old.deletionTimestamp !== undefined) m.deletionTimestamp = old.deletionTimestamp;
  if (old.deletionGracePeriodSeconds !== undefined) m.deletionGracePeriodSeconds = old.deletionGracePeriodSeconds;
  if (old.generateName !== undefined) m.generateName = old.generateName;
  return m as ObjectMeta;
}

function specOf(obj: KubeObject): unknown {
  return (obj as { spec?: unknown }).spec;
}

/**
 * The update path shared by Update, UpdateStatus, Patch, Scale and Apply: `candidate` is the
 * whole new object as the client sent it.
 */
export function updateObject(
  state: ClusterState,
  candidate: KubeObject,
  opts: { readonly status: boolean; readonly checkResourceVersion: boolean; readonly finalize?: boolean },
): ReduceResult {
  if (!isKind(String(candidate.kind))) return genericUpdate(state, candidate as unknown as GenericObject, opts);
  const versionError = checkVersion(candidate);
  if (versionError) return rejected(state, versionError);
  const kind = candidate.kind as Kind;
  const named = withNamespace(candidate);
  const key = keyOf(named.metadata);
  const name = named.metadata.name ?? '';
  const old = getObject(state.store, kind, key);
  if (old === undefined) return rejected(state, notFound(kind, name));
  const wantRv = named.metadata.resourceVersion;
  if (opts.checkResourceVersion && wantRv !== undefined && wantRv !== old.metadata.resourceVersion) {
    return rejected(state, conflict(kind, name));
  }
  let next: KubeObject;
  if (opts.status) {
    // The status subresource changes status (and metadata except labels); never spec.
    next = {
      ...old,
      metadata: keepSystemMeta({ ...named.metadata, labels: old.metadata.labels } as ObjectMeta, old.metadata),
      status: (named as { status?: unknown }).status,
    } as KubeObject;
  } else {
    const { obj: defaulted, errors } = defaultAndValidate({
      ...named,
      metadata: keepSystemMeta(named.metadata, old.metadata),
      ...('status' in old ? { status: (old as { status?: unknown }).status } : {}),
    } as KubeObject);
    const updateErrors = errors.length > 0 ? errors : validateUpdate(old, defaulted);
    if (updateErrors.length > 0) return rejected(state, invalid(kind, name, updateErrors));
    next = defaulted;
  }
  if (kind === 'Namespace') {
    next = prepareNamespaceForUpdate(
      next as Namespace,
      old as Namespace,
      opts.status ? 'status' : opts.finalize ? 'finalize' : 'main',
    );
  }
  next = daemonSetOnUpdate(next, old);
  // Finalizers can only be removed from a deleting object; the last one removed deletes it.
  // (A pod also needs its grace period over: the kubelet's final delete sets it to zero.)
  // (A namespace also needs its spec.finalizers empty: ShouldDeleteNamespaceDuringUpdate.)
  const graceOver =
    kind === 'Pod'
      ? old.metadata.deletionGracePeriodSeconds === 0
      : kind !== 'Namespace' || ((next as Namespace).spec?.finalizers ?? []).length === 0;
  if (old.metadata.deletionTimestamp !== undefined && (next.metadata.finalizers ?? []).length === 0 && graceOver) {
    const rv = state.store.resourceVersion + 1;
    return {
      state: { ...state, store: removeObject(state.store, kind, key, rv) },
      changes: [{ kind, key, old } as never],
    };
  }
  const spec = specOf(next);
  const bumpGeneration =
    !opts.status &&
    kindInfo(kind).hasGeneration &&
    (!deepEqual(spec, specOf(old)) || (kind === 'Deployment' && !deepEqual(next.metadata.annotations, old.metadata.annotations)));
  // A write that changes nothing is a no-op: no new resourceVersion, no watch event.
  const unchangedMeta = { ...next.metadata, resourceVersion: old.metadata.resourceVersion };
  if (!bumpGeneration && deepEqual({ ...next, metadata: unchangedMeta }, old)) return { state, changes: [] };
  // ResourceQuota admission charges an update's growth (a Service's type, a claim's size).
  let charged: ReturnType<typeof writeQuotaStatus> = { state, changes: [] };
  const namespace = next.metadata.namespace;
  if (!opts.status && namespace !== undefined) {
    const attrs = { operation: 'update', groupResource: groupResourceOf(kind), namespace, name, object: next, old } as const;
    const quota = checkQuotaRequest(state.store, attrs, state.time);
    if ('error' in quota) return rejected(state, quota.error);
    charged = writeQuotaStatus(state, quota.quotas);
  }
  const base = charged.state;
  const storedRv = base.store.resourceVersion + 1;
  // Object.assign, not a spread: a spread copy given a key its source lacks gets a hidden
  // class of its own (hundreds of bytes per stored object), one built from {} shares them.
  const metadata: ObjectMeta = Object.assign({}, next.metadata, { resourceVersion: String(storedRv) });
  if (bumpGeneration) metadata.generation = (old.metadata.generation ?? 0) + 1;
  const stored = frozenInTests({ ...next, metadata } as KubeObject);
  return {
    state: { ...base, store: putObject(base.store, stored, storedRv) },
    changes: [...charged.changes, { kind, key, old, new: stored } as never],
  };
}

/** Keys kubectl apply owns in metadata: what the user's manifest says, nothing the server set. */
export function applyObject(state: ClusterState, e: ApplyEvent, now: Millis): ReduceResult {
  if (!isKind(String(e.object.kind))) return genericApply(state, e, now);
  const input = withNamespace(e.object);
  const versionError = checkVersion(input);
  if (versionError) return rejected(state, versionError);
  const kind = input.kind as Kind;
  const lastApplied = JSON.stringify(input);
  const old = getObject(state.store, kind, keyOf(input.metadata));
  const annotate = (obj: KubeObject, keep: Record<string, string>): KubeObject =>
    Object.assign({}, obj, {
      metadata: Object.assign({}, obj.metadata, {
        annotations: Object.assign({}, keep, obj.metadata.annotations ?? {}, { [LAST_APPLIED]: lastApplied }),
      }),
    });
  if (old === undefined) return createObject(state, annotate(input, {}), now);
  // A simplified three-way merge: the manifest replaces what it and the last applied
  // configuration cover (spec, labels, its annotations); annotations that others wrote (the
  // deployment controller's revision, change-cause) survive, status is the server's.
  const previous = old.metadata.annotations?.[LAST_APPLIED];
  const previouslyApplied = previous ? Object.keys((JSON.parse(previous) as KubeObject).metadata.annotations ?? {}) : [];
  const kept: Record<string, string> = {};
  for (const [k, v] of Object.entries(old.metadata.annotations ?? {})) {
    if (k !== LAST_APPLIED && !previouslyApplied.includes(k)) kept[k] = v;
  }
  const candidate = annotate(
    {
      ...input,
      metadata: { ...old.metadata, labels: input.metadata.labels, annotations: input.metadata.annotations },
    } as KubeObject,
    kept,
  );
  const { resourceVersion: _rv, ...metadata } = candidate.metadata;
  return updateObject(state, { ...candidate, metadata } as KubeObject, { status: false, checkResourceVersion: false });
}

export function patchObject(state: ClusterState, e: PatchEvent): ReduceResult {
  if (!isKind(e.ref.kind)) return genericPatch(state, e);
  const key = refKey(e.ref);
  const old = getObject(state.store, e.ref.kind, key);
  if (old === undefined) return rejected(state, notFound(e.ref.kind, e.ref.name));
  if (e.uid !== undefined && e.uid !== old.metadata.uid) {
    return rejected(state, {
      reason: 'Conflict',
      message: `Precondition failed: UID in precondition: ${e.uid}, UID in object meta: ${old.metadata.uid}`,
    });
  }
  let patched: unknown;
  try {
    patched = applyPatch(old, e.patchType, e.patch);
  } catch (err) {
    if (isKubesimError(err)) return rejected(state, { reason: 'BadRequest', message: err.message });
    throw err;
  }
  const obj = patched as KubeObject;
  if (obj?.metadata?.name !== old.metadata.name || obj.kind !== old.kind) {
    return rejected(state, { reason: 'BadRequest', message: 'the patch may not change the kind or the name' });
  }
  return updateObject(state, obj, {
    status: e.subresource === 'status',
    finalize: e.subresource === 'finalize',
    checkResourceVersion: true,
  });
}

const SCALABLE: readonly Kind[] = ['Deployment', 'ReplicaSet', 'ReplicationController', 'StatefulSet'];

export function scaleObject(state: ClusterState, e: ScaleEvent): ReduceResult {
  const key = refKey(e.ref);
  if (!SCALABLE.includes(e.ref.kind)) {
    return rejected(state, { reason: 'NotFound', message: `the server could not find the requested resource` });
  }
  const old = getObject(state.store, e.ref.kind, key);
  if (old === undefined) return rejected(state, notFound(e.ref.kind, e.ref.name));
  // The scale subresource's body decodes into autoscaling/v1 Scale first (api/decode.ts).
  const undecodable = scaleDecodeError(e.replicas);
  if (undecodable !== undefined) return rejected(state, { reason: 'BadRequest', message: undecodable });
  if (!Number.isInteger(e.replicas) || e.replicas < 0) {
    return rejected(
      state,
      invalid(e.ref.kind, e.ref.name, [
        { type: 'Invalid value', field: 'spec.replicas', value: e.replicas, detail: 'must be greater than or equal to 0' },
      ]),
    );
  }
  const { resourceVersion: _rv, ...metadata } = old.metadata;
  const spec = Object.assign({}, (old as { spec: object }).spec, { replicas: e.replicas });
  return updateObject(state, { ...old, metadata, spec } as KubeObject, { status: false, checkResourceVersion: false });
}

function isTerminalPod(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

export function deleteObject(state: ClusterState, e: DeleteEvent, now: Millis): ReduceResult {
  if (!isKind(e.ref.kind)) return genericDelete(state, e, now);
  const kind = e.ref.kind;
  const key = refKey(e.ref);
  const old = getObject(state.store, kind, key);
  if (old === undefined) return rejected(state, notFound(kind, e.ref.name));
  if (e.uid !== undefined && e.uid !== old.metadata.uid) {
    return rejected(state, {
      reason: 'Conflict',
      message: `Precondition failed: UID in precondition: ${e.uid}, UID in object meta: ${old.metadata.uid}`,
    });
  }
  if (kind === 'Namespace') return deleteNamespace(state, old as Namespace, e, now);
  const rv = state.store.resourceVersion + 1;
  const remove = (): ReduceResult => ({
    state: { ...state, store: removeObject(state.store, kind, key, rv) },
    changes: [{ kind, key, old } as never],
  });
  const finalizers = [...(old.metadata.finalizers ?? [])];
  const policy = e.propagationPolicy ?? 'Background';
  if (policy === 'Orphan' && !finalizers.includes('orphan')) finalizers.push('orphan');
  if (policy === 'Foreground' && !finalizers.includes('foregroundDeletion')) finalizers.push('foregroundDeletion');
  let graceSeconds = 0;
  if (kind === 'Pod') {
    const pod = old as Pod;
    graceSeconds = e.gracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30;
    // An unscheduled or finished pod has nothing to stop: it goes at once (pod strategy
    // CheckGracefulDelete).
    if (!pod.spec.nodeName || isTerminalPod(pod)) graceSeconds = 0;
  }
  if (graceSeconds === 0 && finalizers.length === 0) return remove();
  const deadline = now + graceSeconds * 1000;
  const existing = old.metadata.deletionTimestamp;
  if (existing !== undefined && existing <= deadline && deepEqual(finalizers, old.metadata.finalizers ?? [])) {
    return { state, changes: [] }; // already deleting, no sooner
  }
  const metadata: ObjectMeta = Object.assign({}, old.metadata, {
    deletionTimestamp: existing === undefined ? deadline : Math.min(existing, deadline),
    deletionGracePeriodSeconds: graceSeconds,
  });
  if (finalizers.length > 0) metadata.finalizers = finalizers;
  if (kind !== 'Pod' && old.metadata.generation !== undefined) metadata.generation = old.metadata.generation + 1;
  metadata.resourceVersion = String(rv);
  const next = frozenInTests({ ...old, metadata } as KubeObject);
  return {
    state: { ...state, store: putObject(state.store, next, rv) },
    changes: [{ kind, key, old, new: next } as never],
  };
}

export function bindPod(state: ClusterState, e: BindEvent, now: Millis): ReduceResult {
  const key = refKey(e.ref);
  const pod = getObject(state.store, 'Pod', key);
  if (pod === undefined || pod.metadata.uid !== e.uid) return rejected(state, notFound('Pod', e.ref.name));
  if (pod.spec.nodeName) {
    return rejected(state, {
      reason: 'Conflict',
      message: `Operation cannot be fulfilled on pods/binding ${JSON.stringify(e.ref.name)}: pod ${e.ref.name} is already assigned to node ${JSON.stringify(pod.spec.nodeName)}`,
    });
  }
  if (pod.metadata.deletionTimestamp !== undefined) {
    return rejected(state, { reason: 'Conflict', message: `pod ${e.ref.name} is being deleted, cannot be assigned to a host` });
  }
  const rv = state.store.resourceVersion + 1;
  const status = pod.status ?? {};
  const conditions = [...(status.conditions ?? [])];
  const i = conditions.findIndex((c) => c.type === 'PodScheduled');
  const scheduled = { type: 'PodScheduled', status: 'True' as const, lastProbeTime: null, lastTransitionTime: now };
  if (i >= 0) conditions[i] = scheduled;
  else conditions.push(scheduled);
  const next: Pod = frozenInTests({
    ...pod,
    metadata: { ...pod.metadata, resourceVersion: String(rv) },
    spec: Object.assign({}, pod.spec, { nodeName: e.nodeName }),
    status: Object.assign({}, status, { conditions }),
  });
  return {
    state: { ...state, store: putObject(state.store, next, rv) },
    changes: [{ kind: 'Pod', key, old: pod, new: next }],
  };
}

/**
 * The eviction API: the pod's disruption budget is checked (and its status written), then the
 * pod is marked as disrupted and deleted gracefully.
 */
export function evictPod(before: ClusterState, e: EvictEvent, now: Millis): ReduceResult {
  const key = refKey(e.ref);
  const pod = getObject(before.store, 'Pod', key);
  if (pod === undefined || (e.uid !== undefined && pod.metadata.uid !== e.uid))
    return rejected(before, notFound('Pod', e.ref.name));
  const budget = checkDisruptionBudget(before, pod, now);
  if ('error' in budget) return rejected(before, budget.error);
  const state = budget.state;
  const rv = state.store.resourceVersion + 1;
  const status = pod.status ?? {};
  const given = status.conditions;
  const conditions = given?.some((c) => c.type === 'DisruptionTarget')
    ? given
    : [
        ...(given ?? []),
        {
          type: 'DisruptionTarget',
          status: 'True' as const,
          reason: 'EvictionByEvictionAPI',
          message: 'Eviction API: evicting',
          lastProbeTime: null,
          lastTransitionTime: now,
        },
      ];
  const marked: Pod = frozenInTests({
    ...pod,
    metadata: { ...pod.metadata, resourceVersion: String(rv) },
    status: conditions === given && pod.status !== undefined ? pod.status : Object.assign({}, status, { conditions }),
  });
  const afterMark = { ...state, store: putObject(state.store, marked, rv) };
  const deleted = deleteObject(afterMark, { type: 'Delete', ref: e.ref, uid: pod.metadata.uid as string }, now);
  return { ...deleted, changes: [...budget.changes, { kind: 'Pod', key, old: pod, new: marked }, ...deleted.changes] };
}

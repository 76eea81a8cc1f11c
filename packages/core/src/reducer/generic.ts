import { type FieldError, fieldErrorString, goQuote } from '../api/fieldErrors.js';
import { CRD_GROUP_KIND } from '../api/generic/crd.js';
import { genericKindByGroupKind, type ServedKind, servedGenericKind } from '../api/generic/registry.js';
import { getGeneric, listGeneric, putGeneric, removeGeneric } from '../api/generic/store.js';
import { prepareGenericForCreate, validateGeneric, validateGenericUpdate } from '../api/generic/validate.js';
import { applyPatch } from '../api/patch.js';
import type { GenericObject, ObjectMeta, ResourceQuota } from '../api/types.js';
import { isKubesimError } from '../errors.js';
import type { ApplyEvent, DeleteEvent, ObjectRef, PatchEvent, WriteError } from '../events.js';
import { frozenInTests } from '../frozen.js';
import { deriveUid } from '../random/names.js';
import type { ClusterState } from '../state.js';
import type { Millis } from '../time/duration.js';
import { deepEqual } from '../util.js';
import { admitToNamespaceOf } from './namespace.js';
import { checkQuotaRequest, writeQuotaStatus } from './resourceQuota.js';
import { type ReduceResult, rejected } from './result.js';

/**
 * The API server's side of writes to generic objects (api/generic/): the built-in kinds
 * kubesim stores without modelling, CustomResourceDefinitions and custom resources. Their
 * writes change no typed object, so no controller hears of them (changes are empty, bar the
 * quotas a create is charged to); the namespace and resource quota controllers find them by
 * listing.
 */

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

function groupResource(s: ServedKind): string {
  return s.group === '' ? s.resource : `${s.resource}.${s.group}`;
}

function noMatch(obj: { apiVersion?: unknown; kind?: unknown }): WriteError {
  return {
    reason: 'BadRequest',
    message: `no matches for kind ${JSON.stringify(String(obj.kind ?? ''))} in version ${JSON.stringify(String(obj.apiVersion ?? ''))}`,
  };
}

function invalid(s: ServedKind, name: string, errors: readonly FieldError[]): WriteError {
  const body =
    errors.length === 1 ? `: ${fieldErrorString(errors[0] as FieldError)}` : `: [${errors.map(fieldErrorString).join(', ')}]`;
  return {
    reason: 'Invalid',
    message: `${s.groupKind} ${goQuote(name)} is invalid${body}`,
    causes: errors.map(fieldErrorString),
  };
}

function notFound(s: ServedKind, name: string): WriteError {
  return { reason: 'NotFound', message: `${groupResource(s)} ${JSON.stringify(name)} not found` };
}

/** The object with the namespace its scope gives it: `default` when namespaced and unset; none when cluster-scoped. */
function placed(obj: GenericObject, s: ServedKind): GenericObject {
  const ns = obj.metadata?.namespace;
  if (s.namespaced && !ns) return { ...obj, metadata: { ...obj.metadata, namespace: 'default' } };
  // EnsureObjectNamespaceMatchesRequestNamespace clears a namespace sent to a cluster-scoped resource.
  if (!s.namespaced && ns !== undefined) {
    const { namespace: _ns, ...metadata } = obj.metadata;
    return { ...obj, metadata };
  }
  return obj;
}

export function genericCreate(state: ClusterState, input: GenericObject, now: Millis): ReduceResult {
  const s = servedGenericKind(state.store, String(input.apiVersion ?? ''), String(input.kind ?? ''));
  if (s === undefined) return rejected(state, noMatch(input));
  if (input.metadata === null || typeof input.metadata !== 'object') {
    return rejected(state, invalid(s, '', [{ type: 'Required value', field: 'metadata', detail: '' }]));
  }
  const obj = placed(input, s);
  const name = obj.metadata.name ?? '';
  const refused = admitToNamespaceOf(state.store, s.namespaced, groupResource(s), obj.metadata.namespace, name);
  if (refused) return rejected(state, refused);
  let checked: { obj: GenericObject; errors: FieldError[] };
  try {
    checked = validateGeneric(state.store, s, obj);
  } catch (e) {
    if (isKubesimError(e)) return rejected(state, { reason: 'BadRequest', message: e.message });
    throw e;
  }
  if (checked.errors.length > 0) return rejected(state, invalid(s, name, checked.errors));
  // ResourceQuota admission (before storage finds a name taken): a namespaced resource counts
  // against `count/<resource>.<group>`.
  const namespace = obj.metadata.namespace;
  let admitted: readonly ResourceQuota[] = [];
  if (namespace !== undefined) {
    const attrs = { operation: 'create', groupResource: groupResource(s), namespace, name, object: checked.obj } as const;
    const quota = checkQuotaRequest(state.store, attrs, now);
    if ('error' in quota) return rejected(state, quota.error);
    admitted = quota.quotas;
  }
  if (getGeneric(state.store, s.groupKind, obj.metadata.namespace, name) !== undefined) {
    return rejected(state, { reason: 'AlreadyExists', message: `${groupResource(s)} ${JSON.stringify(name)} already exists` });
  }
  const charged = writeQuotaStatus(state, admitted);
  const base = charged.state;
  const rv = base.store.resourceVersion + 1;
  const metadata: ObjectMeta = Object.assign({}, checked.obj.metadata, {
    uid: deriveUid(state.uidSalt, rv),
    resourceVersion: String(rv),
    creationTimestamp: now,
  });
  delete metadata.deletionTimestamp;
  delete metadata.deletionGracePeriodSeconds;
  if (s.hasGeneration) metadata.generation = 1;
  const stored = frozenInTests(prepareGenericForCreate(s, { ...checked.obj, metadata }));
  return { state: { ...base, store: putGeneric(base.store, s.groupKind, stored, rv) }, changes: charged.changes };
}

/** What only the API server sets, carried over from the stored object. */
function keepSystemMeta(meta: ObjectMeta, old: ObjectMeta): ObjectMeta {
  const m: ObjectMeta = Object.assign({}, meta, {
    name: old.name,
    uid: old.uid,
    creationTimestamp: old.creationTimestamp,
  });
  if (old.namespace !== undefined) m.namespace = old.namespace;
  for (const k of ['generation', 'deletionTimestamp', 'deletionGracePeriodSeconds'] as const) {
    if (old[k] === undefined) delete m[k];
    else m[k] = old[k];
  }
  return m;
}

/** Everything but metadata (and status, when status is its own subresource): what bumps generation. */
function content(obj: GenericObject, statusApart: boolean): unknown {
  const { metadata: _m, status, ...rest } = obj;
  return statusApart ? rest : { ...rest, status };
}

export function genericUpdate(
  state: ClusterState,
  candidate: GenericObject,
  opts: { readonly status: boolean; readonly checkResourceVersion: boolean },
): ReduceResult {
  const s = servedGenericKind(state.store, String(candidate.apiVersion ?? ''), String(candidate.kind ?? ''));
  if (s === undefined) return rejected(state, noMatch(candidate));
  const named = placed(candidate, s);
  const name = named.metadata.name ?? '';
  const old = getGeneric(state.store, s.groupKind, named.metadata.namespace, name);
  if (old === undefined) return rejected(state, notFound(s, name));
  const wantRv = named.metadata.resourceVersion;
  if (opts.checkResourceVersion && wantRv !== undefined && wantRv !== old.metadata.resourceVersion) {
    return rejected(state, {
      reason: 'Conflict',
      message: `Operation cannot be fulfilled on ${groupResource(s)} ${JSON.stringify(name)}: the object has been modified; please apply your changes to the latest version and try again`,
    });
  }
  // A status subresource (CRs that declare one; kubesim treats every built-in generic kind's
  // status as one) keeps status out of main updates and everything else out of status updates.
  const statusApart = s.crd === undefined || s.crd.statusSubresource;
  let next: GenericObject;
  if (opts.status) {
    next = { ...old, metadata: keepSystemMeta({ ...named.metadata, labels: old.metadata.labels } as ObjectMeta, old.metadata) };
    if (named.status === undefined) delete next.status;
    else next.status = named.status;
  } else {
    const { status: _s, ...rest } = named;
    const base: GenericObject = { ...rest, metadata: keepSystemMeta(named.metadata, old.metadata) } as GenericObject;
    if (statusApart && old.status !== undefined) base.status = old.status;
    if (!statusApart && named.status !== undefined) base.status = named.status;
    const checked = validateGeneric(state.store, s, base);
    const errors = checked.errors.length > 0 ? checked.errors : validateGenericUpdate(s, old, checked.obj);
    if (errors.length > 0) return rejected(state, invalid(s, name, errors));
    next = checked.obj;
  }
  const rv = state.store.resourceVersion + 1;
  if (old.metadata.deletionTimestamp !== undefined && (next.metadata.finalizers ?? []).length === 0) {
    return { state: { ...state, store: removeGeneric(state.store, s.groupKind, old, rv) }, changes: [] };
  }
  const bump = !opts.status && s.hasGeneration && !deepEqual(content(next, statusApart), content(old, statusApart));
  const unchangedMeta = { ...next.metadata, resourceVersion: old.metadata.resourceVersion };
  if (!bump && deepEqual({ ...next, metadata: unchangedMeta }, old)) return { state, changes: [] };
  const metadata: ObjectMeta = Object.assign({}, next.metadata, { resourceVersion: String(rv) });
  if (bump) metadata.generation = (old.metadata.generation ?? 0) + 1;
  const stored = frozenInTests({ ...next, metadata });
  return { state: { ...state, store: putGeneric(state.store, s.groupKind, stored, rv) }, changes: [] };
}

export function genericApply(state: ClusterState, e: ApplyEvent, now: Millis): ReduceResult {
  const input = e.object as unknown as GenericObject;
  const s = servedGenericKind(state.store, String(input.apiVersion ?? ''), String(input.kind ?? ''));
  if (s === undefined) return rejected(state, noMatch(input));
  const obj = placed(input, s);
  const lastApplied = JSON.stringify(obj);
  const old = getGeneric(state.store, s.groupKind, obj.metadata.namespace, obj.metadata.name ?? '');
  const annotations = Object.assign({}, obj.metadata.annotations ?? {}, { [LAST_APPLIED]: lastApplied });
  if (old === undefined) return genericCreate(state, { ...obj, metadata: { ...obj.metadata, annotations } }, now);
  // The manifest replaces what it says; the server's metadata and status stay.
  const { resourceVersion: _rv, ...metadata } = { ...old.metadata, labels: obj.metadata.labels, annotations } as ObjectMeta;
  if (obj.metadata.labels === undefined) delete metadata.labels;
  return genericUpdate(state, { ...obj, metadata } as GenericObject, { status: false, checkResourceVersion: false });
}

/** A reference names a generic object by its group kind (`Ingress.networking.k8s.io`). */
function refTarget(state: ClusterState, ref: ObjectRef): { s: ServedKind; obj: GenericObject | undefined } | undefined {
  const s = genericKindByGroupKind(state.store, ref.kind);
  if (s === undefined) return undefined;
  const ns = s.namespaced ? (ref.namespace ?? 'default') : undefined;
  return { s, obj: getGeneric(state.store, s.groupKind, ns, ref.name) };
}

function unknownResource(ref: ObjectRef): WriteError {
  return { reason: 'NotFound', message: `the server doesn't have a resource type ${JSON.stringify(ref.kind)}` };
}

export function genericPatch(state: ClusterState, e: PatchEvent): ReduceResult {
  const t = refTarget(state, e.ref);
  if (t === undefined) return rejected(state, unknownResource(e.ref));
  const { s, obj: old } = t;
  if (old === undefined) return rejected(state, notFound(s, e.ref.name));
  if (e.uid !== undefined && e.uid !== old.metadata.uid) {
    return rejected(state, {
      reason: 'Conflict',
      message: `Precondition failed: UID in precondition: ${e.uid}, UID in object meta: ${old.metadata.uid}`,
    });
  }
  let patched: GenericObject;
  try {
    patched = applyPatch(old, e.patchType, e.patch) as GenericObject;
  } catch (err) {
    if (isKubesimError(err)) return rejected(state, { reason: 'BadRequest', message: err.message });
    throw err;
  }
  return genericUpdate(state, patched, { status: e.subresource === 'status', checkResourceVersion: true });
}

export function genericDelete(state: ClusterState, e: DeleteEvent, now: Millis): ReduceResult {
  const t = refTarget(state, e.ref);
  if (t === undefined) return rejected(state, unknownResource(e.ref));
  const { s, obj: old } = t;
  if (old === undefined) return rejected(state, notFound(s, e.ref.name));
  if (e.uid !== undefined && e.uid !== old.metadata.uid) {
    return rejected(state, {
      reason: 'Conflict',
      message: `Precondition failed: UID in precondition: ${e.uid}, UID in object meta: ${old.metadata.uid}`,
    });
  }
  const rv = state.store.resourceVersion + 1;
  const finalizers = [...(old.metadata.finalizers ?? [])];
  const policy = e.propagationPolicy ?? 'Background';
  if (policy === 'Orphan' && !finalizers.includes('orphan')) finalizers.push('orphan');
  if (policy === 'Foreground' && !finalizers.includes('foregroundDeletion')) finalizers.push('foregroundDeletion');
  if (finalizers.length === 0) {
    let store = removeGeneric(state.store, s.groupKind, old, rv);
    // The CRD's cleanup (customresourcecleanup finalizer, apiextensions' finalizer controller)
    // removes its custom resources; kubesim does it at once, with the CRD's delete.
    if (s.groupKind === CRD_GROUP_KIND) store = removeCustomResources(store, old, rv);
    return { state: { ...state, store }, changes: [] };
  }
  if (old.metadata.deletionTimestamp !== undefined && deepEqual(finalizers, old.metadata.finalizers ?? [])) {
    return { state, changes: [] };
  }
  const metadata: ObjectMeta = Object.assign({}, old.metadata, {
    deletionTimestamp: old.metadata.deletionTimestamp ?? now,
    deletionGracePeriodSeconds: 0,
    finalizers,
    resourceVersion: String(rv),
  });
  if (old.metadata.generation !== undefined) metadata.generation = old.metadata.generation + 1;
  const next = frozenInTests({ ...old, metadata });
  return { state: { ...state, store: putGeneric(state.store, s.groupKind, next, rv) }, changes: [] };
}

function removeCustomResources(store: ClusterState['store'], crd: GenericObject, rv: number): ClusterState['store'] {
  const spec = crd.spec as { group?: string; names?: { kind?: string } } | undefined;
  const gk = `${spec?.names?.kind ?? ''}.${spec?.group ?? ''}`;
  let out = store;
  for (const cr of listGeneric(store, gk)) out = removeGeneric(out, gk, cr, rv);
  return out;
}

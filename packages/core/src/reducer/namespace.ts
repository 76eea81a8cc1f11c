import { kindInfo } from '../api/kinds.js';
import type { Kind, KubeObject, Namespace, ObjectMeta } from '../api/types.js';
import type { DeleteEvent, WriteError } from '../events.js';
import { frozenInTests } from '../frozen.js';
import { deriveUid } from '../random/names.js';
import type { ClusterState } from '../state.js';
import { getObject, putObject, removeObject, type Store } from '../store/store.js';
import type { Millis } from '../time/duration.js';
import type { ReduceResult } from './result.js';

/**
 * The API server's side of namespaces: the namespace registry's strategy
 * (pkg/registry/core/namespace) and the NamespaceLifecycle admission plugin
 * (plugin/pkg/admission/namespace/lifecycle).
 */

/** v1.FinalizerKubernetes: the namespace controller's token in spec.finalizers. */
export const FINALIZER_KUBERNETES = 'kubernetes';

/** v1.LabelMetadataName: SetDefaults_Namespace labels every namespace with its own name. */
export const LABEL_METADATA_NAME = 'kubernetes.io/metadata.name';

/**
 * The namespaces a v1.34 cluster has before anyone writes: the API server's system namespaces
 * controller creates default, kube-system, kube-public and kube-node-lease.
 */
export const SYSTEM_NAMESPACES: readonly string[] = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];

/** NamespaceLifecycle's immortal namespaces: a delete of one is forbidden. */
const IMMORTAL: ReadonlySet<string> = new Set(['default', 'kube-public', 'kube-system']);

function groupResource(kind: Kind): string {
  const i = kindInfo(kind);
  return i.group === '' ? i.resource : `${i.resource}.${i.group}`;
}

/** apierrors.NewForbidden's message. */
function forbiddenFor(resource: string, name: string, why: string): WriteError {
  const what = name === '' ? resource : `${resource} ${JSON.stringify(name)}`;
  return { reason: 'Forbidden', message: `${what} is forbidden: ${why}` };
}

function forbidden(kind: Kind, name: string, why: string): WriteError {
  return forbiddenFor(groupResource(kind), name, why);
}

/** Whether a namespace is being deleted (status.phase Terminating); undefined (no namespace) is not. */
export function isTerminating(ns: Namespace | undefined): boolean {
  return ns?.status?.phase === 'Terminating';
}

/**
 * NamespaceLifecycle admission for a create: a namespaced object needs its namespace, and a
 * terminating namespace takes no new content. Undefined when the create may go on.
 */
export function admitToNamespace(store: Store, kind: Kind, namespace: string | undefined, name: string): WriteError | undefined {
  if (kind === 'Namespace') return undefined;
  return admitToNamespaceOf(store, kindInfo(kind).namespaced, groupResource(kind), namespace, name);
}

/** admitToNamespace for any resource, by its scope and group resource (`ingresses.networking.k8s.io`). */
export function admitToNamespaceOf(
  store: Store,
  namespaced: boolean,
  resource: string,
  namespace: string | undefined,
  name: string,
): WriteError | undefined {
  if (!namespaced || namespace === undefined) return undefined;
  const ns = getObject(store, 'Namespace', namespace);
  if (ns === undefined) return { reason: 'NotFound', message: `namespaces ${JSON.stringify(namespace)} not found` };
  if (isTerminating(ns)) {
    return forbiddenFor(resource, name, `unable to create new content in namespace ${namespace} because it is being terminated`);
  }
  return undefined;
}

/** SetDefaults_Namespace: the name label. */
export function defaultNamespace(ns: Namespace): Namespace {
  const name = ns.metadata.name ?? '';
  if (ns.metadata.labels?.[LABEL_METADATA_NAME] === name) return ns;
  return { ...ns, metadata: { ...ns.metadata, labels: { ...ns.metadata.labels, [LABEL_METADATA_NAME]: name } } };
}

/** namespaceStrategy.PrepareForCreate: the controller's finalizer, and an Active phase. */
export function prepareNamespaceForCreate(ns: Namespace): Namespace {
  const finalizers = ns.spec?.finalizers ?? [];
  const spec = { finalizers: finalizers.includes(FINALIZER_KUBERNETES) ? finalizers : [...finalizers, FINALIZER_KUBERNETES] };
  return { ...ns, spec, status: { phase: 'Active' } };
}

/**
 * namespaceStrategy.PrepareForUpdate (spec.finalizers and status are kept), the status
 * strategy's (only status changes) and the finalize subresource's (only spec.finalizers does).
 */
export function prepareNamespaceForUpdate(next: Namespace, old: Namespace, mode: 'main' | 'status' | 'finalize'): Namespace {
  switch (mode) {
    case 'main':
      return withStatusOf({ ...next, spec: { ...next.spec, finalizers: old.spec?.finalizers ?? [] } }, old);
    case 'status':
      return { ...next, spec: old.spec ?? {} };
    case 'finalize':
      return withStatusOf(next, old);
  }
}

function withStatusOf(ns: Namespace, old: Namespace): Namespace {
  const { status: _ignored, ...rest } = ns;
  return old.status === undefined ? rest : { ...rest, status: old.status };
}

/**
 * The namespace registry's Delete (pkg/registry/core/namespace/storage): a namespace whose
 * spec.finalizers is empty (the namespace controller finalized it) goes at once; otherwise it
 * is marked for deletion and its phase becomes Terminating, and it stays until finalized.
 */
export function deleteNamespace(state: ClusterState, ns: Namespace, e: DeleteEvent, now: Millis): ReduceResult {
  const name = ns.metadata.name ?? '';
  if (IMMORTAL.has(name)) return { state, changes: [], error: forbidden('Namespace', name, 'this namespace may not be deleted') };
  const rv = state.store.resourceVersion + 1;
  const key = name;
  const finalized = (ns.spec?.finalizers ?? []).length === 0;
  const metaFinalizers = [...(ns.metadata.finalizers ?? [])];
  const policy = e.propagationPolicy;
  if (policy === 'Orphan' && !metaFinalizers.includes('orphan')) metaFinalizers.push('orphan');
  if (policy === 'Foreground' && !metaFinalizers.includes('foregroundDeletion')) metaFinalizers.push('foregroundDeletion');
  if (finalized && metaFinalizers.length === 0) {
    return {
      state: { ...state, store: removeObject(state.store, 'Namespace', key, rv) },
      changes: [{ kind: 'Namespace', key, old: ns }],
    };
  }
  if (ns.metadata.deletionTimestamp !== undefined) {
    // "Namespace ... is already terminating": an idempotent delete of a terminating namespace.
    return { state, changes: [] };
  }
  const metadata: ObjectMeta = Object.assign({}, ns.metadata, {
    deletionTimestamp: now,
    deletionGracePeriodSeconds: 0,
    resourceVersion: String(rv),
  });
  if (metaFinalizers.length > 0) metadata.finalizers = metaFinalizers;
  const next: Namespace = frozenInTests({ ...ns, metadata, status: { ...ns.status, phase: 'Terminating' } });
  return {
    state: { ...state, store: putObject(state.store, next, rv) },
    changes: [{ kind: 'Namespace', key, old: ns, new: next }],
  };
}

/**
 * The system namespaces in a new store. They exist before the run's first write, so they take
 * no resourceVersion of the run's (every UID and resourceVersion a run hands out stays as it
 * was before namespaces were modelled); their UIDs come from counters no write uses.
 */
export function withSystemNamespaces(store: Store, uidSalt: number): Store {
  let s = store;
  SYSTEM_NAMESPACES.forEach((name, i) => {
    const ns: Namespace = prepareNamespaceForCreate(
      defaultNamespace({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name, uid: deriveUid(uidSalt, -1 - i), resourceVersion: '0', creationTimestamp: 0 },
      }),
    );
    s = putObject(s, frozenInTests(ns as KubeObject) as Namespace, s.resourceVersion);
  });
  return s;
}

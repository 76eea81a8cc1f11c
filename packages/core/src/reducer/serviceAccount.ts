import type { Pod, PodSpec, ServiceAccount } from '../api/types.js';
import type { WriteError } from '../events.js';
import { frozenInTests } from '../frozen.js';
import { deriveUid } from '../random/names.js';
import { getObject, putObject, type Store } from '../store/store.js';

/**
 * The ServiceAccount admission plugin (plugin/pkg/admission/serviceaccount) for a pod create,
 * and the `default` ServiceAccounts a cluster starts with.
 *
 * Differences, on purpose: the plugin's token volume (kube-api-access-*) is not added, and a
 * pod of the `default` account is admitted even while that account is missing (upstream's
 * lookup of `default` retries while the serviceaccounts controller creates it; a kubesim
 * write cannot wait).
 */

export const DEFAULT_SERVICE_ACCOUNT = 'default';

/** The namespaces whose `default` account exists before anyone writes (the system namespaces). */
export const NAMESPACES_AT_START: readonly string[] = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];

const defaulted = new WeakMap<PodSpec, PodSpec>();

/**
 * Admit: a pod that names no account gets `default`; the v1 API also shows it in the
 * deprecated `serviceAccount` field (set from serviceAccountName on conversion). Pods of one
 * template share their spec, so the result is cached per spec.
 */
export function withServiceAccountName(spec: PodSpec): PodSpec {
  if (spec.serviceAccountName && spec.serviceAccount === spec.serviceAccountName) return spec;
  let out = defaulted.get(spec);
  if (out === undefined) {
    const name = spec.serviceAccountName || (spec.serviceAccount as string | undefined) || DEFAULT_SERVICE_ACCOUNT;
    out = frozenInTests(Object.assign({}, spec, { serviceAccountName: name, serviceAccount: name }));
    defaulted.set(spec, out);
  }
  return out;
}

/**
 * The plugin's refusal of a pod whose account does not exist: `pods "x" is forbidden: error
 * looking up service account ns/sa: serviceaccount "sa" not found`. NewForbidden names a pod
 * by its generateName when it has no name yet (admission runs before names are generated).
 */
export function admitServiceAccount(store: Store, pod: Pod): WriteError | undefined {
  const ns = pod.metadata.namespace ?? 'default';
  const sa = pod.spec.serviceAccountName || (pod.spec.serviceAccount as string | undefined) || DEFAULT_SERVICE_ACCOUNT;
  if (sa === DEFAULT_SERVICE_ACCOUNT) return undefined;
  if (getObject(store, 'ServiceAccount', `${ns}/${sa}`) !== undefined) return undefined;
  // kubesim's controllers name their pods before they send them; upstream's send only the
  // generateName, which is all the API server has at admission. So generateName comes first.
  const name = pod.metadata.generateName || pod.metadata.name || 'Unknown';
  return {
    reason: 'Forbidden',
    message: `pods ${JSON.stringify(name)} is forbidden: error looking up service account ${ns}/${sa}: serviceaccount ${JSON.stringify(sa)} not found`,
  };
}

/** The `default` account of a namespace, as the serviceaccounts controller creates it. */
export function defaultServiceAccount(namespace: string): ServiceAccount {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: DEFAULT_SERVICE_ACCOUNT, namespace } };
}

/**
 * A store with the `default` account of every namespace a cluster starts with, as they were
 * long before time 0: resourceVersion 0, created at 0, uids of their own (negative sequence
 * numbers, which no write uses), the store's counter untouched.
 */
export function withDefaultServiceAccounts(store: Store, uidSalt: number): Store {
  let s = store;
  NAMESPACES_AT_START.forEach((namespace, i) => {
    const sa = defaultServiceAccount(namespace);
    const stored: ServiceAccount = {
      ...sa,
      metadata: { ...sa.metadata, uid: deriveUid(uidSalt, -101 - i), resourceVersion: '0', creationTimestamp: 0 },
    };
    s = putObject(s, frozenInTests(stored), s.resourceVersion);
  });
  return s;
}

import {
  type Change,
  type ClusterView,
  type Controller,
  DEFAULT_SERVICE_ACCOUNT,
  defaultServiceAccount,
  type Effect,
  type Namespace,
  type ServiceAccount,
} from '@kubesim/core';

/**
 * The service account controller (pkg/controller/serviceaccount/serviceaccounts_controller.go):
 * every active namespace has the `default` ServiceAccount: a namespace that is added (or
 * updated) gets it, and one that is deleted is created again. Keyed by namespace. The system
 * namespaces' accounts exist from the start (the store is made with them).
 */
export const SERVICE_ACCOUNT_CONTROLLER = 'service-account-controller';

/** serviceAccountDeleted: the namespace of a deleted account is synced again. */
function namespaceOfDeleted(change: Change): Iterable<string> {
  if (change.new !== undefined || change.old === undefined) return [];
  const sa = change.old as ServiceAccount;
  return [sa.metadata.namespace ?? 'default'];
}

/** namespaceAdded / namespaceUpdated: the namespace is synced. */
function namespaceOf(change: Change): Iterable<string> {
  if (change.new === undefined) return [];
  return [(change.new as Namespace).metadata.name ?? ''];
}

/**
 * syncNamespace: create each managed account the namespace lacks (an AlreadyExists is retried
 * and then finds it). A namespace that is gone or not Active is left alone.
 */
function syncNamespace(view: ClusterView, namespace: string): Effect[] {
  const ns = view.get('Namespace', undefined, namespace);
  if (ns === undefined || (ns.status?.phase ?? 'Active') !== 'Active') return [];
  if (view.get('ServiceAccount', namespace, DEFAULT_SERVICE_ACCOUNT) !== undefined) return [];
  return [{ type: 'create', object: defaultServiceAccount(namespace) }];
}

/** The service account controller (1 worker): the `default` ServiceAccount of every active namespace. */
export function serviceAccountsController(): Controller {
  return {
    name: 'serviceaccount',
    component: SERVICE_ACCOUNT_CONTROLLER,
    watches: [
      { kind: 'ServiceAccount', keys: namespaceOfDeleted },
      { kind: 'Namespace', keys: namespaceOf },
    ],
    reconcile: syncNamespace,
    // kube-controller-manager starts it with one worker.
    runtime: { process: 'kube-controller-manager', workers: 1 },
  };
}

import {
  type Change,
  type ClusterView,
  type Controller,
  DEFAULT_SERVICE_ACCOUNT,
  defaultServiceAccount,
  type Effect,
  NAMESPACES_AT_START,
  type ServiceAccount,
} from '@kubesim/core';

/**
 * The service account controller (pkg/controller/serviceaccount/serviceaccounts_controller.go):
 * every active namespace has the `default` ServiceAccount; one that is deleted is created
 * again. Keyed by namespace. The system namespaces' accounts exist from the start (the store
 * is made with them); kubesim has no Namespace objects yet, so the namespaces it serves are
 * those (a namespace watch belongs here once they exist).
 */
export const SERVICE_ACCOUNT_CONTROLLER = 'service-account-controller';

/** serviceAccountDeleted: the namespace of a deleted account is synced again. */
function namespaceOfDeleted(change: Change): Iterable<string> {
  if (change.new !== undefined || change.old === undefined) return [];
  const sa = change.old as ServiceAccount;
  return [sa.metadata.namespace ?? 'default'];
}

/** syncNamespace: create each managed account the namespace lacks (an AlreadyExists is retried and then finds it). */
function syncNamespace(view: ClusterView, namespace: string): Effect[] {
  if (!NAMESPACES_AT_START.includes(namespace)) return [];
  if (view.get('ServiceAccount', namespace, DEFAULT_SERVICE_ACCOUNT) !== undefined) return [];
  return [{ type: 'create', object: defaultServiceAccount(namespace) }];
}

export function serviceAccountsController(): Controller {
  return {
    name: 'serviceaccount',
    component: SERVICE_ACCOUNT_CONTROLLER,
    watches: [{ kind: 'ServiceAccount', keys: namespaceOfDeleted }],
    reconcile: syncNamespace,
    // kube-controller-manager starts it with one worker.
    runtime: { process: 'kube-controller-manager', workers: 1 },
  };
}

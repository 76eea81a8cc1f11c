import { describe, expect, it } from 'vitest';
import type { Pod, ServiceAccount } from '../api/types.js';
import { emptyStore, putObject } from '../store/store.js';
import { admitServiceAccount, withDefaultServiceAccounts, withServiceAccountName } from './serviceAccount.js';

/** plugin/pkg/admission/serviceaccount/admission_test.go, the cases of what kubesim models. */

function pod(spec: Partial<Pod['spec']> = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'myns' },
    spec: { containers: [{ name: 'c', image: 'i' }], ...spec },
  };
}

function account(name: string, namespace: string): ServiceAccount {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace, uid: `uid-${name}` } };
}

describe('serviceaccount admission', () => {
  it('TestAssignsDefaultServiceAccountAndToleratesMissingAPIToken', () => {
    const spec = withServiceAccountName(pod().spec);
    expect(spec.serviceAccountName).toBe('default');
    expect(spec.serviceAccount).toBe('default');
    // Pods of one template share the admitted spec.
    const shared = pod().spec;
    expect(withServiceAccountName(shared)).toBe(withServiceAccountName(shared));
  });

  it('TestFetchesUncachedServiceAccount', () => {
    const store = putObject(emptyStore(), account('sa', 'myns'), 1);
    expect(admitServiceAccount(store, pod({ serviceAccountName: 'sa' }))).toBeUndefined();
  });

  it('TestDeniesInvalidServiceAccount', () => {
    expect(admitServiceAccount(emptyStore(), pod({ serviceAccountName: 'sa' }))).toEqual({
      reason: 'Forbidden',
      message: 'pods "p" is forbidden: error looking up service account myns/sa: serviceaccount "sa" not found',
    });
    // An account of the same name in another namespace is not it.
    const elsewhere = putObject(emptyStore(), account('sa', 'other'), 1);
    expect(admitServiceAccount(elsewhere, pod({ serviceAccountName: 'sa' }))?.reason).toBe('Forbidden');
  });

  it('the default account is admitted while the controller has yet to create it (upstream retries the lookup)', () => {
    expect(admitServiceAccount(emptyStore(), pod())).toBeUndefined();
  });

  it('a pod without a name yet is named by its generateName (NewForbidden)', () => {
    const p = { ...pod({ serviceAccountName: 'sa' }), metadata: { generateName: 'web-', namespace: 'myns' } };
    expect(admitServiceAccount(emptyStore(), p)?.message).toMatch(/^pods "web-" is forbidden/);
  });

  it('each system namespace starts with its default account, without using a resourceVersion', () => {
    const store = withDefaultServiceAccounts(emptyStore(), 7);
    expect(store.resourceVersion).toBe(0);
    expect([...store.objects.ServiceAccount.entries()].map(([k, sa]) => [k, sa.metadata.resourceVersion])).toEqual([
      ['default/default', '0'],
      ['kube-node-lease/default', '0'],
      ['kube-public/default', '0'],
      ['kube-system/default', '0'],
    ]);
  });
});

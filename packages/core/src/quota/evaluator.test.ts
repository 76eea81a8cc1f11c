import { describe, expect, it } from 'vitest';
import { objectCountEvaluator } from './evaluator.js';

/**
 * k8s.io/apiserver/pkg/quota/v1/generic evaluator_test.go (v1.34). TestCachedHasSynced and
 * TestProtectedLister have no counterpart: kubesim's evaluators read the store, which has no
 * informer to wait for.
 */

// kubesim's handles takes the operation only: delete and connect never reach quota
// admission, and no subresource write is charged.
describe('TestObjectCountEvaluatorHandles', () => {
  const evaluator = objectCountEvaluator('pods');
  it('create', () => expect(evaluator.handles('create')).toBe(true));
  it('update', () => expect(evaluator.handles('update')).toBe(false));
  it.skip('delete', () => {});
  it.skip('connect', () => {});
  it.skip('create-subresource', () => {});
  it.skip('update-subresource', () => {});
});

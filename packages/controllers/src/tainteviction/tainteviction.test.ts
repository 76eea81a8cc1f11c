import type { Node, Pod, Toleration } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { describeCall, FakeApi } from '../../test/fixtures/calls.js';
import { taintEviction } from './tainteviction.js';

/**
 * The taint eviction controller's calls, as taint_eviction_test.go pins them (TestCreatePod's
 * expectPatch / expectDelete): a pod on a node with a NoExecute taint it does not tolerate gets
 * its DisruptionTarget condition patched, then is deleted; one that tolerates it is left alone.
 */

const controller = taintEviction();

function setup(tolerations: Toleration[] | undefined, tainted = true): FakeApi {
  const api = new FakeApi([], ['node1']);
  if (tainted) {
    const node = api.sim.get('Node', 'node1', '') as Node;
    api.write({
      type: 'Update',
      object: { ...node, spec: { ...node.spec, taints: [{ key: 'testTaint1', value: 'test1', effect: 'NoExecute' }] } },
    });
  }
  const pod: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'pod1', namespace: 'default' },
    spec: { nodeName: 'node1', containers: [{ name: 'c', image: 'nginx' }], ...(tolerations ? { tolerations } : {}) },
  };
  api.write({ type: 'Create', object: pod });
  return api;
}

describe('TestCreatePod (taint_eviction_test.go)', () => {
  it.each([
    ['not scheduled on a tainted node - ignore', undefined, false, []],
    ['scheduled on tainted Node', undefined, true, ['patch Pod pod1', 'delete Pod pod1']],
    [
      'scheduled on tainted Node with finite toleration',
      [{ key: 'testTaint1', value: 'test1', effect: 'NoExecute', operator: 'Equal', tolerationSeconds: 100 }],
      true,
      [],
    ],
    [
      'scheduled on tainted Node with infinite toleration',
      [{ key: 'testTaint1', value: 'test1', effect: 'NoExecute', operator: 'Equal' }],
      true,
      [],
    ],
    [
      'scheduled on tainted Node with infinite ignored toleration',
      [{ key: 'testTaint2', value: 'test2', effect: 'NoExecute', operator: 'Equal' }],
      true,
      ['patch Pod pod1', 'delete Pod pod1'],
    ],
  ] as const)('%s', (_name, tolerations, tainted, calls) => {
    const api = setup(tolerations as Toleration[] | undefined, tainted);
    const r = api.sync(controller, 'default/pod1');
    expect(r.sent.map((s) => describeCall(s.effect))).toEqual(calls);
    if (calls.length > 0) {
      // addConditionAndDeletePod: GET, the status patch (guarded by the uid), the DELETE by name.
      expect(r.sent[0]?.effect).toMatchObject({ subresource: 'status', getFirst: true, uid: expect.any(String) });
      expect(r.sent[1]?.effect).not.toHaveProperty('uid');
      expect(r.events).toEqual(['Normal TaintManagerEviction Marking for deletion Pod default/pod1']);
    }
  });

  it('a finite toleration: deleted once tolerationSeconds have passed since the taint was seen', () => {
    const api = setup([{ key: 'testTaint1', value: 'test1', effect: 'NoExecute', operator: 'Equal', tolerationSeconds: 100 }]);
    const r = api.sync(controller, 'default/pod1');
    expect(r.effects).toContainEqual({ type: 'requeueAfter', after: 100_000 });
    api.sim.run('100s');
    expect(api.sync(controller, 'default/pod1').sent.map((s) => describeCall(s.effect))).toEqual([
      'patch Pod pod1',
      'delete Pod pod1',
    ]);
  });
});

import type { Endpoints, KubeObject, Pod, Service } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { describeCall, FakeApi } from '../../test/fixtures/calls.js';
import { endpointsController } from './endpoints.js';

/**
 * The endpoints controller's calls per syncService, as endpoints_controller_test.go pins them
 * with its request counter (ValidateRequestCount / ValidateRequest): at most one create,
 * update or delete per sync, none when nothing changes.
 */

const controller = endpointsController();
const KEY = 'other/foo';

function service(spec: Partial<Service['spec']> = {}, labels?: Record<string, string>): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'foo', namespace: 'other', ...(labels ? { labels } : {}) },
    spec: {
      selector: { foo: 'bar' },
      ports: [{ port: 80, protocol: 'TCP', targetPort: 8080 }],
      clusterIP: '10.96.0.10',
      ...spec,
    },
  };
}

function withoutSelector(svc: Service): Service {
  const { selector: _s, ...spec } = svc.spec;
  return { ...svc, spec };
}

function endpoints(subsets: Endpoints['subsets'] = undefined, labels?: Record<string, string>): Endpoints {
  return {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: 'foo', namespace: 'other', ...(labels ? { labels } : {}) },
    ...(subsets !== undefined ? { subsets } : {}),
  };
}

/** A Running, Ready pod at 1.2.3.4 that the service selects (addPods in the upstream test). */
function addPod(api: FakeApi): void {
  const pod: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'pod0', namespace: 'other', labels: { foo: 'bar' } },
    spec: { nodeName: 'node1', containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 8080 }] }] },
  };
  api.write({ type: 'Create', object: pod });
  api.write({
    type: 'Patch',
    ref: { kind: 'Pod', namespace: 'other', name: 'pod0' },
    patchType: 'merge',
    subresource: 'status',
    patch: {
      status: {
        phase: 'Running',
        podIP: '1.2.3.4',
        podIPs: [{ ip: '1.2.3.4' }],
        conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: 0 }],
      },
    },
  });
}

const SUBSET = [
  {
    addresses: [{ ip: '6.7.8.9', nodeName: 'node1' }],
    ports: [{ port: 1000, protocol: 'TCP' as const }],
  },
];

describe('syncService request counts (endpoints_controller_test.go)', () => {
  it.each([
    ['TestSyncEndpointsServiceNotFound', [endpoints(SUBSET)], false, ['delete Endpoints foo']],
    ['TestSyncServiceExternalNameType', [service({ type: 'ExternalName', externalName: 'example.com' })], false, []],
    ['TestSyncEndpointsItemsPreserveNoSelector', [withoutSelector(service()), endpoints(SUBSET)], false, []],
    ['TestSyncEndpointsNewNoSubsets', [service()], false, ['create Endpoints foo']],
    ['TestSyncEndpointsExistingNilSubsets', [service(), endpoints()], false, []],
    ['TestSyncEndpointsItemsPreexisting', [service(), endpoints(SUBSET)], true, ['update Endpoints foo']],
    ['TestSyncEndpointsItems', [service()], true, ['create Endpoints foo']],
    ['TestSyncEndpointsItemsWithLabels', [service({}, { foo: 'bar' }), endpoints()], true, ['update Endpoints foo']],
  ] as const)('%s', (_name, objects, withPod, calls) => {
    const api = new FakeApi(objects as readonly KubeObject[]);
    if (withPod) addPod(api);
    const r = api.sync(controller, KEY);
    expect(r.sent.map((s) => describeCall(s.effect))).toEqual(calls);
    expect(r.sent.every((s) => s.error === undefined)).toBe(true);
  });

  it('TestSyncEndpointsItemsPreexistingIdentical: a second sync finds nothing to write', () => {
    const api = new FakeApi([service()]);
    addPod(api);
    expect(api.sync(controller, KEY).sent).toHaveLength(1);
    expect(api.sync(controller, KEY).sent).toEqual([]);
  });

  it('the service gone and no Endpoints: the DELETE still goes, and NotFound is no error', () => {
    const api = new FakeApi();
    const r = api.sync(controller, KEY);
    expect(r.sent).toEqual([
      { effect: { type: 'delete', ref: { kind: 'Endpoints', namespace: 'other', name: 'foo' } }, error: 'NotFound' },
    ]);
  });
});

describe('staleEndpointsTracker (endpoints_tracker.go)', () => {
  it('a sync that still sees the version its update replaced writes nothing and is retried after the back-off', () => {
    const api = new FakeApi([service(), endpoints(SUBSET)]);
    addPod(api);
    const before = api.sim.view;
    expect(api.sync(controller, KEY).sent.map((s) => describeCall(s.effect))).toEqual(['update Endpoints foo']);
    // The informer has not delivered the update yet: the cached Endpoints is the replaced one.
    const stale = api.sync(controller, KEY, undefined, { view: before, inFlight: 1 });
    expect(stale.sent).toEqual([]);
    expect(stale.effects).toContainEqual({ type: 'requeueAfter', after: 5 });
    const again = api.sync(controller, KEY, undefined, { view: before, inFlight: 1 });
    expect(again.effects).toContainEqual({ type: 'requeueAfter', after: 10 });
    // Once it has: nothing more to write.
    expect(api.sync(controller, KEY).sent).toEqual([]);
  });

  it('an update that failed leaves nothing stale: the next sync tries again', () => {
    const api = new FakeApi([service(), endpoints(SUBSET)]);
    addPod(api);
    const r = api.sync(controller, KEY, () => 'Conflict');
    expect(r.sent).toMatchObject([{ error: 'Conflict' }]);
    expect(r.events).toEqual([expect.stringMatching(/^Warning FailedToUpdateEndpoint Failed to update endpoint other\/foo: /)]);
    expect(api.sync(controller, KEY, undefined, { inFlight: 1 }).sent.map((s) => describeCall(s.effect))).toEqual([
      'update Endpoints foo',
    ]);
  });
});

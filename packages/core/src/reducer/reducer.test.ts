import { describe, expect, it } from 'vitest';
import type { Deployment, KubeEvent, KubeObject, Pod } from '../api/types.js';
import type { LogEntry, RecordEvent, SimEvent } from '../events.js';
import { stateHash } from '../log/stateHash.js';
import { EventCorrelator, type EventCorrelatorInput, toRecordEvent } from '../runtime/eventsCache.js';
import { type ClusterState, initialState } from '../state.js';
import { getObject } from '../store/store.js';
import { reduce } from './index.js';

let seq = 0;
function apply(state: ClusterState, event: SimEvent, time = state.time) {
  const entry: LogEntry = { seq: ++seq, time, by: 'user', event };
  return reduce(state, entry);
}

function pod(name: string, extra: Partial<Pod['spec']> = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: { containers: [{ name: 'c', image: 'nginx:1.25' }], ...extra },
  };
}

function deployment(name: string, replicas = 3): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }] } },
    },
  };
}

const empty = (): ClusterState => initialState('seed', 42);

describe('create', () => {
  it('assigns uid, resourceVersion, creationTimestamp and generation, and defaults the namespace', () => {
    const r = apply(empty(), { type: 'Create', object: deployment('web') }, 5000);
    expect(r.error).toBeUndefined();
    const d = getObject(r.state.store, 'Deployment', 'default/web');
    expect(d?.metadata).toMatchObject({
      name: 'web',
      namespace: 'default',
      resourceVersion: '1',
      creationTimestamp: 5000,
      generation: 1,
    });
    expect(d?.metadata.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(d?.spec.strategy?.rollingUpdate).toEqual({ maxUnavailable: '25%', maxSurge: '25%' });
    expect(r.changes).toHaveLength(1);
  });

  it('gives a new pod phase Pending, its QoS class and the default tolerations', () => {
    const r = apply(empty(), { type: 'Create', object: pod('p') });
    const p = getObject(r.state.store, 'Pod', 'default/p');
    expect(p?.status).toEqual({ phase: 'Pending', qosClass: 'BestEffort' });
    expect(p?.spec.tolerations).toEqual([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
  });

  it('rejects a second object with the same name as AlreadyExists, changing nothing', () => {
    const once = apply(empty(), { type: 'Create', object: deployment('web') }).state;
    const r = apply(once, { type: 'Create', object: deployment('web') });
    expect(r.error).toEqual({ reason: 'AlreadyExists', message: 'deployments.apps "web" already exists' });
    expect(r.state).toBe(once);
  });

  it('rejects an invalid object with the API server message, changing nothing', () => {
    const bad = deployment('web');
    bad.spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } };
    const before = empty();
    const r = apply(before, { type: 'Create', object: bad });
    expect(r.error?.reason).toBe('Invalid');
    expect(r.error?.message).toBe(
      'Deployment.apps "web" is invalid: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0',
    );
    expect(stateHash(r.state)).toBe(stateHash(before));
  });

  it('rejects a kind in the wrong API version', () => {
    const r = apply(empty(), { type: 'Create', object: { ...deployment('web'), apiVersion: 'extensions/v1beta1' } as never });
    expect(r.error).toEqual({
      reason: 'BadRequest',
      message: 'no matches for kind "Deployment" in version "extensions/v1beta1"',
    });
  });
});

describe('update', () => {
  const created = (): ClusterState => apply(empty(), { type: 'Create', object: deployment('web') }).state;
  const current = (s: ClusterState): Deployment => getObject(s.store, 'Deployment', 'default/web') as Deployment;

  it('bumps generation when the spec changes, not when only labels do', () => {
    const s = created();
    const scaled = apply(s, { type: 'Scale', ref: { kind: 'Deployment', name: 'web' }, replicas: 5 }).state;
    expect(current(scaled).metadata.generation).toBe(2);
    expect(current(scaled).metadata.resourceVersion).toBe('2');
    const relabelled = apply(scaled, {
      type: 'Patch',
      ref: { kind: 'Deployment', name: 'web' },
      patchType: 'merge',
      patch: { metadata: { labels: { tier: 'front' } } },
    }).state;
    expect(current(relabelled).metadata.generation).toBe(2);
    expect(current(relabelled).metadata.labels).toEqual({ app: 'web', tier: 'front' });
  });

  it('bumps a Deployment generation when its annotations change (the rollback annotation path)', () => {
    const r = apply(created(), {
      type: 'Patch',
      ref: { kind: 'Deployment', name: 'web' },
      patchType: 'merge',
      patch: { metadata: { annotations: { 'kubernetes.io/change-cause': 'x' } } },
    });
    expect(current(r.state).metadata.generation).toBe(2);
  });

  it('refuses a stale resourceVersion with the Conflict message', () => {
    const s = created();
    const stale = { ...current(s), metadata: { ...current(s).metadata, resourceVersion: '999' } } as KubeObject;
    const r = apply(s, { type: 'Update', object: stale });
    expect(r.error).toEqual({
      reason: 'Conflict',
      message:
        'Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again',
    });
  });

  it('leaves spec alone on a status update and does not bump generation', () => {
    const s = created();
    const d = current(s);
    const r = apply(s, { type: 'UpdateStatus', object: { ...d, spec: { ...d.spec, replicas: 9 }, status: { replicas: 3 } } });
    expect(current(r.state).spec.replicas).toBe(3);
    expect(current(r.state).status).toEqual({ replicas: 3 });
    expect(current(r.state).metadata.generation).toBe(1);
  });

  it('treats a write that changes nothing as a no-op: no new resourceVersion, no change', () => {
    const s = created();
    const r = apply(s, { type: 'Update', object: current(s) });
    expect(r.changes).toEqual([]);
    expect(r.state.store).toBe(s.store);
  });

  it('rejects a selector change as immutable', () => {
    const s = created();
    const d = current(s);
    const changed = {
      ...d,
      spec: {
        ...d.spec,
        selector: { matchLabels: { app: 'other' } },
        template: { ...d.spec.template, metadata: { labels: { app: 'other' } } },
      },
    };
    const r = apply(s, { type: 'Update', object: changed });
    expect(r.error?.message).toBe(
      'Deployment.apps "web" is invalid: spec.selector: Invalid value: {"matchLabels":{"app":"other"}}: field is immutable',
    );
  });
});

describe('apply', () => {
  it('creates, then updates from the manifest, keeping annotations others wrote', () => {
    const first = apply(empty(), { type: 'Apply', object: deployment('web') }).state;
    const d1 = getObject(first.store, 'Deployment', 'default/web') as Deployment;
    expect(d1.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration']).toContain('"name":"web"');
    // A controller writes its own annotation.
    const annotated = apply(first, {
      type: 'Update',
      object: {
        ...d1,
        metadata: { ...d1.metadata, annotations: { ...d1.metadata.annotations, 'deployment.kubernetes.io/revision': '1' } },
      },
    }).state;
    const second = apply(annotated, { type: 'Apply', object: deployment('web', 5) }).state;
    const d2 = getObject(second.store, 'Deployment', 'default/web') as Deployment;
    expect(d2.spec.replicas).toBe(5);
    expect(d2.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('1');
    expect(d2.metadata.uid).toBe(d1.metadata.uid);
  });
});

describe('delete', () => {
  const bound = (): ClusterState => {
    const s = apply(empty(), { type: 'Create', object: pod('p') }, 0).state;
    const p = getObject(s.store, 'Pod', 'default/p') as Pod;
    return apply(s, { type: 'Bind', ref: { kind: 'Pod', name: 'p' }, uid: p.metadata.uid as string, nodeName: 'n1' }, 0).state;
  };

  it('deletes an unscheduled pod at once', () => {
    const s = apply(empty(), { type: 'Create', object: pod('p') }).state;
    const r = apply(s, { type: 'Delete', ref: { kind: 'Pod', name: 'p' } });
    expect(getObject(r.state.store, 'Pod', 'default/p')).toBeUndefined();
  });

  it('gives a scheduled pod a deletionTimestamp its grace period away', () => {
    const r = apply(bound(), { type: 'Delete', ref: { kind: 'Pod', name: 'p' } }, 10_000);
    const p = getObject(r.state.store, 'Pod', 'default/p');
    expect(p?.metadata.deletionTimestamp).toBe(40_000);
    expect(p?.metadata.deletionGracePeriodSeconds).toBe(30);
    // The kubelet's final delete (grace 0) removes it.
    const gone = apply(r.state, { type: 'Delete', ref: { kind: 'Pod', name: 'p' }, gracePeriodSeconds: 0 }, 12_000);
    expect(getObject(gone.state.store, 'Pod', 'default/p')).toBeUndefined();
  });

  it('keeps an owner with a finalizer until the finalizer is removed (foreground and orphan)', () => {
    for (const [policy, finalizer] of [
      ['Foreground', 'foregroundDeletion'],
      ['Orphan', 'orphan'],
    ] as const) {
      const s = apply(empty(), { type: 'Create', object: deployment('web') }).state;
      const r = apply(s, { type: 'Delete', ref: { kind: 'Deployment', name: 'web' }, propagationPolicy: policy }, 7000);
      const d = getObject(r.state.store, 'Deployment', 'default/web') as Deployment;
      expect(d.metadata.finalizers).toEqual([finalizer]);
      expect(d.metadata.deletionTimestamp).toBe(7000);
      expect(d.metadata.generation).toBe(2);
      const cleared = apply(r.state, { type: 'Update', object: { ...d, metadata: { ...d.metadata, finalizers: [] } } });
      expect(getObject(cleared.state.store, 'Deployment', 'default/web')).toBeUndefined();
    }
  });

  it('refuses a delete whose uid precondition names another incarnation', () => {
    const r = apply(bound(), { type: 'Delete', ref: { kind: 'Pod', name: 'p' }, uid: 'nope' });
    expect(r.error?.reason).toBe('Conflict');
    expect(r.error?.message).toMatch(/^Precondition failed: UID in precondition: nope, UID in object meta: /);
  });

  it('reports NotFound with the resource name', () => {
    const r = apply(empty(), { type: 'Delete', ref: { kind: 'Deployment', name: 'ghost' } });
    expect(r.error).toEqual({ reason: 'NotFound', message: 'deployments.apps "ghost" not found' });
  });
});

describe('bind', () => {
  it('sets the node and PodScheduled=True, and refuses a second binding', () => {
    const s = apply(empty(), { type: 'Create', object: pod('p') }, 0).state;
    const uid = (getObject(s.store, 'Pod', 'default/p') as Pod).metadata.uid as string;
    const r = apply(s, { type: 'Bind', ref: { kind: 'Pod', name: 'p' }, uid, nodeName: 'node-1' }, 3);
    const p = getObject(r.state.store, 'Pod', 'default/p') as Pod;
    expect(p.spec.nodeName).toBe('node-1');
    expect(p.status?.conditions).toEqual([{ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: 3 }]);
    const again = apply(r.state, { type: 'Bind', ref: { kind: 'Pod', name: 'p' }, uid, nodeName: 'node-2' });
    expect(again.error?.message).toContain('is already assigned to node "node-1"');
  });
});

describe('events', () => {
  function podWithUid(): { state: ClusterState; involved: RecordEvent['involved'] } {
    const state = apply(empty(), { type: 'Create', object: pod('p') }, 0).state;
    const uid = (getObject(state.store, 'Pod', 'default/p') as Pod).metadata.uid as string;
    return { state, involved: { kind: 'Pod', namespace: 'default', name: 'p', uid } };
  }
  const backOff = (involved: RecordEvent['involved']): EventCorrelatorInput => ({
    involved,
    eventType: 'Warning',
    reason: 'BackOff',
    message: 'Back-off pulling image "x"',
    component: 'kubelet',
    host: 'n1',
  });
  const eventsAbout = (s: ClusterState, uid: string): KubeEvent[] => {
    const out: KubeEvent[] = [];
    s.store.eventsByObject.forEachPrefix(`${uid}\u0000`, (key) => {
      out.push(getObject(s.store, 'Event', key) as KubeEvent);
      return true;
    });
    return out;
  };

  // The reducer no longer looks for an identical event: the recording client's correlator
  // decides, and the RecordEvent carries its decision.
  it('aggregates an identical event into one with a count (through the correlator)', () => {
    let { state: s, involved } = podWithUid();
    const correlator = new EventCorrelator();
    for (const t of [1000, 2000]) {
      const ev = toRecordEvent(correlator.correlate(backOff(involved), t));
      if (ev === undefined) throw new Error('unexpected skip');
      s = apply(s, ev, t).state;
    }
    const events = [...s.store.objects.Event.values()];
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ count: 2, firstTimestamp: 1000, lastTimestamp: 2000, reason: 'BackOff' });
    expect(eventsAbout(s, involved.uid)).toEqual(events);
  });

  it("stamps the recorder's time, not the time the write lands", () => {
    let { state: s, involved } = podWithUid();
    const correlator = new EventCorrelator();
    for (const [recorded, written] of [
      [1000, 1500],
      [2000, 2600],
    ] as const) {
      const ev = toRecordEvent(correlator.correlate(backOff(involved), recorded));
      if (ev === undefined) throw new Error('unexpected skip');
      s = apply(s, ev, written).state;
    }
    expect(eventsAbout(s, involved.uid)).toMatchObject([
      { count: 2, firstTimestamp: 1000, lastTimestamp: 2000, metadata: { creationTimestamp: 1500 } },
    ]);
  });

  it('creates a new Event for every RecordEvent without a name, with no aggregation', () => {
    let { state: s, involved } = podWithUid();
    const ev: SimEvent = { type: 'RecordEvent', ...backOff(involved) };
    s = apply(s, ev, 1000).state;
    s = apply(s, ev, 2000).state;
    const events = eventsAbout(s, involved.uid);
    expect(events.map((e) => [e.count, e.firstTimestamp, e.lastTimestamp])).toEqual([
      [1, 1000, 1000],
      [1, 2000, 2000],
    ]);
    for (const e of events) expect(e.metadata.name).toMatch(/^p\.[0-9a-f]+$/);
  });

  it('patches the named Event: count, message and lastTimestamp, nothing else', () => {
    let { state: s, involved } = podWithUid();
    const first: RecordEvent = { type: 'RecordEvent', ...backOff(involved), name: 'p.abc' };
    s = apply(s, first, 1000).state;
    const created = getObject(s.store, 'Event', 'default/p.abc') as KubeEvent;
    const patch: RecordEvent = { ...first, message: 'another', count: 7, firstTimestamp: 1000 };
    const r = apply(s, patch, 5000);
    expect(r.error).toBeUndefined();
    expect(r.changes).toEqual([]);
    const patched = getObject(r.state.store, 'Event', 'default/p.abc') as KubeEvent;
    expect(patched).toEqual({
      ...created,
      metadata: { ...created.metadata, resourceVersion: String(r.state.store.resourceVersion) },
      count: 7,
      message: 'another',
      lastTimestamp: 5000,
    });
    expect(eventsAbout(r.state, involved.uid)).toEqual([patched]);
  });

  // TestUpdateExpiredEvent (client-go tools/record/event_test.go): a patch that finds the
  // Event gone (expired, deleted) is sent again as a create.
  it('creates the Event when a patch finds it gone, with the name, count and firstTimestamp it carries', () => {
    const { state, involved } = podWithUid();
    const r = apply(state, { type: 'RecordEvent', ...backOff(involved), name: 'p.abc', count: 3, firstTimestamp: 400 }, 900);
    expect(r.error).toBeUndefined();
    expect(getObject(r.state.store, 'Event', 'default/p.abc')).toMatchObject({
      count: 3,
      firstTimestamp: 400,
      lastTimestamp: 900,
      involvedObject: { kind: 'Pod', name: 'p', uid: involved.uid, apiVersion: 'v1' },
      source: { component: 'kubelet', host: 'n1' },
    });
    expect(eventsAbout(r.state, involved.uid)).toHaveLength(1);
  });

  it('refuses a create of a taken name with AlreadyExists, as the API server does', () => {
    let { state: s, involved } = podWithUid();
    const ev: RecordEvent = { type: 'RecordEvent', ...backOff(involved), name: 'p.abc' };
    s = apply(s, ev, 1000).state;
    const r = apply(s, { ...ev, message: 'other' }, 2000);
    expect(r.error).toEqual({ reason: 'AlreadyExists', message: 'events "p.abc" already exists' });
    expect(r.state.store).toBe(s.store);
  });

  it("keeps a ReplicaSet's 10,000 SuccessfulCreate events to ten Events, as the correlator aggregates and filters them", () => {
    let s = apply(empty(), { type: 'Create', object: pod('p') }, 0).state;
    const involved: RecordEvent['involved'] = { kind: 'ReplicaSet', namespace: 'default', name: 'web', uid: 'rs-uid' };
    const correlator = new EventCorrelator();
    let writes = 0;
    for (let i = 0; i < 10_000; i++) {
      const t = 1000 + i * 100;
      const message = `Created pod: web-${i}`;
      const ev = toRecordEvent(
        correlator.correlate(
          { involved, eventType: 'Normal', reason: 'SuccessfulCreate', message, component: 'replicaset-controller' },
          t,
        ),
      );
      if (ev === undefined) continue;
      writes++;
      const r = apply(s, ev, t);
      expect(r.error).toBeUndefined();
      s = r.state;
    }
    const events = eventsAbout(s, 'rs-uid');
    // Nine single events, then the aggregate; 25 writes in the burst, then one per 300 s (at 301 s, 601 s, 901 s).
    expect(events).toHaveLength(10);
    expect(writes).toBe(28);
    const aggregate = events.find((e) => e.message.startsWith('(combined from similar events): '));
    expect(aggregate).toMatchObject({
      count: 8992,
      firstTimestamp: 1900,
      lastTimestamp: 901_000,
      message: '(combined from similar events): Created pod: web-9000',
    });
  });
});

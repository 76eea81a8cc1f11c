import { describe, expect, it } from 'vitest';
import type { Pod } from '../api/types.js';
import type { Actor, LogEntry, SimEvent } from '../events.js';
import { reduce } from '../reducer/index.js';
import { type ClusterState, initialState } from '../state.js';
import { Resolver } from './format.js';
import { EventLog, parseLog, readLog, serializeEntry } from './log.js';
import { replay } from './replay.js';
import { stateHash } from './stateHash.js';

interface Step {
  readonly time: number;
  readonly by?: Actor;
  readonly cause?: number;
  readonly event: SimEvent;
}

/** Folds events through the reducer as the engine does, appending each entry with the state before it. */
function record(steps: readonly Step[], log = new EventLog()): { log: EventLog; state: ClusterState } {
  let state = initialState('s', 7);
  steps.forEach((s, seq) => {
    const entry: LogEntry = {
      seq,
      time: s.time,
      by: s.by ?? (s.event.type === 'Start' || s.event.type === 'Reconcile' ? 'engine' : 'user'),
      ...(s.cause !== undefined ? { cause: s.cause } : {}),
      event: s.event,
    };
    const r = reduce(state, entry);
    const logged =
      r.error !== undefined ? { ...entry, error: r.error } : r.skipped !== undefined ? { ...entry, skipped: r.skipped } : entry;
    log.append(logged, state);
    state = r.state;
  });
  return { log, state };
}

function pod(name: string): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { app: 'web' } },
    spec: { containers: [{ name: 'app', image: 'nginx:1.25' }] },
  };
}

const PROFILE = { pull: { kind: 'fixed', value: 10 } } as const;

/** A little of everything, one event of each kind, in the order a run might have them. */
function steps(): Step[] {
  const out: Step[] = [
    { time: 0, event: { type: 'Start', seed: 's', uidSalt: 7, imageProfiles: [] } },
    {
      time: 0,
      by: 'world',
      event: { type: 'NodeAdded', node: { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' }, spec: {} } },
    },
    { time: 5, event: { type: 'Create', object: pod('a') } },
    { time: 5, event: { type: 'Create', object: pod('b') } },
    { time: 6, event: { type: 'Reconcile', controller: 'scheduler', key: 'default/a' } },
  ];
  const state = record(out).state;
  const a = state.store.objects.Pod.get('default/a') as Pod;
  const uid = a.metadata.uid as string;
  out.push(
    {
      time: 7,
      by: 'scheduler',
      cause: 4,
      event: { type: 'Bind', ref: { kind: 'Pod', namespace: 'default', name: 'a' }, uid, nodeName: 'n1' },
    },
    { time: 8, event: { type: 'Reconcile', controller: 'kubelet', key: 'default/a' } },
  );
  const bound = record(out).state.store.objects.Pod.get('default/a') as Pod;
  out.push(
    {
      time: 9,
      by: 'kubelet',
      cause: 6,
      event: { type: 'UpdateStatus', object: { ...bound, status: { ...bound.status, phase: 'Running', podIP: '10.0.0.1' } } },
    },
    {
      time: 9,
      by: 'kubelet',
      cause: 6,
      event: {
        type: 'RecordEvent',
        involved: { kind: 'Pod', namespace: 'default', name: 'a', uid },
        eventType: 'Normal',
        reason: 'Started',
        message: 'Started container app',
        component: 'kubelet',
      },
    },
    {
      time: 10,
      event: {
        type: 'Patch',
        ref: { kind: 'Pod', name: 'b' },
        patchType: 'merge',
        patch: { metadata: { labels: { tier: 'x' } } },
      },
    },
    {
      time: 10,
      by: 'world',
      event: { type: 'MetricSample', pods: { 'default/a': [15_000, [['app', 150, 1_048_576]]] }, gone: ['default/x'] },
    },
    {
      time: 11,
      by: 'world',
      event: { type: 'ContainerCrash', ref: { kind: 'Pod', namespace: 'default', name: 'a' }, container: 'app' },
    },
    { time: 12, by: 'world', event: { type: 'SetImageProfile', match: 'nginx:*', profile: PROFILE } },
    { time: 13, event: { type: 'Update', object: { ...pod('gone'), metadata: { name: 'gone', namespace: 'default' } } } },
    { time: 14, event: { type: 'Evict', ref: { kind: 'Pod', namespace: 'default', name: 'a' }, uid } },
    { time: 14, event: { type: 'Scale', ref: { kind: 'Deployment', name: 'none' }, replicas: 2 } },
    { time: 15, by: 'world', event: { type: 'NodeFails', name: 'n1' } },
  );
  const b = record(out).state.store.objects.Pod.get('default/b') as Pod;
  out.push(
    { time: 16, event: { type: 'Delete', ref: { kind: 'Pod', name: 'b' }, gracePeriodSeconds: 0 } },
    // A status write that lands after the pod is gone: as the Delete found it.
    { time: 17, by: 'kubelet', event: { type: 'UpdateStatus', object: b } },
  );
  return out;
}

describe('the format-3 log', () => {
  it('writes a header, then one short line per entry, each kind as documented', () => {
    const lines = [...record(steps()).log.lines()];
    expect(lines).toEqual([
      '{"kubesim":"event-log","format":3,"version":"0.1.0","seed":"s"}',
      '{"Start":{"seed":"s","uidSalt":7,"imageProfiles":[]}}',
      '{"NodeAdded":{"node":{"apiVersion":"v1","kind":"Node","metadata":{"name":"n1"},"spec":{}}}}',
      '{"t":5,"Create":{"object":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a","labels":{"app":"web"}},"spec":{"containers":[{"name":"app","image":"nginx:1.25"}]}}}}',
      '{"Create":"Pod","from":"last","diff":{"metadata":{"name":"b"}}}',
      '{"t":1,"Reconcile":"scheduler","key":"default/a"}',
      '{"t":1,"c":1,"Bind":"Pod","uid":0,"nodeName":"n1"}',
      '{"t":1,"Reconcile":"kubelet","key":"default/a"}',
      '{"t":1,"c":1,"UpdateStatus":"Pod","diff":{"status":{"phase":"Running","podIP":"10.0.0.1"}}}',
      '{"c":2,"RecordEvent":"Pod","uid":0,"eventType":"Normal","reason":"Started","message":"Started container app","component":0}',
      '{"t":1,"Patch":"Pod","key":"b","patchType":"merge","patch":{"metadata":{"labels":{"tier":"x"}}}}',
      '{"MetricSample":{"pods":{"default/a":[15000,[["app",150,1048576]]]},"gone":["default/x"]}}',
      '{"t":1,"ContainerCrash":"Pod","key":"default/a","container":"app","skipped":"container app of pod a is not running"}',
      '{"t":1,"SetImageProfile":{"match":"nginx:*","profile":{"pull":{"kind":"fixed","value":10}}}}',
      expect.stringMatching(
        /^\{"t":1,"Update":\{"object":\{.*\}\},"error":\{"reason":"NotFound","message":"pods \\"gone\\" not found"\}\}$/,
      ),
      '{"t":1,"Evict":"Pod","key":"default/a","uid":0}',
      expect.stringMatching(/^\{"Scale":"Deployment","key":"none","replicas":2,"error":\{"reason":"NotFound",/),
      '{"t":1,"NodeFails":{"name":"n1"}}',
      '{"t":1,"Delete":"Pod","key":"b","gracePeriodSeconds":0}',
      '{"t":1,"by":"kubelet","UpdateStatus":"Pod","key":"default/b","from":"deleted","diff":{},"error":{"reason":"NotFound","message":"pods \\"b\\" not found"}}',
    ]);
  });

  it('reads every line back to the entry it was, from the state before it', () => {
    const { log, state } = record(steps());
    const parsed = parseLog(log.toJsonl(), 'run.jsonl');
    expect(parsed).toHaveLength(log.length);
    const resolver = new Resolver();
    let s = replay(parsed.slice(0, 1));
    for (let i = 1; i < parsed.length; i++) {
      const full = resolver.resolve(s, parsed[i] as LogEntry);
      expect(serializeEntry(full)).toBe(serializeEntry(log.entries()[i] as LogEntry));
      s = reduce(s, full).state;
    }
    expect(stateHash(replay(parsed))).toBe(stateHash(state));
  });

  it('writes what it can without the state before each entry: objects whole, uids as they are', () => {
    const kept = record(steps());
    const bare = new EventLog();
    for (const e of kept.log.entries()) bare.append(e);
    const text = bare.toJsonl();
    expect(text).toContain('"Bind":"Pod","uid":"');
    expect(text).toContain('"UpdateStatus":{"object":{');
    expect(stateHash(replay(parseLog(text)))).toBe(stateHash(kept.state));
  });

  it('streams to a sink what lines() gives later, header first, byte for byte', () => {
    const streamed: string[] = [];
    const { log } = record(steps(), new EventLog({ sink: (l) => streamed.push(l) }));
    expect(streamed).toEqual([...log.lines()]);
    const quiet = record(steps(), new EventLog({ keep: false, sink: () => {} })).log;
    expect(quiet.length).toBe(log.length);
    expect(() => quiet.entries()).toThrow(/keep: false/);
  });

  it('refuses a log without a header, or of another format, naming the file and line', () => {
    const { log } = record(steps());
    const [, ...entries] = [...log.lines()];
    expect(() => parseLog(`${entries.join('\n')}\n`, 'run.jsonl')).toThrow(
      /^run\.jsonl:1: not a kubesim event log: the first line must be its header, \{"kubesim":"event-log","format":3,\.\.\.\}$/,
    );
    const v1 = '{"seq":0,"time":0,"by":"engine","event":{"type":"Start","seed":"s","uidSalt":7,"imageProfiles":[]}}\n';
    expect(() => parseLog(v1, 'old.jsonl')).toThrow(
      /^old\.jsonl:1: a log without a header, from an older kubesim \(format 1\); this kubesim reads formats 2 and 3/,
    );
    expect(() => parseLog('{"kubesim":"event-log","format":4}\n', 'new.jsonl')).toThrow(
      /^new\.jsonl:1: unknown log format 4; this kubesim reads formats 2 and 3$/,
    );
    expect(() => parseLog('\n\n{"kubesim":"event-log"}\n', 'x.jsonl')).toThrow(/^x\.jsonl:3: unknown log format undefined/);
    expect(parseLog('', 'empty.jsonl')).toEqual([]);
  });

  it('reports a malformed line with the file and its line number', () => {
    const head = '{"kubesim":"event-log","format":2}\n{"Start":{"seed":"s","uidSalt":7,"imageProfiles":[]}}\n';
    const bad = (line: string) => () => parseLog(`${head}${line}\n`, 'run.jsonl');
    expect(bad('not json')).toThrow(/^run\.jsonl:3: not a JSON object: /);
    expect(bad('[1,2]')).toThrow(/^run\.jsonl:3: not a JSON object$/);
    expect(bad('{"t":1}')).toThrow(/^run\.jsonl:3: no event \(a line holds one event type as a key/);
    expect(bad('{"t":"soon","NodeFails":{"name":"n"}}')).toThrow(/^run\.jsonl:3: t must be a number, found "soon"$/);
    expect(bad('{"NodeFails":{"name":"n"},"NodeRecovers":{"name":"n"}}')).toThrow(/^run\.jsonl:3: two events on one line/);
    expect(bad('{"NodeFails":"n"}')).toThrow(/^run\.jsonl:3: NodeFails must hold its fields as an object$/);
    expect(bad('{"Delete":"Pod"}')).toThrow(/^run\.jsonl:3: Delete needs a key/);
    expect(bad('{"Delete":"Pod","key":"a","force":true}')).toThrow(/^run\.jsonl:3: Delete has no field force$/);
    expect(bad('{"Update":"Widget","key":"a","diff":{}}')).toThrow(/^run\.jsonl:3: Update of unknown kind Widget$/);
    expect(bad('{"Update":"Pod","key":"a"}')).toThrow(/^run\.jsonl:3: Update of a Pod needs a diff$/);
    // Lines that parse but do not fit the state before them are reported by replay, also with the line.
    const replayed = (line: string) => () => replay(parseLog(`${head}${line}\n`, 'run.jsonl'));
    expect(replayed('{"Update":"Pod","key":"default/a","diff":{}}')).toThrow(
      /^run\.jsonl:3: Update diffs against Pod default\/a, which does not exist here$/,
    );
    expect(replayed('{"Delete":"Pod","key":"default/a","uid":0}')).toThrow(
      /^run\.jsonl:3: "uid":0 names the uid of Pod default\/a, which does not exist here$/,
    );
    expect(replayed('{"Update":"Pod","key":"default/a","from":"deleted","diff":{}}')).toThrow(
      /^run\.jsonl:3: Update diffs against Pod default\/a as deleted, and no Delete of it is near$/,
    );
    expect(bad('{"Update":"Pod","key":"a","from":"ReplicaSet","diff":{}}')).toThrow(
      /^run\.jsonl:3: Update cannot be "from":"ReplicaSet"$/,
    );
    expect(replayed('{"Create":"Pod","from":"last","diff":{}}')).toThrow(
      /^run\.jsonl:3: Create diffs against the last Create of a Pod, and there was none$/,
    );
    expect(replayed('{"seq":5,"UpdateStatus":"Pod","key":"default/a","like":1,"diff":{}}')).toThrow(
      /^run\.jsonl:3: UpdateStatus is like the status write at seq 4, which is not there$/,
    );
  });

  it('reads a file line by line: replay up to a time reads no further than it needs', () => {
    const { log } = record(steps());
    const lines = [...log.lines()];
    let read = 0;
    function* counted(): Generator<string> {
      for (const l of lines) {
        read++;
        yield l;
      }
    }
    replay(readLog(counted(), 'run.jsonl'), { at: 6 });
    // The header, the entries up to 6ms, and the first one after.
    expect(read).toBe(1 + 5 + 1);
  });
});

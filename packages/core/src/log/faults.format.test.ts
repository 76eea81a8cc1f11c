import { describe, expect, it } from 'vitest';
import type { LogEntry, SimEvent } from '../events.js';
import { reduce } from '../reducer/index.js';
import { initialState } from '../state.js';
import { EventLog, parseLog } from './log.js';
import { replay } from './replay.js';
import { stateHash } from './stateHash.js';

/** The fault events of issue 13 on a log line, read back, and folded to the same state. */
const EVENTS: SimEvent[] = [
  { type: 'NodeAdded', node: { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' }, spec: {} } },
  { type: 'KubeletRestart', node: 'n1', downtime: 5000 },
  { type: 'ClockSkew', node: 'n1', skew: -3000 },
  { type: 'NodePartition', node: 'n1' },
  { type: 'NodePartition', node: 'n1' },
  { type: 'NodePartitionHeals', node: 'n1' },
  { type: 'KubeletRestart', node: 'n9' },
  { type: 'ControllerLag', controller: 'deployment', lag: 2000 },
  { type: 'ControllerRestart', controller: 'replicaset' },
  { type: 'WatchFault', controller: 'replicaset', kind: 'Pod', mode: 'drop', until: 9000 },
  { type: 'ApiFaults', verb: 'update', error: 'Timeout', probability: 0.5, until: 9000 },
];

describe('fault events in the log', () => {
  it('each is a line of its own, read back to the same entry, replayed to the same state', () => {
    const log = new EventLog();
    let state = initialState('s', 7);
    const start: LogEntry = { seq: 0, time: 0, by: 'engine', event: { type: 'Start', seed: 's', uidSalt: 7, imageProfiles: [] } };
    log.append(start, state);
    state = reduce(state, start).state;
    EVENTS.forEach((event, i) => {
      const entry: LogEntry = { seq: i + 1, time: 1000 * (i + 1), by: 'world', event };
      const r = reduce(state, entry);
      log.append(r.error ? { ...entry, error: r.error } : r.skipped ? { ...entry, skipped: r.skipped } : entry, state);
      state = r.state;
    });
    const lines = [...log.lines()].slice(1);
    expect(lines[2]).toBe('{"t":1000,"KubeletRestart":{"node":"n1","downtime":5000}}');
    expect(lines[3]).toBe('{"t":1000,"ClockSkew":{"node":"n1","skew":-3000}}');
    // A partition of a node already cut off changes nothing, and says so; an unknown node is refused.
    expect(lines[5]).toContain('"skipped":"node n1 is already cut off"');
    expect(lines[7]).toContain('"error":{"reason":"NotFound"');
    expect(lines[10]).toBe('{"t":1000,"WatchFault":{"controller":"replicaset","kind":"Pod","mode":"drop","until":9000}}');
    expect(state.world.nodes.get('n1')).toMatchObject({ skew: -3000, kubeletRestart: { at: 2000, until: 7000 } });
    expect(state.world.nodes.get('n1')?.partitionedAt).toBeUndefined();
    const parsed = parseLog(log.toJsonl());
    expect(parsed.map((e) => ('event' in e ? e.event.type : ''))).toEqual(['Start', ...EVENTS.map((e) => e.type)]);
    expect(stateHash(replay(parsed))).toBe(stateHash(state));
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Pod } from '../api/types.js';
import type { Controller } from '../engine/controller.js';
import { Simulation } from '../simulation.js';
import { parseLog } from './log.js';
import { replay } from './replay.js';
import { stateHash } from './stateHash.js';

/** A controller that labels pods and keeps a per-pod counter in its memory, to exercise effects. */
const labeller: Controller = {
  name: 'labeller',
  component: 'labeller',
  watches: [{ kind: 'Pod' }],
  reconcile(view, key, ctx) {
    const p = view.getByKey('Pod', key);
    if (p === undefined || ctx.inFlight() > 0) return [];
    const n = (ctx.memory<number>(key) ?? 0) + 1;
    const roll = ctx.random(`${key}/${n}`).int(3);
    if (p.metadata.labels?.seen === String(roll)) return [{ type: 'remember', key, value: n }];
    return [
      { type: 'remember', key, value: n },
      { type: 'update', object: { ...p, metadata: { ...p.metadata, labels: { ...p.metadata.labels, seen: String(roll) } } } },
    ];
  },
};

type Action =
  | { t: number; op: 'create'; i: number }
  | { t: number; op: 'label'; i: number; v: string }
  | { t: number; op: 'delete'; i: number }
  | { t: number; op: 'addNode'; i: number }
  | { t: number; op: 'failNode'; i: number };

const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ t: fc.nat(60_000), op: fc.constant('create' as const), i: fc.nat(5) }),
  fc.record({ t: fc.nat(60_000), op: fc.constant('label' as const), i: fc.nat(5), v: fc.constantFrom('a', 'b') }),
  fc.record({ t: fc.nat(60_000), op: fc.constant('delete' as const), i: fc.nat(5) }),
  fc.record({ t: fc.nat(60_000), op: fc.constant('addNode' as const), i: fc.nat(2) }),
  fc.record({ t: fc.nat(60_000), op: fc.constant('failNode' as const), i: fc.nat(2) }),
);

function pod(i: number): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `p${i}` },
    spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] },
  };
}

function build(seed: number, actions: readonly Action[]): Simulation {
  const sim = new Simulation({ seed, controllers: [labeller] });
  for (const a of [...actions].sort((x, y) => x.t - y.t)) {
    switch (a.op) {
      case 'create':
        sim.create(pod(a.i), a.t);
        break;
      case 'label':
        sim.label({ kind: 'Pod', name: `p${a.i}` }, { tier: a.v }, a.t);
        break;
      case 'delete':
        sim.delete({ kind: 'Pod', name: `p${a.i}` }, {}, a.t);
        break;
      case 'addNode':
        sim.addNode(`n${a.i}`, a.t);
        break;
      case 'failNode':
        sim.failNode(`n${a.i}`, a.t);
        break;
    }
  }
  return sim;
}

describe('event log', () => {
  it('replaying the log gives the live state hash at every checkpoint', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.array(action, { maxLength: 25 }),
        fc.array(fc.nat(70_000), { minLength: 1, maxLength: 4 }),
        (seed, actions, cuts) => {
          const sim = build(seed, actions);
          const checkpoints: [number, string][] = [];
          for (const at of [...cuts].sort((a, b) => a - b)) {
            sim.run(at);
            checkpoints.push([at, sim.stateHash()]);
          }
          for (const [at, hash] of checkpoints) expect(stateHash(replay(sim.log.entries(), { at }))).toBe(hash);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('the same scenario and seed give a byte-identical log', () => {
    fc.assert(
      fc.property(fc.integer(), fc.array(action, { maxLength: 25 }), (seed, actions) => {
        const a = build(seed, actions);
        const b = build(seed, actions);
        a.run();
        b.run();
        expect(a.log.toJsonl()).toBe(b.log.toJsonl());
      }),
      { numRuns: 40 },
    );
  });

  it('a log written as JSONL and read back replays to the same state', () => {
    fc.assert(
      fc.property(fc.integer(), fc.array(action, { maxLength: 25 }), (seed, actions) => {
        const sim = build(seed, actions);
        sim.run();
        expect(stateHash(replay(parseLog(sim.log.toJsonl())))).toBe(sim.stateHash());
      }),
      { numRuns: 40 },
    );
  });

  it('a snapshot is a value: later writes never change it', () => {
    fc.assert(
      fc.property(fc.integer(), fc.array(action, { minLength: 1, maxLength: 25 }), fc.nat(60_000), (seed, actions, cut) => {
        const sim = build(seed, actions);
        sim.run(cut);
        const snapshot = sim.state;
        const before = stateHash(snapshot);
        const json = JSON.stringify([...snapshot.store.objects.Pod.values()]);
        sim.run();
        expect(stateHash(snapshot)).toBe(before);
        expect(JSON.stringify([...snapshot.store.objects.Pod.values()])).toBe(json);
      }),
      { numRuns: 40 },
    );
  });

  it('replay reports a log that does not begin with Start, and a malformed line with its number', () => {
    const sim = build(1, [{ t: 0, op: 'create', i: 1 }]);
    sim.run();
    expect(() => replay(sim.log.entries().slice(1))).toThrow(/must begin with a Start event/);
    const [header, start] = sim.log.lines();
    expect(() => parseLog(`${header}\n${start}\nnot json\n`, 'run.jsonl')).toThrow(/^run\.jsonl:3: not a JSON object/);
  });
});

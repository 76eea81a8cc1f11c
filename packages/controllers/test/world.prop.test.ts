import { isPodActive, replay, type Simulation, stateHash } from '@kubesim/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cluster, pod } from './helpers.js';

type Step =
  | { t: number; op: 'pod'; i: number; image: string }
  | { t: number; op: 'delete'; i: number }
  | { t: number; op: 'fail'; n: number }
  | { t: number; op: 'recover'; n: number }
  | { t: number; op: 'crash'; i: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    t: fc.nat(600_000),
    op: fc.constant('pod' as const),
    i: fc.nat(7),
    image: fc.constantFrom('nginx:1.25', 'nginx:1.91', 'busybox:1.36'),
  }),
  fc.record({ t: fc.nat(600_000), op: fc.constant('delete' as const), i: fc.nat(7) }),
  fc.record({ t: fc.nat(600_000), op: fc.constant('fail' as const), n: fc.nat(2) }),
  fc.record({ t: fc.nat(600_000), op: fc.constant('recover' as const), n: fc.nat(2) }),
  fc.record({ t: fc.nat(600_000), op: fc.constant('crash' as const), i: fc.nat(7) }),
);

function world(seed: number, steps: readonly Step[]): Simulation {
  const sim = cluster({
    seed,
    nodes: ['n0', 'n1', 'n2'],
    imageProfiles: [
      { match: 'nginx:1.91', profile: { pullError: 'not found' } },
      { match: 'busybox:*', profile: { runFor: { kind: 'exponential', mean: 20_000 } } },
      {
        match: '*',
        profile: { pull: { kind: 'lognormal', median: 2000, sigma: 0.5 }, stop: { kind: 'uniform', min: 100, max: 40_000 } },
      },
    ],
  });
  for (const s of [...steps].sort((a, b) => a.t - b.t)) {
    switch (s.op) {
      case 'pod':
        sim.create(pod(`p${s.i}`, {}, s.image), s.t);
        break;
      case 'delete':
        sim.delete({ kind: 'Pod', name: `p${s.i}` }, {}, s.t);
        break;
      case 'fail':
        sim.failNode(`n${s.n}`, s.t);
        break;
      case 'recover':
        sim.recoverNode(`n${s.n}`, s.t);
        break;
      case 'crash':
        sim.crashContainer({ kind: 'Pod', name: `p${s.i}` }, 'app', s.t);
        break;
    }
  }
  return sim;
}

describe('the world, under random faults', () => {
  it('is deterministic: the same seed gives the same log, and replay gives the live state at every checkpoint', () => {
    fc.assert(
      fc.property(fc.integer(), fc.array(step, { maxLength: 20 }), (seed, steps) => {
        const a = world(seed, steps);
        const b = world(seed, steps);
        const hashes: [number, string][] = [];
        for (const at of [120_000, 400_000, 900_000]) {
          a.run(at);
          hashes.push([at, a.stateHash()]);
        }
        b.run(900_000);
        expect(b.log.hash()).toBe(a.log.hash());
        for (const [at, h] of hashes) expect(stateHash(replay(a.log.entries(), { at }))).toBe(h);
      }),
      { numRuns: 25 },
    );
  });

  it('never binds more pods to a node than it has room for, and pods on live nodes settle', () => {
    fc.assert(
      fc.property(fc.integer(), fc.array(step, { maxLength: 20 }), (seed, steps) => {
        const sim = world(seed, steps);
        sim.run(1_200_000);
        const view = sim.view;
        for (const node of view.nodes()) {
          const name = node.metadata.name as string;
          expect(view.nodeUsage(name).pods).toBeLessThanOrEqual(110);
          // No two pods on a node hold the same address.
          const ips = view.podsOnNode(name).flatMap((p) => (p.status?.podIP ? [p.status.podIP] : []));
          expect(new Set(ips).size).toBe(ips.length);
        }
        // Every active pod that can run (a pullable image) on a node that is up is Running.
        for (const p of view.list('Pod')) {
          if (!isPodActive(p) || !p.spec.nodeName) continue;
          if (!view.nodeRuntime(p.spec.nodeName)?.up) continue;
          if (p.spec.containers[0]?.image !== 'nginx:1.25') continue;
          expect(p.status?.phase).toBe('Running');
        }
      }),
      { numRuns: 25 },
    );
  });
});

import { defaultControllers } from '@kubesim/controllers';
import { type Deployment, EventLog, Simulation } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { createInvariants } from '../src/index.js';

const web: Deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default' },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] } },
  },
};

function cluster(): Simulation {
  return new Simulation({
    seed: 11,
    controllers: defaultControllers(),
    nodes: ['node-1', 'node-2', 'node-3'],
    objects: [web],
    log: new EventLog({ keep: true }),
  });
}

describe('Simulation.fork', () => {
  it('a fork given the same future as the original writes the same log, event for event', () => {
    const sim = cluster();
    sim.run('20s');
    const fork = sim.fork();
    expect(fork.now).toBe(sim.now);
    expect(fork.stateHash()).toBe(sim.stateHash());
    expect(fork.log.hash()).toBe(sim.log.hash());
    for (const s of [sim, fork]) {
      s.failNode('node-1', '30s').recoverNode('node-1', '2m');
      s.scale({ kind: 'Deployment', name: 'web' }, 5, '40s');
      s.run('10m');
    }
    expect(fork.log.length).toBe(sim.log.length);
    expect(fork.log.hash()).toBe(sim.log.hash());
    expect(fork.stateHash()).toBe(sim.stateHash());
  });

  it('alternative futures: the node failing 5s later parts the two at that instant, and neither sees the other', () => {
    const sim = cluster();
    sim.run('20s');
    const later = sim.fork();
    sim.failNode('node-1', '30s');
    later.failNode('node-1', '35s');
    sim.run('31s');
    later.run('31s');
    // Up to 30s they are the same run; the original's fault is not in the fork.
    const upTo30s = (s: Simulation) => s.log.entries().filter((e) => e.time < 30_000);
    expect(JSON.stringify(upTo30s(later))).toBe(JSON.stringify(upTo30s(sim)));
    expect(sim.log.entries().some((e) => e.event.type === 'NodeFails')).toBe(true);
    expect(later.log.entries().some((e) => e.event.type === 'NodeFails')).toBe(false);
    sim.run('10m');
    later.run('10m');
    expect(later.log.entries().find((e) => e.event.type === 'NodeFails')?.time).toBe(35_000);
    expect(later.log.hash()).not.toBe(sim.log.hash());
    // Both settle to three available replicas on the two nodes left.
    for (const s of [sim, later]) expect(s.get('Deployment', 'web')?.status?.availableReplicas).toBe(3);
  });

  it('a fork of a fork, and fresh invariants that see the whole history again', () => {
    const sim = cluster();
    sim.run('15s');
    const a = sim.fork();
    a.scale({ kind: 'Deployment', name: 'web' }, 1, '20s').run('30s');
    const invariants = createInvariants(['deployment-availability', 'replicaset-convergence']);
    const b = a.fork({ invariants });
    expect(b.log.hash()).toBe(a.log.hash());
    b.run('1m');
    a.run('1m');
    expect(b.stateHash()).toBe(a.stateHash());
    expect(b.engine.violations).toEqual([]);
    expect(sim.get('Deployment', 'web')?.spec.replicas).toBe(3);
    expect(a.get('Deployment', 'web')?.spec.replicas).toBe(1);
  });
});

import { describe, expect, it, vi } from 'vitest';

// Outside the tests the engine freezes nothing (immer.ts, frozen.ts); run this file the way
// users run kubesim, so that only the boundary's own copying and freezing can pass it.
vi.hoisted(() => {
  delete process.env.VITEST;
  delete process.env.KUBESIM_FREEZE;
});

// The package's front door, which sets immer's freezing as kubesim runs (immer.ts).
const { Simulation } = await import('./index.js');
type Deployment = import('./api/types.js').Deployment;
type KubeObject = import('./api/types.js').KubeObject;

function deployment(replicas: number): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { app: 'web' } },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } },
    },
  } as Deployment;
}

describe('the public API hands out frozen objects and copies what it is given', () => {
  it('an object passed to new Simulation and changed before run() changes nothing', () => {
    const d = deployment(2);
    const node = { name: 'node-1', labels: { zone: 'a' } };
    const sim = new Simulation({ seed: 1, objects: [d], nodes: [node] });
    (d.spec as { replicas: number }).replicas = 9;
    d.metadata.labels = { app: 'other' };
    node.labels.zone = 'b';
    sim.run('1s');
    expect(sim.get('Deployment', 'web')?.spec.replicas).toBe(2);
    expect(sim.get('Deployment', 'web')?.metadata.labels).toEqual({ app: 'web' });
    expect(sim.get('Node', 'node-1', '')?.metadata.labels?.zone).toBe('a');
  });

  it('an object applied later is copied too', () => {
    const sim = new Simulation({ seed: 1 });
    const d = deployment(2);
    sim.apply(d, '1s');
    (d.spec as { replicas: number }).replicas = 7;
    sim.run('2s');
    expect(sim.get('Deployment', 'web')?.spec.replicas).toBe(2);
  });

  it('sim.get(...).spec.replicas = 5 throws, and the state hash is unchanged', () => {
    const sim = new Simulation({ seed: 1, objects: [deployment(2)] });
    sim.run('1s');
    const hash = sim.stateHash();
    const got = sim.get('Deployment', 'web') as Deployment;
    expect(() => {
      (got.spec as { replicas: number }).replicas = 5;
    }).toThrow(TypeError);
    expect(() => {
      (got.spec.template.spec.containers[0] as { image: string }).image = 'x';
    }).toThrow(TypeError);
    const listed = sim.list('Deployment')[0] as Deployment;
    expect(() => {
      (listed.metadata as { name: string }).name = 'x';
    }).toThrow(TypeError);
    expect(sim.stateHash()).toBe(hash);
    expect(sim.get('Deployment', 'web')?.spec.replicas).toBe(2);
  });

  it('log entries, and the list of them, cannot be changed', () => {
    const sim = new Simulation({ seed: 1, objects: [deployment(2)] });
    const log = sim.log; // held before the run: entries logged later are frozen too
    sim.run('1s');
    const entries = log.entries();
    const first = entries[0] as { time: number; event: { object: Deployment } };
    expect(() => {
      first.time = 99;
    }).toThrow(TypeError);
    expect(() => {
      (first.event.object.spec as { replicas: number }).replicas = 5;
    }).toThrow(TypeError);
    expect(() => (entries as unknown[]).push({})).toThrow(TypeError);
    expect(log.entries()).toHaveLength(entries.length);
    expect(sim.log.length).toBe(entries.length);
  });

  it('a listener gets frozen entries', () => {
    const sim = new Simulation({ seed: 1, objects: [deployment(2)] });
    const seen: boolean[] = [];
    sim.onEntry((entry) => seen.push(Object.isFrozen(entry) && Object.isFrozen(entry.event)));
    sim.run('1s');
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every(Boolean)).toBe(true);
  });
});

describe('an object of a kind kubesim does not serve', () => {
  it('is refused with the API server\'s "no matches for kind" (a rejected write, not a crash)', () => {
    const objects = [{ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } } as unknown as KubeObject];
    const sim = new Simulation({ seed: 1, controllers: [], objects });
    sim.run(1000);
    const apply = sim.log.entries().find((e) => e.event.type === 'Apply');
    expect(apply?.error).toEqual({ reason: 'BadRequest', message: 'no matches for kind "Widget" in version "example.com/v1"' });
  });
});

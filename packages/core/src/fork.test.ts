import { describe, expect, it } from 'vitest';
import type { Pod } from './api/types.js';
import type { JournalEntry } from './fork.js';
import { EventLog } from './log/log.js';
import { Simulation } from './simulation.js';

function pod(i: number): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `p-${i}`, labels: { app: 'churn' } },
    spec: { nodeName: `node-${i % 3}`, containers: [{ name: 'app', image: 'registry.local/app:1.0' }] },
  };
}

/** A small churn: 50 pods, then every 10 ms one deleted and one created, run a window at a time. */
function churn(sim: Simulation, from: number, to: number): void {
  for (let step = from; step < to; step++) {
    const at = 1_000 + step * 10;
    sim.delete({ kind: 'Pod', name: `p-${step}` }, {}, at);
    sim.create(pod(50 + step), at);
    if (step % 20 === 19) sim.run(at);
  }
}

function cluster(): Simulation {
  const sim = new Simulation({ seed: 3, nodes: ['node-0', 'node-1', 'node-2'], log: new EventLog({ keep: true }) });
  for (let i = 0; i < 50; i++) sim.create(pod(i), i);
  sim.run(999);
  return sim;
}

const journalOf = (sim: Simulation): readonly JournalEntry[] =>
  (sim as unknown as { journal: { snapshot(): readonly JournalEntry[] } }).journal.snapshot();

describe('Simulation.fork after a churn', () => {
  it('a fork after many creates and deletes is the same simulation: state, log and future', () => {
    const sim = cluster();
    churn(sim, 0, 200);
    const fork = sim.fork({ log: new EventLog({ keep: true }) });
    expect(fork.now).toBe(sim.now);
    expect(fork.stateHash()).toBe(sim.stateHash());
    expect(fork.log.hash()).toBe(sim.log.hash());
    for (const s of [sim, fork]) {
      churn(s, 200, 260);
      s.run();
    }
    expect(fork.log.length).toBe(sim.log.length);
    expect(fork.log.hash()).toBe(sim.log.hash());
    expect(fork.stateHash()).toBe(sim.stateHash());
  });

  it('the journal holds each input as the JSON text the log writes, not the objects it was given', () => {
    const sim = cluster();
    const given = pod(999);
    sim.create(given, 1_000);
    const ats = journalOf(sim).filter((j) => j.op === 'at');
    expect(ats.length).toBe(3 + 50 + 1); // the nodes, the pods, the one given
    for (const j of ats) expect(typeof j.event).toBe('string');
    expect(JSON.parse(ats.at(-1)?.event as string)).toEqual({ type: 'Create', object: given });
  });

  it('an input is copied: changing it after at() changes neither the run nor a fork', () => {
    const sim = cluster();
    const given = pod(999);
    sim.create(given, 1_000);
    (given.metadata.labels as Record<string, string>).app = 'changed';
    sim.run(1_000);
    const fork = sim.fork();
    expect(sim.get('Pod', 'p-999')?.metadata.labels).toEqual({ app: 'churn' });
    expect(fork.get('Pod', 'p-999')?.metadata.labels).toEqual({ app: 'churn' });
    expect(fork.stateHash()).toBe(sim.stateHash());
  });
});

import { describe, expect, it } from 'vitest';
import type { DaemonSet } from '../api/types.js';
import { Simulation } from '../simulation.js';
import { DEPRECATED_TEMPLATE_GENERATION } from './daemonSetStrategy.js';

/** The DaemonSet strategy's template generation (pkg/registry/apps/daemonset strategy_test.go). */
const ds: DaemonSet = {
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'ds', namespace: 'default', annotations: { [DEPRECATED_TEMPLATE_GENERATION]: '7' } },
  spec: {
    selector: { matchLabels: { a: 'b' } },
    template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'nginx:1' }] } },
  },
};

describe('DaemonSet template generation', () => {
  it('is 1 on create whatever the client sent, and goes up with the template only', () => {
    const sim = new Simulation({ seed: 1, objects: [ds] });
    sim.run();
    const gen = () => {
      const d = sim.get('DaemonSet', 'ds');
      return [d?.metadata.annotations?.[DEPRECATED_TEMPLATE_GENERATION], d?.metadata.generation];
    };
    expect(gen()).toEqual(['1', 1]);
    sim.patch({ kind: 'DaemonSet', name: 'ds' }, { spec: { minReadySeconds: 5 } }, 'merge');
    sim.run();
    expect(gen()).toEqual(['1', 2]);
    sim.patch(
      { kind: 'DaemonSet', name: 'ds' },
      { spec: { template: { spec: { containers: [{ name: 'c', image: 'nginx:2' }] } } } },
    );
    sim.run();
    expect(gen()).toEqual(['2', 3]);
    sim.patch(
      { kind: 'DaemonSet', name: 'ds' },
      { metadata: { annotations: { [DEPRECATED_TEMPLATE_GENERATION]: '9' } } },
      'merge',
    );
    sim.run();
    expect(gen()[0]).toBe('2');
  });
});

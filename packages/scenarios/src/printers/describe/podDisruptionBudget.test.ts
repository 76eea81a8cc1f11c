import { defaultControllers } from '@kubesim/controllers';
import { type KubeObject, type PodDisruptionBudget, Simulation } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { PRINTERS } from '../get.js';
import { describeObject } from './index.js';

const budget = (spec: PodDisruptionBudget['spec'], name = 'web'): PodDisruptionBudget => ({
  apiVersion: 'policy/v1',
  kind: 'PodDisruptionBudget',
  metadata: { name },
  spec,
});

const bare = (name: string): KubeObject =>
  ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { app: 'web' } },
    spec: { nodeName: 'node-1', containers: [{ name: 'c', image: 'nginx' }] },
  }) as KubeObject;

function sim(...objects: KubeObject[]): Simulation {
  const s = new Simulation({ seed: 1, controllers: defaultControllers(), nodes: ['node-1'], objects });
  s.run('30s');
  return s;
}

describe('kubectl describe pdb (describePodDisruptionBudgetV1)', () => {
  it('minAvailable, the selector, the status and the controller events', () => {
    const s = sim(budget({ minAvailable: 1, selector: { matchLabels: { app: 'web' } } }), bare('a'), bare('b'));
    expect(describeObject(s.view, 'PodDisruptionBudget', 'web', 'default', s.now)?.split('\n')).toEqual([
      'Name:           web',
      'Namespace:      default',
      'Min available:  1',
      'Selector:       app=web',
      'Status:',
      '    Allowed disruptions:  1',
      '    Current:              2',
      '    Desired:              1',
      '    Total:                2',
      'Events:                   <none>',
      '',
    ]);
  });

  it('maxUnavailable as a percentage of pods without a controller: UnmanagedPods, no disruption', () => {
    const s = sim(budget({ maxUnavailable: '50%', selector: {} }), bare('a'));
    const text = describeObject(s.view, 'PodDisruptionBudget', 'web', 'default', s.now) ?? '';
    expect(text).toContain('Max unavailable:  50%\nSelector:         <none>\n');
    expect(text).toContain('    Allowed disruptions:  0\n');
    expect(text).toMatch(
      /Warning {2}UnmanagedPods .* Pods selected by this PodDisruptionBudget \(selector: &LabelSelector\{MatchLabels:map\[string\]string\{\},MatchExpressions:\[\]LabelSelectorRequirement\{\},\}\) were found to be unmanaged\./,
    );
  });

  it('kubectl get: N/A for the bound that is not set', () => {
    const s = sim(budget({ maxUnavailable: 1, selector: { matchLabels: { app: 'x' } } }));
    const pdb = s.view.get('PodDisruptionBudget', 'default', 'web') as PodDisruptionBudget;
    expect(PRINTERS.PodDisruptionBudget.row(pdb, s.now, s.view).cells).toEqual(['web', 'N/A', '1', '0', '30s']);
  });
});

import { describe, expect, it } from 'vitest';
import type { ScenarioFile } from '../src/scenario/schema.js';
import { checkScenarioFile, scenarioYaml } from '../src/verify/index.js';
import { sameOutcome } from '../src/verify/livenessSameOutcome.js';

const NO_FILES = {
  readFile: (name: string): string => {
    throw new Error(`no file ${name}`);
  },
};

const WEB = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: "nginx:1.25"}]}
`;

function doc(seed: string, steps: ScenarioFile['steps'] = []): ScenarioFile {
  return {
    seed,
    until: '13m',
    cluster: { nodes: 3 },
    images: [{ match: 'nginx:*', pull: '1s' }],
    manifests: [{ name: 'web.yaml', inline: WEB }],
    steps: [{ at: '1s', kubectl: 'apply -f web.yaml' }, ...(steps ?? [])],
  } as ScenarioFile;
}

describe('same-outcome', () => {
  it('the settled state does not depend on the seed or on a node outage', () => {
    const r = sameOutcome([
      { label: 'seed 1', document: doc('1') },
      { label: 'seed 2', document: doc('2') },
      {
        label: 'seed 3, node-1 down 30s-2m',
        document: doc('3', [
          { at: '30s', fault: { nodeFails: 'node-1' } },
          { at: '2m', fault: { nodeRecovers: 'node-1' } },
        ]),
      },
      { label: 'seed 4, a pod killed', document: doc('4', [{ at: '40s', fault: { podKilled: { selector: 'app=web' } } }]) },
    ]);
    expect(r.skipped).toEqual([]);
    expect(r.compared).toHaveLength(4);
    expect(r.same).toBe(true);
  });

  it('names the first difference when the outcome differs', () => {
    const r = sameOutcome([
      { label: 'as written', document: doc('1') },
      { label: 'scaled', document: doc('1', [{ at: '20s', kubectl: 'scale deployment/web --replicas=4' }]) },
    ]);
    expect(r.same).toBe(false);
    expect(r.difference?.reference).toBe('as written');
    expect(r.difference?.other).toBe('scaled');
    expect(r.difference?.detail).toMatch(/^Deployment\/default\/web: spec\.replicas: 3 vs 4$/);
  });

  it('compares only settled runs: one that ends before it settles is skipped, with why', () => {
    const short = { ...doc('1'), until: '20s' };
    const r = sameOutcome([
      { label: 'short', document: short },
      { label: 'long', document: doc('1') },
    ]);
    expect(r.compared).toEqual(['long']);
    expect(r.skipped[0]?.label).toBe('short');
    expect(r.skipped[0]?.why).toMatch(/did not settle/);
  });

  it('kubesim check --same-outcome: runs with faults settle to the outcome of the run without', () => {
    const text = scenarioYaml(doc('5'));
    const r = checkScenarioFile(text, 'web.yaml', NO_FILES, { runs: 4, seed: 3, sameOutcome: true });
    expect(r.counterexample?.failure).toBeUndefined();
    expect(r.ok).toBe(true);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadScenario, runScenario } from '../src/index.js';
import type { ScenarioFile } from '../src/scenario/schema.js';
import {
  checkScenarios,
  clusterSetup,
  deploymentCommands,
  GENERATED_IMAGES,
  heal,
  healed,
  scenarioDocumentArb,
  scenarioYaml,
  settle,
} from '../src/verify/index.js';

const NO_FILES = {
  readFile: (name: string): string => {
    throw new Error(`no file ${name}`);
  },
};

describe('scenario arbitraries', () => {
  it('draw scenario documents the loader accepts, with every workload kind', () => {
    const docs = fc.sample(scenarioDocumentArb({ maxWorkloads: 3 }), { numRuns: 60, seed: 7 });
    const kinds = new Set<string>();
    for (const doc of docs) {
      const s = loadScenario(scenarioYaml(doc), 'generated.yaml', NO_FILES);
      for (const o of s.manifests.get('workloads.yaml')?.objects ?? []) kinds.add(o.kind);
    }
    expect([...kinds].sort()).toEqual([
      'CronJob',
      'DaemonSet',
      'Deployment',
      'HorizontalPodAutoscaler',
      'Job',
      'ReplicaSet',
      'ReplicationController',
      'StatefulSet',
    ]);
  });

  it('heal the cluster after the schedule, so every invariant applies, liveness included', () => {
    let healing = 0;
    for (const doc of fc.sample(scenarioDocumentArb(), { numRuns: 100, seed: 3 })) {
      // Generated documents have no expect steps.
      const steps = (doc.steps ?? []).flatMap((s) => ('expect' in s ? [] : [{ ...s, at: Number.parseInt(s.at, 10) }]));
      expect(healed(steps)).toBe(true);
      expect(doc.invariants).toContain('eventual-convergence');
      if (steps.some((s) => ('fault' in s && s.fault.nodeRecovers) || ('kubectl' in s && s.kubectl.startsWith('uncordon'))))
        healing++;
    }
    expect(healing).toBeGreaterThan(5);
  });
  it('a node failed or cordoned and never back is not healed', () => {
    expect(healed([{ at: 1, kubectl: 'cordon node-1' }])).toBe(false);
    expect(
      heal([
        { at: 1, kubectl: 'cordon node-1' },
        { at: 3, fault: { nodeFails: 'node-2' } },
      ]),
    ).toEqual([
      { at: 1, kubectl: 'cordon node-1' },
      { at: 3, fault: { nodeFails: 'node-2' } },
      { at: 8, fault: { nodeRecovers: 'node-2' } },
      { at: 8, kubectl: 'uncordon node-1' },
    ]);
    expect(
      healed([
        { at: 1, kubectl: 'drain node-1 --ignore-daemonsets --force' },
        { at: 2, kubectl: 'uncordon node-1' },
      ]),
    ).toBe(true);
    expect(
      healed([
        { at: 1, fault: { nodeFails: 'node-2' } },
        { at: 5, fault: { nodeRecovers: 'node-2' } },
      ]),
    ).toBe(true);
  });
});

describe('checkScenarios', () => {
  it('finds no violation of the built-in invariants over generated scenarios with faults (fixed seed)', () => {
    const result = checkScenarios(scenarioDocumentArb({ maxSteps: 4 }), { runs: 12, seed: 20261206 });
    expect(result.counterexample?.yaml).toBeUndefined();
    expect(result.ok).toBe(true);
  });

  // A seeded bug: an image whose pulls fail keeps a Deployment from converging.
  const brokenV3 = (doc: ScenarioFile): ScenarioFile => ({
    ...doc,
    images: [{ match: 'app:v3', pullError: 'manifest for app:v3 not found' }, ...GENERATED_IMAGES],
  });

  it('shrinks a failure to a small scenario file that reproduces it byte for byte', () => {
    const arb = scenarioDocumentArb({ kinds: ['Deployment'], faults: false, invariants: ['eventual-convergence'] }).map(brokenV3);
    const result = checkScenarios(arb, { runs: 200, seed: 1 });
    expect(result.ok).toBe(false);
    const ce = result.counterexample;
    if (ce === undefined) throw new Error('no counterexample');
    expect(ce.failure).toMatch(/^eventual-convergence violated/);
    expect(ce.document.cluster?.nodes).toBe(1);
    expect(ce.document.steps?.length ?? 0).toBeLessThanOrEqual(1);
    expect(ce.yaml).toMatch(/^# A counterexample kubesim check found and shrank/);
    // The file as written runs to the same log, byte for byte.
    const again = runScenario(loadScenario(ce.yaml, 'counterexample.yaml', NO_FILES));
    expect(again.logHash).toBe(ce.report.logHash);
    expect(again.invariants.find((i) => i.name === 'eventual-convergence')?.holds).toBe(false);
  });
});

describe('deploymentCommands (fc.commands over a Simulation)', () => {
  it('scales, rolls and fails nodes without breaking an invariant, and settles to the model', () => {
    fc.assert(
      fc.property(deploymentCommands(['web', 'api']), (cmds) => {
        const setup = clusterSetup({ deployments: { web: 3, api: 2 } });
        fc.modelRun(() => setup, cmds);
        settle(setup.model, setup.real);
      }),
      { numRuns: 8, seed: 11 },
    );
  });
});

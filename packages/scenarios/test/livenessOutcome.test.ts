import { describe, expect, it } from 'vitest';
import type { ScenarioFile } from '../src/scenario/schema.js';
import { checkScenarioFile, scenarioYaml } from '../src/verify/index.js';
import { outcomeOf } from '../src/verify/livenessOutcome.js';
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

describe('the outcome of an object', () => {
  it('keeps what was asked for and got; drops generated names, identities, times, placement and history', () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'web-7b4f9c-x2k9p',
        namespace: 'default',
        uid: 'u1',
        resourceVersion: '12',
        creationTimestamp: '2026-01-01T00:00:01Z',
        labels: { app: 'web', 'pod-template-hash': '7b4f9c' },
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-7b4f9c', uid: 'u0', controller: true }],
      },
      spec: { nodeName: 'node-2', containers: [{ name: 'web', image: 'nginx:1.25' }] },
      status: {
        phase: 'Running',
        podIP: '10.0.0.7',
        conditions: [
          { type: 'Ready', status: 'True', lastTransitionTime: '2026-01-01T00:00:04Z' },
          { type: 'PodScheduled', status: 'True', lastTransitionTime: '2026-01-01T00:00:01Z' },
        ],
        containerStatuses: [{ name: 'web', ready: true, restartCount: 2, containerID: 'containerd://1' }],
      },
    };
    expect(outcomeOf(pod as never)).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'web-7b4f9c-*',
        namespace: 'default',
        labels: { app: 'web', 'pod-template-hash': '7b4f9c' },
        owners: [{ kind: 'ReplicaSet', controller: true }],
      },
      spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] },
      status: {
        phase: 'Running',
        conditions: [
          { type: 'PodScheduled', status: 'True' },
          { type: 'Ready', status: 'True' },
        ],
        containerStatuses: [{ name: 'web', ready: true }],
      },
    });
    expect(outcomeOf({ ...pod, status: { phase: 'Failed' } } as never)).toBeUndefined();
    // A Job's succeeded pods are history: how many are left depends on when a user deleted pods.
    expect(outcomeOf({ ...pod, status: { phase: 'Succeeded' } } as never)).toBeUndefined();
    // A scaled-down ReplicaSet's last scaling sizes are timing; a live one's are compared.
    const rs = (replicas: number): unknown => ({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'web-5cf557d54b', annotations: { 'deployment.kubernetes.io/desired-replicas': '1' } },
      spec: { replicas },
    });
    expect(JSON.stringify(outcomeOf(rs(0) as never))).not.toContain('desired-replicas');
    expect(JSON.stringify(outcomeOf(rs(1) as never))).toContain('desired-replicas');
    // Whether a Job completes or fails depends on the pods the faults killed (backoffLimit).
    const job = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'api' },
      spec: { completions: 5 },
      status: { succeeded: 2 },
    };
    expect(JSON.stringify(outcomeOf(job as never))).not.toContain('succeeded');
    // Revision numbers count the templates a controller saw: history, not outcome.
    const deploy = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', annotations: { 'deployment.kubernetes.io/revision': '3' } },
      spec: { replicas: 2 },
    };
    expect(JSON.stringify(outcomeOf(deploy as never))).not.toContain('revision');
    const dsPod = { ...pod, metadata: { ...pod.metadata, labels: { app: 'web', 'pod-template-generation': '3' } } };
    expect(JSON.stringify(outcomeOf(dsPod as never))).not.toContain('pod-template-generation');
    expect(
      outcomeOf({ apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: 'web-1' } } as never),
    ).toBeUndefined();
    // A Deployment's scaled-down ReplicaSet is its history.
    const old = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'web-5cf557d54b', ownerReferences: [{ kind: 'Deployment', name: 'web', controller: true }] },
      spec: { replicas: 0 },
    };
    expect(outcomeOf(old as never)).toBeUndefined();
    expect(
      outcomeOf({ apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pvc-1' }, spec: {} } as never),
    ).toBeUndefined();
  });
});

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
    expect(r.notes).toBeUndefined();
  });

  it('kubesim check --same-outcome says so when the run without faults does not settle (nothing to compare)', () => {
    // An image that never pulls: its pods never start, a state that never settles by design.
    const d = { ...doc('5'), images: [{ match: 'nginx:*', pullError: 'manifest unknown' }] } as ScenarioFile;
    const r = checkScenarioFile(scenarioYaml(d), 'web.yaml', NO_FILES, { runs: 1, seed: 3, sameOutcome: true, faults: [] });
    expect(r.notes?.[0]).toMatch(/^same-outcome was not checked: the run without faults did not settle/);
  });
});

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadScenario, parseYamlDocuments } from '@kubesim/scenarios';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { exampleScenarios, ROOT } from './reportHelpers.js';

/**
 * scenario.schema.json (what an editor checks as the user types) refuses what the loader
 * refuses: each bad scenario below goes through both, and both must say no; every example
 * passes both.
 */
const schema = JSON.parse(readFileSync(join(ROOT, 'packages/scenarios/scenario.schema.json'), 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: false });
const validate = ajv.compile(schema);

/** The document as an editor's YAML plugin gives it to the schema (a YAML 1.1 timestamp is its text). */
function value(text: string): unknown {
  return JSON.parse(JSON.stringify(parseYamlDocuments(text, 'scenario.yaml')[0]?.value ?? {}));
}
const schemaErrors = (text: string): string[] =>
  validate(value(text)) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
function loaderError(text: string): string | undefined {
  try {
    loadScenario(text, 'scenario.yaml', { readFile: () => 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n' });
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

const BAD: readonly (readonly [string, string])[] = [
  ['an unknown top-level key', 'untill: 5m'],
  ['until as a number', 'until: 10'],
  ['until in words', 'until: 5 minutes'],
  ['until finer than 1ms', 'until: 1.5ms'],
  ['a step at a time with no unit', 'steps: [{at: 10, kubectl: get pods}]'],
  ['a step at an unknown unit', 'steps: [{at: 1d, kubectl: get pods}]'],
  ['a step with an unknown key', 'steps: [{at: 1s, kubectl: get pods, wait: true}]'],
  ['a kubectl verb kubesim does not run', 'steps: [{at: 1s, kubectl: frobnicate pods}]'],
  ['an empty kubectl command', 'steps: [{at: 1s, kubectl: kubectl}]'],
  ['a seed with a fraction', 'seed: 1.5'],
  ['maxEvents of 0', 'maxEvents: 0'],
  ['startTime that is not RFC 3339', 'startTime: yesterday'],
  ['a node name with capitals', 'cluster: {nodes: [{name: Node_1}]}'],
  ['a node cpu that is not a quantity', 'cluster: {nodes: [{name: n1, cpu: 4 cores}]}'],
  ['a node memory in GB', 'cluster: {nodes: [{name: n1, memory: 8GB}]}'],
  ['a node label key with a space', 'cluster: {nodes: [{name: n1, labels: {"bad key": x}}]}'],
  ['a node label value of 64 characters', `cluster: {nodes: [{name: n1, labels: {a: ${'x'.repeat(64)}}}]}`],
  ['a taint with an unknown effect', 'cluster: {nodes: [{name: n1, taints: [{key: k, effect: NoRun}]}]}'],
  ['latency and controlPlane both', 'cluster: {latency: {api: 1ms}, controlPlane: {profile: instant}}'],
  ['an unknown control-plane profile', 'cluster: {controlPlane: {profile: fast}}'],
  ['an informer lag finer than 1ms', 'cluster: {controlPlane: {processes: {kubelet: {informerLag: 1.5ms}}}}'],
  ['a negative informer lag', 'cluster: {controlPlane: {processes: {kubelet: {informerLag: -1s}}}}'],
  ['an unknown process', 'cluster: {controlPlane: {processes: {etcd: {qps: 5}}}}'],
  ['a sync cost in words', 'cluster: {controlPlane: {controllers: {replicaset: {syncBase: fast}}}}'],
  ['an image delay in words', 'images: [{match: "*", pull: soon}]'],
  ['a distribution with one argument too few', 'images: [{match: "*", pull: "uniform(1s)"}]'],
  ['an unknown distribution', 'images: [{match: "*", pull: "gamma(1s, 2s)"}]'],
  ['a negative delay', 'images: [{match: "*", start: -5}]'],
  ['crashAfter and exitAfter both', 'images: [{match: "*", crashAfter: 1s, exitAfter: 1s}]'],
  ['an exit code above 255', 'images: [{match: "*", exitCode: 256}]'],
  ['an unknown image key', 'images: [{match: "*", colour: red}]'],
  ['a negative usage quantity', 'images: [{match: "*", usage: {cpu: -1m}}]'],
  ['a negative usage number', 'images: [{match: "*", usage: {cpu: -1}}]'],
  ['a manifest that is neither file nor inline', 'manifests: [{path: a.yaml}]'],
  ['apply that is not a boolean', 'manifests: [{file: a.yaml, apply: please}]'],
  ['a fault naming two things', 'steps: [{at: 1s, fault: {nodeFails: n1, nodeRecovers: n1}}]'],
  ['a fault naming nothing', 'steps: [{at: 1s, fault: {}}]'],
  ['podKilled with a pod and a selector', 'steps: [{at: 1s, fault: {podKilled: {pod: a, selector: app=x}}}]'],
  ['an unknown invariant', 'invariants: [no-such-invariant]'],
  ['a load with two patterns', 'load: [{target: deployment/web, constant: 5, ramp: {from: 0, to: 1, over: 1m}}]'],
  ['a load with a negative step time', 'load: [{target: deployment/web, steps: [{at: -1s, value: 1}]}]'],
  ['noise with gaussian and uniform', 'load: [{target: deployment/web, constant: 5, noise: {gaussian: 0.1, uniform: 0.1}}]'],
  ['a load target that is not TYPE/NAME', 'load: [{target: web, constant: 5}]'],
];

describe('scenario.schema.json and the loader agree', () => {
  for (const [name, text] of BAD) {
    it(`both refuse ${name}`, () => {
      expect(loaderError(text), 'the loader').toBeDefined();
      expect(schemaErrors(text), 'the schema').not.toEqual([]);
    });
  }

  // What only the loader can check (the schema has no way to say it): documented, and kept honest.
  const LOADER_ONLY: readonly (readonly [string, string])[] = [
    ["uniform's max below its min", 'images: [{match: "*", pull: "uniform(2s, 1s)"}]'],
    [
      'an inline manifest of a kind no API server serves',
      'manifests: [{name: a.yaml, inline: {apiVersion: v1, kind: Widget, metadata: {name: w}}}]',
    ],
    ['two nodes of one name', 'cluster: {nodes: [{name: n1}, {name: n1}]}'],
  ];
  for (const [name, text] of LOADER_ONLY) {
    it(`only the loader refuses ${name}`, () => {
      expect(loaderError(text)).toBeDefined();
      expect(schemaErrors(text)).toEqual([]);
    });
  }

  it('both accept every example', () => {
    const examples = exampleScenarios();
    expect(examples.length).toBeGreaterThanOrEqual(14);
    for (const path of examples) {
      const text = readFileSync(join(ROOT, path), 'utf8');
      expect(schemaErrors(text), path).toEqual([]);
      expect(() =>
        loadScenario(text, path, { readFile: (p) => readFileSync(join(ROOT, dirname(path), p), 'utf8') }),
      ).not.toThrow();
    }
  });
});

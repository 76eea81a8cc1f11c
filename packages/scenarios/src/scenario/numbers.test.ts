import { describe, expect, it } from 'vitest';
import { runScenario } from '../run/runner.js';
import { loadScenario } from './load.js';
import { loadManifest } from './manifest.js';

const deployment = (replicas: string, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx${extra}
`;

const replicasOf = (text: string): unknown =>
  (loadManifest('d.yaml', text).objects[0] as { spec: { replicas?: unknown } }).spec.replicas;

describe("numbers in manifests, as kubectl's YAML reader and the API server's decoder take them", () => {
  it.each([
    ['2.5', 'json: cannot unmarshal number 2.5 into Go struct field DeploymentSpec.spec.replicas of type int32'],
    ['"3"', 'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32'],
    ['3000000000', 'json: cannot unmarshal number 3000000000 into Go struct field DeploymentSpec.spec.replicas of type int32'],
    // go-yaml v2 has no base 60: 1:30 is a string, not 90
    ['1:30', 'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32'],
  ])('replicas: %s is refused at the line of its key, in the server words kubectl prints', (value, message) => {
    expect(() => loadManifest('d.yaml', deployment(value))).toThrow(
      `d.yaml:6:3: Error from server (BadRequest): error when creating "d.yaml": Deployment in version "v1" cannot be handled as a Deployment: ${message}`,
    );
  });

  it.each([
    ['.nan', 'NaN'],
    ['.inf', '+Inf'],
    ['-.Inf', '-Inf'],
  ])('replicas: %s cannot become JSON: kubectl stops before sending it', (value, text) => {
    expect(() => loadManifest('d.yaml', deployment(value))).toThrow(
      `d.yaml:6:3: error parsing d.yaml: error converting YAML to JSON: json: unsupported value: ${text}`,
    );
  });

  it.each([
    ['010', 8], // YAML 1.1 octal
    ['0o10', 8], // Go's ParseInt(s, 0, 64) prefix, which go-yaml v2 uses
    ['0x0A', 10],
    ['0b11', 3],
    ['1_000', 1000],
    ['+4', 4],
    ['3.0', 3], // a float that is whole: json.Marshal writes 3
    ['1e2', 100],
  ])('replicas: %s reads as %d', (value, replicas) => {
    expect(replicasOf(deployment(value))).toBe(replicas);
  });

  it('a number where a string goes (an env value) is refused, at its key', () => {
    expect(() => loadManifest('d.yaml', deployment('1', '\n        env:\n        - name: A\n          value: 1\n'))).toThrow(
      'd.yaml:18:11: Error from server (BadRequest): error when creating "d.yaml": Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal number into Go struct field EnvVar.spec.template.spec.containers.env.value of type string',
    );
  });
});

describe('seed: text in the file as on the command line', () => {
  const seedOf = (text: string): string => loadScenario(`seed: ${text}\n`, 's.yaml', { readFile: () => '' }).seed;
  it.each([
    ['042', '042'], // not octal 34: --seed 042 is "042" too
    ['42', '42'],
    ['0x2A', '0x2A'],
    ['"042"', '042'],
    ['abc', 'abc'],
  ])('seed: %s is %j', (text, seed) => {
    expect(seedOf(text)).toBe(seed);
  });
});

describe('numbers on the kubectl command line and in the scale subresource', () => {
  const stepErrors = (): string[] => {
    const s = loadScenario(
      [
        'steps:',
        '- {at: 1s, kubectl: create deployment web --image=nginx --replicas=2}',
        '- {at: 2s, kubectl: create deployment a --image=nginx --replicas=1.5}',
        '- {at: 2s, kubectl: create deployment b --image=nginx --replicas=3000000000}',
        '- {at: 3s, kubectl: scale deployment web --replicas=3000000000}',
        '',
      ].join('\n'),
      's.yaml',
      { readFile: () => '' },
    );
    return runScenario(s).steps.map((r) => r.stderr.trim());
  };

  it('create deployment --replicas is an int32 flag; scale past int32 is refused by the Scale decoder', () => {
    expect(stepErrors()).toEqual([
      '',
      'error: invalid argument "1.5" for "--replicas" flag: strconv.ParseInt: parsing "1.5": invalid syntax',
      'error: invalid argument "3000000000" for "--replicas" flag: strconv.ParseInt: parsing "3000000000": value out of range',
      'Error from server (BadRequest): Scale in version "v1" cannot be handled as a Scale: json: cannot unmarshal number 3000000000 into Go struct field ScaleSpec.spec.replicas of type int32',
    ]);
  });
});

describe('an unquoted timestamp in a manifest', () => {
  it('is the text sigs.k8s.io/yaml makes of it, so a string field takes it', () => {
    const text = deployment('1').replace(
      'metadata:\n  name: web\n',
      'metadata:\n  name: web\n  annotations: {built: 2015-1-2}\n',
    );
    const d = loadManifest('d.yaml', text).objects[0] as { metadata: { annotations?: Record<string, unknown> } };
    expect(d.metadata.annotations).toEqual({ built: '2015-01-02T00:00:00Z' });
  });
});

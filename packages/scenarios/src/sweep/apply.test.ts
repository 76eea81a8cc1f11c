import type { Deployment } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { scenarioOf } from './apply.js';
import { combinations, parseParams } from './params.js';

const SCENARIO = `# a comment that stays
name: t
seed: 1
until: 1m
cluster:
  nodes: 2
steps:
  - at: 0s
    kubectl: apply -f app.yaml
`;
const APP = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers: [{ name: web, image: nginx }]
`;
const base = { text: SCENARIO, name: 'scenario.yaml', files: { readFile: (p: string) => (p === 'app.yaml' ? APP : '') } };

function scenarios(texts: string[]) {
  const params = parseParams(texts);
  return combinations(params).map((c) => scenarioOf(base, params, c));
}

function web(s: ReturnType<typeof scenarios>[number]): Deployment {
  return s.manifests.get('app.yaml')?.objects[0] as Deployment;
}

describe('scenarioOf', () => {
  it('sets a scenario field as the file would give it', () => {
    const [a, b] = scenarios(['cluster.nodes=1,4']);
    expect(a?.cluster.nodes).toHaveLength(1);
    expect(b?.cluster.nodes).toHaveLength(4);
    expect(scenarios(['until=90s'])[0]?.until).toBe(90_000);
  });

  it('sets an object field, creating the maps on the way, and leaves the base untouched', () => {
    const [a, b] = scenarios(['deployment/web:spec.strategy.rollingUpdate.maxSurge=0,50%']);
    expect(web(a as never).spec.strategy?.rollingUpdate?.maxSurge).toBe(0);
    expect(web(b as never).spec.strategy?.rollingUpdate?.maxSurge).toBe('50%');
    expect(APP).not.toContain('strategy');
  });

  it('names the --param of a bad value, and both parameters when only the pair is bad', () => {
    expect(() => scenarios(['cluster.nodes=2,-1'])).toThrow(/^--param cluster.nodes=-1: scenario.yaml:6:\d+: cluster.nodes/);
    expect(() =>
      scenarios([
        'Deployment/web:spec.strategy.rollingUpdate.maxSurge=0',
        'Deployment/web:spec.strategy.rollingUpdate.maxUnavailable=0',
      ]),
    ).toThrow(
      '--param Deployment/web:spec.strategy.rollingUpdate.maxSurge=0 with --param Deployment/web:spec.strategy.rollingUpdate.maxUnavailable=0: The Deployment "web" is invalid: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0',
    );
    expect(() => scenarios(['Deployment/web:spec.replicas=lots'])).toThrow('--param Deployment/web:spec.replicas="lots"');
  });

  it('refuses a path that is not there', () => {
    expect(() => scenarios(['Deployment/api:spec.replicas=1'])).toThrow(
      '--param Deployment/api:spec.replicas: no Deployment named "api" in the scenario\'s manifests (they hold Deployment/web)',
    );
    expect(() => scenarios(['Deployment/web:spec.template.spec.containers[1].image=x'])).toThrow(
      'spec.template.spec.containers has no item [1]',
    );
    expect(() => scenarios(['Deployment/web:spec.replicas.max=1'])).toThrow('spec.replicas is not an object');
    expect(() => scenarios(['steps[5].at=1s'])).toThrow('--param steps[5].at: steps has no item [5]');
    expect(() => scenarios(['cluster.nodez=1'])).toThrow('--param cluster.nodez=1: scenario.yaml');
  });
});

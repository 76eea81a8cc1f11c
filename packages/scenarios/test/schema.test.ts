import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scenarioJsonSchema } from '../src/index.js';

describe('scenario.schema.json', () => {
  it('is the JSON Schema of the zod definition (regenerate with `pnpm --filter @kubesim/scenarios run schema`)', () => {
    const committed = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'scenario.schema.json'), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(scenarioJsonSchema())));
  });

  it('documents every top-level key and forbids unknown ones', () => {
    const schema = scenarioJsonSchema() as { properties: Record<string, unknown>; additionalProperties: boolean };
    expect(Object.keys(schema.properties)).toEqual([
      'name',
      'description',
      'seed',
      'startTime',
      'until',
      'maxEvents',
      'limits',
      'cluster',
      'images',
      'manifests',
      'steps',
      'invariants',
      'load',
      'externalMetrics',
      'metricsServer',
    ]);
    expect(schema.additionalProperties).toBe(false);
  });

  it('documents cluster.controlPlane: the profiles, and by name the processes and controllers kubesim runs', () => {
    interface Obj {
      properties: Record<string, Obj & { enum?: string[] }>;
      additionalProperties: boolean;
      $defs?: Record<string, Obj>;
    }
    const schema = scenarioJsonSchema() as Obj;
    const cp = schema.properties.cluster?.properties.controlPlane as Obj;
    expect(Object.keys(cp.properties)).toEqual(['profile', 'apiLatency', 'processes', 'controllers']);
    expect(cp.properties.profile?.enum).toEqual(['upstream', 'instant']);
    expect(Object.keys(cp.properties.processes?.properties ?? {})).toEqual([
      'external-provisioner',
      'kube-controller-manager',
      'kube-scheduler',
      'kubelet',
    ]);
    expect(Object.keys(cp.properties.controllers?.properties ?? {})).toContain('replicaset');
    expect(cp.properties.controllers?.additionalProperties).toBe(false);
    expect(Object.keys(schema.$defs?.ProcessTiming?.properties ?? {})).toEqual([
      'qps',
      'burst',
      'eventQps',
      'eventBurst',
      'informerLag',
    ]);
    expect(Object.keys(schema.$defs?.ControllerTiming?.properties ?? {})).toEqual(['workers', 'syncBase', 'syncPerObject']);
  });
});

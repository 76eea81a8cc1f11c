import { unknownFields } from '@kubesim/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scenarioDocumentArb, workloadArb } from '../src/verify/index.js';

/**
 * The verify arbitraries draw manifests a v1.34 API server takes under strict field validation
 * (kubectl's default): every field they write is one the kind's OpenAPI schema declares. A
 * drawn manifest is applied with `apply: true`, so one that was not would stop its scenario.
 */
describe('the verify arbitraries draw strictly valid manifests', () => {
  it('every workload kind, every field known to its schema', () => {
    const kinds = new Set<string>();
    for (const w of fc.sample(workloadArb('w'), { numRuns: 200, seed: 15 })) {
      const m = w.manifest as { apiVersion: string; kind: string };
      kinds.add(m.kind);
      expect(unknownFields(m.apiVersion, m.kind, m), m.kind).toEqual([]);
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

  it('whole scenario documents: their manifests are applied, strictly', () => {
    for (const doc of fc.sample(scenarioDocumentArb({ maxWorkloads: 3 }), { numRuns: 30, seed: 9 })) {
      for (const entry of doc.manifests ?? []) {
        expect('apply' in entry && entry.apply).toBe(true);
        const objects = 'inline' in entry && Array.isArray(entry.inline) ? entry.inline : [];
        for (const o of objects) expect(unknownFields(String(o.apiVersion), String(o.kind), o)).toEqual([]);
      }
    }
  });
});

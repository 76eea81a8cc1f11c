import type { ReplicaSet } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { generateDeployment, generateRS } from '../../test/fixtures/deployment.js';
import {
  appendRevisionHistory,
  DESIRED_REPLICAS_ANNOTATION,
  getNonNegativeInt32FromAnnotation,
  isSaturated,
  MAX_REPLICAS_ANNOTATION,
  REVISION_ANNOTATION,
  replicasAnnotationsNeedUpdate,
  setReplicasAnnotations,
} from './util.js';

/**
 * Ports of pkg/controller/deployment/util/deployment_util_test.go (kubernetes v1.34): the
 * annotations a deployment keeps on its sets (revision, revision-history, desired-replicas,
 * max-replicas).
 */

function annotated(annotations?: Record<string, string>): ReplicaSet {
  const rs = generateRS(generateDeployment('nginx'), 'nginx-rs');
  return annotations !== undefined ? { ...rs, metadata: { ...rs.metadata, annotations } } : rs;
}

describe('TestGetNonNegativeInt32FromAnnotation', () => {
  // Upstream also checks the error text ("invalid syntax", "out of range"); kubesim's parser
  // answers undefined for both, which is what getNonNegativeInt32FromAnnotationVerbose gives.
  const rows: [string, Record<string, string> | undefined, number, boolean][] = [
    ['invalid empty', undefined, 0, false],
    ['invalid', { test: 'invalid', foo: '2' }, 0, false],
    ['invalid negative ', { test: '-1', foo: '2' }, 0, false],
    ['valid zero', { test: '0', foo: '2' }, 0, true],
    ['valid', { test: '13', foo: '2' }, 13, true],
    ['valid max', { test: '2147483647', foo: '2' }, 2147483647, true],
    ['invalid max out of range', { test: '2147483648', foo: '2' }, 0, false],
    ['invalid max out of range 2', { test: '4294967296', foo: '2' }, 0, false],
  ];
  it.each(rows)('%s', (_name, annotations, expectedValue, expectedValid) => {
    const got = getNonNegativeInt32FromAnnotation(annotated(annotations), 'test');
    expect(got ?? 0).toBe(expectedValue);
    expect(got !== undefined).toBe(expectedValid);
  });
});

describe('TestAnnotationUtils', () => {
  const tDeployment = generateDeployment('nginx');
  tDeployment.metadata.annotations = { [REVISION_ANNOTATION]: '1' };
  let tRS = generateRS(tDeployment, 'nginx-rs');

  it('SetNewReplicaSetAnnotations', () => {
    // setNewReplicaSetAnnotations is private to sync.ts (with the 2000-character limit fixed);
    // this drives its revision-history rule, appendRevisionHistory, through upstream's steps:
    // revisions 11 to 20 with a 5-character limit.
    let revision: string | undefined;
    let history: string | undefined;
    for (let i = 10; i < 20; i++) {
      const nextRevision = String(i + 1);
      if (revision !== undefined) history = appendRevisionHistory(history, revision, 5);
      revision = nextRevision;
      if (i >= 12) expect(history).toBe(`${i - 1},${i}`);
    }
    expect(revision).toBe('20');
  });

  it('SetReplicasAnnotations', () => {
    const updated = setReplicasAnnotations(tRS, 10, 11);
    expect(updated).toBeDefined();
    tRS = updated as ReplicaSet;
    expect(tRS.metadata.annotations?.[DESIRED_REPLICAS_ANNOTATION]).toBe('10');
    expect(tRS.metadata.annotations?.[MAX_REPLICAS_ANNOTATION]).toBe('11');
  });

  it('IsSaturated', () => {
    const rs: ReplicaSet = {
      ...tRS,
      metadata: { ...tRS.metadata, annotations: { ...tRS.metadata.annotations, [DESIRED_REPLICAS_ANNOTATION]: '1' } },
      spec: { ...tRS.spec, replicas: 1 },
      status: { replicas: 1, availableReplicas: 1 },
    };
    expect(isSaturated(tDeployment, rs)).toBe(true);
  });
});

describe('TestReplicasAnnotationsNeedUpdate', () => {
  const set = (annotations?: Record<string, string>): ReplicaSet => ({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'hello', namespace: 'test', ...(annotations !== undefined ? { annotations } : {}) },
    spec: { selector: { matchLabels: { foo: 'bar' } }, template: { spec: { containers: [] } } },
  });
  const rows: [string, ReplicaSet, boolean][] = [
    ['test Annotations nil', set(), true],
    ['test desiredReplicas update', set({ [DESIRED_REPLICAS_ANNOTATION]: '8', [MAX_REPLICAS_ANNOTATION]: '20' }), true],
    ['test maxReplicas update', set({ [DESIRED_REPLICAS_ANNOTATION]: '10', [MAX_REPLICAS_ANNOTATION]: '16' }), true],
    ["test needn't update", set({ [DESIRED_REPLICAS_ANNOTATION]: '10', [MAX_REPLICAS_ANNOTATION]: '20' }), false],
  ];
  it.each(rows)('%s', (_name, replicaSet, expected) => {
    expect(replicasAnnotationsNeedUpdate(replicaSet, 10, 20)).toBe(expected);
  });
});

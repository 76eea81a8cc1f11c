import type { PodTemplateSpec, ReplicaSet } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { generateDeployment, generateRS } from '../../test/fixtures/deployment.js';
import {
  byCreationTimestamp,
  equalIgnoreHash,
  findNewReplicaSet,
  findOldReplicaSets,
  getActualReplicaCountForReplicaSets,
  getReplicaCountForReplicaSets,
  POD_TEMPLATE_HASH_LABEL,
} from './util.js';

/**
 * Ports of pkg/controller/deployment/util/deployment_util_test.go (kubernetes v1.34): the
 * tables about templates, finding the new and old sets and replica counts. The others are in
 * util.scaling.test.ts, util.annotations.test.ts and util.conditions.test.ts.
 */

function generatePodTemplateSpec(
  name: string,
  nodeName: string,
  annotations: Record<string, string>,
  labels: Record<string, string>,
): PodTemplateSpec {
  return { metadata: { name, annotations, labels }, spec: { nodeName, containers: [] } } as PodTemplateSpec;
}

const H = POD_TEMPLATE_HASH_LABEL;

describe('TestEqualIgnoreHash', () => {
  const t = generatePodTemplateSpec;
  const rows: [string, PodTemplateSpec, PodTemplateSpec, boolean][] = [
    [
      'Same spec, same labels',
      t('foo', 'foo-node', {}, { [H]: 'value-1', something: 'else' }),
      t('foo', 'foo-node', {}, { [H]: 'value-1', something: 'else' }),
      true,
    ],
    [
      'Same spec, only pod-template-hash label value is different',
      t('foo', 'foo-node', {}, { [H]: 'value-1', something: 'else' }),
      t('foo', 'foo-node', {}, { [H]: 'value-2', something: 'else' }),
      true,
    ],
    [
      "Same spec, the former doesn't have pod-template-hash label",
      t('foo', 'foo-node', {}, { something: 'else' }),
      t('foo', 'foo-node', {}, { [H]: 'value-2', something: 'else' }),
      true,
    ],
    [
      "Same spec, the label is different, the former doesn't have pod-template-hash label, same number of labels",
      t('foo', 'foo-node', {}, { something: 'else' }),
      t('foo', 'foo-node', {}, { [H]: 'value-2' }),
      false,
    ],
    [
      "Same spec, the label is different, the latter doesn't have pod-template-hash label, same number of labels",
      t('foo', 'foo-node', {}, { [H]: 'value-1' }),
      t('foo', 'foo-node', {}, { something: 'else' }),
      false,
    ],
    [
      'Same spec, the label is different, and the pod-template-hash label value is the same',
      t('foo', 'foo-node', {}, { [H]: 'value-1' }),
      t('foo', 'foo-node', {}, { [H]: 'value-1', something: 'else' }),
      false,
    ],
    [
      'Different spec, same labels',
      t('foo', 'foo-node', { former: 'value' }, { [H]: 'value-1', something: 'else' }),
      t('foo', 'foo-node', { latter: 'value' }, { [H]: 'value-1', something: 'else' }),
      false,
    ],
    [
      'Different spec, different pod-template-hash label value',
      t('foo-1', 'foo-node', {}, { [H]: 'value-1', something: 'else' }),
      t('foo-2', 'foo-node', {}, { [H]: 'value-2', something: 'else' }),
      false,
    ],
    [
      "Different spec, the former doesn't have pod-template-hash label",
      t('foo-1', 'foo-node-1', {}, { something: 'else' }),
      t('foo-2', 'foo-node-2', {}, { [H]: 'value-2', something: 'else' }),
      false,
    ],
    [
      'Different spec, different labels',
      t('foo', 'foo-node-1', {}, { something: 'else' }),
      t('foo', 'foo-node-2', {}, { nothing: 'else' }),
      false,
    ],
  ];
  it.each(rows)('%s', (_name, former, latter, expected) => {
    const before = [structuredClone(former), structuredClone(latter)];
    expect(equalIgnoreHash(former, latter)).toBe(expected);
    // (reverse order)
    expect(equalIgnoreHash(latter, former)).toBe(expected);
    // Upstream checks the labels survive the comparison: neither template is changed.
    expect([former, latter]).toEqual(before);
  });
});

describe('TestFindNewReplicaSet', () => {
  const now = 60_000;
  const later = now + 60_000;
  const deployment = generateDeployment('nginx');
  const newRS = generateRS(deployment, 'nginx-new', { hash: 'hash', created: later });
  const newRSDup = generateRS(deployment, 'nginx-dup', { hash: 'different-hash', created: now });
  const oldRS = generateRS(generateDeployment('nginx', 'nginx-old-1'), 'nginx-old');
  // gatedDeployment sets a container restartPolicy; the API server dropped it from droppedFieldsRS.
  const gated = generateDeployment('nginx');
  const gatedContainer = {
    ...gated.spec.template.spec.containers[0],
    restartPolicy: 'Never',
  } as (typeof gated.spec.template.spec.containers)[0];
  gated.spec.template = { ...gated.spec.template, spec: { ...gated.spec.template.spec, containers: [gatedContainer] } };
  const droppedFieldsRS = generateRS(deployment, 'nginx-dropped', { hash: 'computed-hash', created: now });
  const exactRS = generateRS(gated, 'nginx-exact', { hash: 'exact-hash', created: later });

  it.skip('Get new ReplicaSet with fields dropped by the API server', () => {
    // Newer upstream than v1.34 (EqualIgnoreHashAndDroppedFields): a set whose hash is the
    // deployment's computed hash counts as new although the API server dropped a gated field.
    // kubesim's API server drops no fields, so no set is ever created that way.
    expect(findNewReplicaSet(gated, [newRS, droppedFieldsRS])).toBe(droppedFieldsRS);
  });
  it('Prefer a ReplicaSet with the same template over one with dropped fields', () => {
    expect(findNewReplicaSet(gated, [droppedFieldsRS, exactRS])).toBe(exactRS);
  });
  it('Get new ReplicaSet with the same template as Deployment spec but different pod-template-hash value', () => {
    expect(findNewReplicaSet(deployment, [newRS, oldRS])).toBe(newRS);
  });
  it('Get the oldest new ReplicaSet when there are more than one ReplicaSet with the same template', () => {
    expect(findNewReplicaSet(deployment, [newRS, oldRS, newRSDup])).toBe(newRSDup);
  });
  it('Get nil new ReplicaSet', () => {
    expect(findNewReplicaSet(deployment, [oldRS])).toBeUndefined();
  });
});

describe('TestFindOldReplicaSets', () => {
  const now = 60_000;
  const deployment = generateDeployment('nginx');
  const newRS = generateRS(deployment, 'nginx-new', { hash: 'hash', created: now + 60_000, replicas: 1 });
  const newRSDup = generateRS(deployment, 'nginx-dup', { hash: 'different-hash', created: now });
  const oldRS = generateRS(generateDeployment('nginx', 'nginx-old-1'), 'nginx-old', { created: now - 60_000 });
  const rows: [string, ReplicaSet[], ReplicaSet[], ReplicaSet[]][] = [
    ['Get old ReplicaSets', [newRS, oldRS], [oldRS], []],
    ['Get old ReplicaSets with no new ReplicaSet', [oldRS], [oldRS], []],
    [
      'Get old ReplicaSets with two new ReplicaSets, only the oldest new ReplicaSet is seen as new ReplicaSet',
      [oldRS, newRS, newRSDup],
      [oldRS, newRS],
      [newRS],
    ],
    ['Get empty old ReplicaSets', [newRS], [], []],
  ];
  it.each(rows)('%s', (_name, rsList, expected, expectedRequire) => {
    // Upstream returns (required, all); kubesim returns [all, required].
    const [allRS, requireRS] = findOldReplicaSets(deployment, rsList);
    expect([...allRS].sort(byCreationTimestamp)).toEqual([...expected].sort(byCreationTimestamp));
    expect(requireRS).toEqual(expectedRequire);
  });
});

describe('TestGetReplicaCountForReplicaSets', () => {
  const rs = (name: string, spec: number, status: number): ReplicaSet => ({
    ...generateRS(generateDeployment(name), name, { replicas: spec }),
    status: { replicas: status },
  });
  const rs1 = rs('foo-rs', 1, 2);
  const rs2 = rs('bar-rs', 2, 3);
  const rs3 = rs('unsynced-rs', 3, 0);
  const rs4 = rs('dropped-rs', 1, 1);
  // expectedTerminating (GetTerminatingReplicaCountForReplicaSets) is left out: it counts
  // status.terminatingReplicas under the DeploymentReplicaSetTerminatingReplicas gate, off by
  // default in v1.34, and kubesim has no such count.
  const rows: [string, ReplicaSet[], number, number][] = [
    ['scaling down rs1', [rs1], 1, 2],
    ['scaling down rs1 and rs2', [rs1, rs2], 3, 5],
    ['scaling up rs3', [rs3], 3, 0],
    ['scaling down rs1 and rs2 and scaling up rs3', [rs1, rs2, rs3], 6, 5],
    ['invalid/unknown terminating status for rs4', [rs4], 1, 1],
    ['invalid/unknown terminating status for rs4 with rs1, rs2 and rs3', [rs1, rs2, rs3, rs4], 7, 6],
  ];
  it.each(rows)('%s', (_name, sets, expectedCount, expectedActual) => {
    expect(getReplicaCountForReplicaSets(sets)).toBe(expectedCount);
    expect(getActualReplicaCountForReplicaSets(sets)).toBe(expectedActual);
  });
});

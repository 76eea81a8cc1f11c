import type { Pod } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { preFilterNodeNames } from './nodeAffinityPreFilter.js';

/** NodeAffinity's PreFilter result (plugins/nodeaffinity node_affinity_test.go, the metadata.name rows). */
function pod(terms: object[] | undefined): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p' },
    spec: {
      containers: [],
      ...(terms
        ? { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } } }
        : {}),
    },
  };
}
const names = (...values: string[]) => ({ key: 'metadata.name', operator: 'In', values });

describe('NodeAffinity PreFilter', () => {
  it.each([
    ['no affinity: every node', undefined, undefined],
    ['one term naming a node (a daemon pod)', [{ matchFields: [names('node1')] }], ['node1']],
    ['ANDed requirements of a term intersect', [{ matchFields: [names('node1', 'node2'), names('node2', 'node3')] }], ['node2']],
    ['ORed terms unite', [{ matchFields: [names('node1')] }, { matchFields: [names('node3')] }], ['node1', 'node3']],
    [
      'a term without a name requirement lets every node through',
      [{ matchFields: [names('node1')] }, { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }],
      undefined,
    ],
    ['NotIn names nothing', [{ matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['node1'] }] }], undefined],
  ] as const)('%s', (_name, terms, want) => {
    expect(preFilterNodeNames(pod(terms as object[] | undefined))).toEqual(want);
  });
});

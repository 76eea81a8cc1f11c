import type { DaemonSet, Pod, PodSpec } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import {
  addOrUpdateDaemonPodTolerations,
  allowsSurge,
  createPodTemplate,
  DAEMONSET_TEMPLATE_GENERATION_KEY,
  DAEMONSET_UNIQUE_LABEL_KEY,
  getTargetNodeName,
  isPodUpdated,
  replaceDaemonSetPodNodeNameNodeAffinity,
  surgeCount,
  unavailableCount,
} from './daemonset_util.js';

/** Ports of pkg/controller/daemon/util/daemonset_util_test.go. */

function newPod(podName: string, nodeName: string, labels: Record<string, string> | undefined): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: podName, namespace: 'default', ...(labels !== undefined ? { labels } : {}) },
    spec: { nodeName, containers: [{ name: '', image: 'foo/bar' }] },
  };
}

describe('TestIsPodUpdated', () => {
  const templateGeneration = 12345;
  const badGeneration = 12350;
  const hash = '55555';
  const labels = { [DAEMONSET_TEMPLATE_GENERATION_KEY]: String(templateGeneration), [DAEMONSET_UNIQUE_LABEL_KEY]: hash };
  const labelsNoHash = { [DAEMONSET_TEMPLATE_GENERATION_KEY]: String(templateGeneration) };
  it.each([
    ['templateGeneration and hash both match', templateGeneration, newPod('pod1', 'node1', labels), hash, true],
    ["templateGeneration matches, hash doesn't", templateGeneration, newPod('pod1', 'node1', labels), `${hash}123`, true],
    [
      'templateGeneration matches, no hash label, has hash',
      templateGeneration,
      newPod('pod1', 'node1', labelsNoHash),
      hash,
      true,
    ],
    ['templateGeneration matches, no hash label, no hash', templateGeneration, newPod('pod1', 'node1', labelsNoHash), '', true],
    ['templateGeneration matches, has hash label, no hash', templateGeneration, newPod('pod1', 'node1', labels), '', true],
    ["templateGeneration doesn't match, hash does", badGeneration, newPod('pod1', 'node1', labels), hash, true],
    ["templateGeneration and hash don't match", badGeneration, newPod('pod1', 'node1', labels), `${hash}123`, false],
    ['empty labels, no hash', templateGeneration, newPod('pod1', 'node1', {}), '', false],
    ['empty labels', templateGeneration, newPod('pod1', 'node1', {}), hash, false],
    ['no labels', templateGeneration, newPod('pod1', 'node1', undefined), hash, false],
  ] as const)('%s', (_name, generation, pod, h, isUpdated) => {
    expect(isPodUpdated(pod, h, generation)).toBe(isUpdated);
  });
});

describe('TestCreatePodTemplate', () => {
  it.each([
    [1, '', false],
    [2, '3242341807', true],
  ] as const)('generation %d, hash %j', (generation, hash, expectUniqueLabel) => {
    const t = createPodTemplate({ spec: { containers: [] } }, generation, hash);
    expect(t.metadata?.labels?.[DAEMONSET_TEMPLATE_GENERATION_KEY]).toBe(String(generation));
    expect(t.metadata?.labels?.[DAEMONSET_UNIQUE_LABEL_KEY]).toBe(expectUniqueLabel ? hash : undefined);
  });
});

const nameIn = (values: string[], operator = 'In') => ({ key: 'metadata.name', operator, values });
const required = (...terms: object[]) => ({
  nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } },
});
const hostname = (value: string, key = 'kubernetes.io/hostname') => ({ key, operator: 'In', values: [value] });

describe('TestReplaceDaemonSetPodNodeNameNodeAffinity', () => {
  const expected = required({ matchFields: [nameIn(['host_1'])] });
  const preferred = [{ preference: { matchExpressions: [hostname('host_1')] } }];
  it.each([
    ['no affinity', undefined, expected],
    ['a hostname expression is replaced', required({ matchExpressions: [hostname('host_1')] }), expected],
    [
      'preferred terms are kept',
      { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: preferred } },
      {
        nodeAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: preferred,
          requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [nameIn(['host_1'])] }] },
        },
      },
    ],
    ['two names become one', required({ matchFields: [nameIn(['host_1', 'host_2'])] }), expected],
    ['no affinity, again', undefined, expected],
    [
      'every term is replaced',
      required({ matchExpressions: [hostname('host_1', 'hostname')] }, { matchFields: [nameIn(['host_2'])] }),
      expected,
    ],
    ['NotIn becomes In', required({ matchFields: [nameIn(['host_2'], 'NotIn')] }), expected],
    ['an unknown field key', required({ matchFields: [{ key: 'metadata.foo', operator: 'In', values: ['bar'] }] }), expected],
  ])('%s', (_name, affinity, want) => {
    expect(replaceDaemonSetPodNodeNameNodeAffinity(affinity, 'host_1')).toEqual(want);
  });
});

describe('TestGetTargetNodeName', () => {
  const pod = (name: string, spec: Partial<PodSpec>): Pod => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { containers: [], ...spec },
  });
  it.each([
    ['pod1', pod('pod1', { nodeName: 'node-1' }), 'node-1'],
    ['pod2', pod('pod2', { affinity: required({ matchFields: [nameIn(['node-1'])] }) }), 'node-1'],
    ['pod3', pod('pod3', { affinity: required({ matchFields: [nameIn(['node-1', 'node-2'])] }) }), undefined],
    ['pod4', pod('pod4', {}), undefined],
  ] as const)('%s', (_name, p, nodeName) => {
    const got = getTargetNodeName(p);
    if (nodeName === undefined) expect(got).toBeInstanceOf(Error);
    else expect(got).toBe(nodeName);
  });
});

describe('AddOrUpdateDaemonPodTolerations', () => {
  it('adds the daemon tolerations after the template own, none with tolerationSeconds', () => {
    const spec: PodSpec = { containers: [], tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists' }] };
    expect(addOrUpdateDaemonPodTolerations(spec).tolerations).toEqual([
      { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists' },
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
    ]);
  });
  it('replaces a matching toleration in place (its tolerationSeconds go)', () => {
    const spec: PodSpec = {
      containers: [],
      tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 }],
    };
    const out = addOrUpdateDaemonPodTolerations(spec).tolerations ?? [];
    expect(out[0]).toEqual({ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' });
    expect(out).toHaveLength(6);
  });
  it('tolerates network-unavailable on the host network only', () => {
    const keys = (spec: PodSpec) => (addOrUpdateDaemonPodTolerations(spec).tolerations ?? []).map((t) => t.key);
    expect(keys({ containers: [], hostNetwork: true })).toContain('node.kubernetes.io/network-unavailable');
    expect(keys({ containers: [] })).not.toContain('node.kubernetes.io/network-unavailable');
  });
});

describe('SurgeCount and UnavailableCount', () => {
  const ds = (rollingUpdate: object | undefined, type: 'RollingUpdate' | 'OnDelete' = 'RollingUpdate'): DaemonSet =>
    ({
      spec: { updateStrategy: { type, ...(rollingUpdate ? { rollingUpdate } : {}) } },
    }) as DaemonSet;
  it('rounds percentages up', () => {
    expect(unavailableCount(ds({ maxUnavailable: '50%' }), 3)).toBe(2);
    expect(surgeCount(ds({ maxUnavailable: 0, maxSurge: '10%' }), 11)).toBe(2);
  });
  it('is 0 for OnDelete, and surge is 0 when not asked for', () => {
    expect(unavailableCount(ds({ maxUnavailable: 5 }, 'OnDelete'), 10)).toBe(0);
    expect(surgeCount(ds({ maxUnavailable: 1 }), 10)).toBe(0);
    expect(allowsSurge(ds({ maxUnavailable: 1 }))).toBe(false);
    expect(allowsSurge(ds({ maxUnavailable: 0, maxSurge: '1%' }))).toBe(true);
  });
});
